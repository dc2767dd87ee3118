import { AppLink } from '@/components/shell/AppLink';
import { Card, LinkButton, cn } from '@/components/ui';
import type { ScanResult } from '@/src/scans/types';
import { BandBadge, Score } from './BandBadge';
import { RevenueAtRisk } from './RevenueAtRisk';
import { ScanButton } from './ScanButton';
import { Sparkline } from './Sparkline';
import { Time } from './Time';
import { bandOf, phaseLabel, plural } from './format';
import type { ReportJson, ReportListItem } from './types';

type Props = {
  dealershipId: string;
  dealershipName: string;
  latest: (ReportJson & { result: ScanResult | null }) | null;
  inProgress: ReportListItem | null;
  trend: { reportId: string; overallScore: number; finishedAt: string }[];
  canGenerate: boolean;
  canEdit: boolean;
  /** Right after onboarding: make the first scan the obvious next step. */
  highlight?: boolean;
};

/** The dealership page's summary of its newest finished report, the scan in progress, or how to run the first one. */
export function LatestScan({ dealershipId, dealershipName, latest, inProgress, trend, canGenerate, canEdit, highlight }: Props) {
  const result = latest?.result ?? null;
  const progress = inProgress?.progress;
  return (
    <Card title="Latest scan" className={cn(highlight && !latest && !inProgress && 'border-2 border-blue-700')}>
      {inProgress ? (
        <p className="mb-4 rounded-md border border-blue-300 bg-blue-50 px-3 py-2 text-sm text-blue-900">
          {inProgress.status === 'queued' ? 'A scan is queued.' : `A scan is running: ${phaseLabel(progress?.phase)}${progress && progress.total > 0 ? ` (${progress.fetched} of ${plural(progress.total, 'page')})` : ''}.`}{' '}
          <AppLink href={`/reports/${inProgress.id}`} className="font-medium underline">
            Follow progress
          </AppLink>
        </p>
      ) : null}

      {latest && result ? (
        <div className="grid gap-6 md:grid-cols-3">
          <div className="space-y-3">
            <div>
              <p className="text-sm font-medium text-slate-600">AI Visibility Score</p>
              <Score score={result.overallScore} band={bandOf(result.overallScore)} size="lg" label="AI Visibility Score" />
            </div>
            <p className="text-sm text-slate-700">
              Scanned <Time iso={latest.finishedAt ?? result.finishedAt} />
            </p>
            <Sparkline points={trend} label={`Score trend for ${dealershipName}`} />
          </div>
          <div>
            <h3 className="text-sm font-semibold text-slate-900">Pillars</h3>
            <dl className="mt-1 text-sm">
              {result.pillars.map((p) => (
                <div key={p.id} className="flex items-center justify-between gap-2 border-b border-slate-200 py-1.5">
                  <dt className="text-slate-700">{p.label}</dt>
                  <dd className="flex items-center gap-1.5 font-semibold whitespace-nowrap text-slate-900 tabular-nums">
                    {p.score === null ? <span className="font-medium text-slate-700">not measured</span> : p.score}
                    <BandBadge band={bandOf(p.score)} compact />
                  </dd>
                </div>
              ))}
            </dl>
          </div>
          <div className="space-y-4">
            <div>
              <h3 className="text-sm font-semibold text-slate-900">Revenue at risk</h3>
              <RevenueAtRisk value={result.revenueAtRisk} editHref={canEdit ? '#edit' : undefined} />
            </div>
            <p>
              <LinkButton href={`/reports/${latest.id}`} variant="secondary">
                Open the full report
              </LinkButton>
            </p>
          </div>
        </div>
      ) : inProgress ? null : (
        <div className="text-center sm:py-4">
          <h3 className="text-lg font-semibold text-slate-900">Not scanned yet</h3>
          <p className="mx-auto mt-1 max-w-prose text-sm text-slate-700">
            {canGenerate
              ? 'A scan reads this website the way AI crawlers do, scores what they can find and lists what to fix. It takes about a minute.'
              : 'Ask a manager, admin or owner to run the first scan.'}
          </p>
          {canGenerate ? <ScanButton dealershipId={dealershipId} label="Run your first scan" align="center" className="mt-4" /> : null}
        </div>
      )}
    </Card>
  );
}
