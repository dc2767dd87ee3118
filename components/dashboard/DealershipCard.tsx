import { AppLink } from '@/components/shell/AppLink';
import { LinkButton } from '@/components/ui';
import { BandBadge, Score } from '@/components/reports/BandBadge';
import { RevenueAtRisk, type RevenueValue } from '@/components/reports/RevenueAtRisk';
import { ScanButton } from '@/components/reports/ScanButton';
import { Sparkline } from '@/components/reports/Sparkline';
import { Time } from '@/components/reports/Time';
import { phaseLabel, plural } from '@/components/reports/format';
import type { DealershipOverview } from './types';

type Progress = { fetched: number; total: number; phase: string } | null;

export function progressText(status: string, progress: unknown): string {
  if (status === 'queued') return 'Scan queued';
  const p = progress as Progress;
  const pages = p && p.total > 0 ? ` (${p.fetched} of ${plural(p.total, 'page')})` : '';
  return `Scan running: ${phaseLabel(p?.phase)}${pages}`;
}

/** One store on the dashboard: latest scores, trend, money at risk, and what is happening now. */
export function DealershipCard({ d, canGenerate, canEdit }: { d: DealershipOverview; canGenerate: boolean; canEdit: boolean }) {
  const headingId = `store-${d.id}`;
  return (
    <article aria-labelledby={headingId} className="rounded-lg border border-slate-300 bg-white p-4 shadow-sm sm:p-6">
      <h3 id={headingId} className="text-lg font-semibold break-words">
        <AppLink href={`/dealerships/${d.id}`} className="text-blue-700 underline hover:text-blue-900">
          {d.name}
        </AppLink>
      </h3>
      <p className="text-sm break-all text-slate-700">{d.websiteUrl}</p>

      {d.inProgress ? (
        <p className="mt-3 rounded-md border border-blue-300 bg-blue-50 px-3 py-2 text-sm text-blue-900">
          {progressText(d.inProgress.status, d.inProgress.progress)}.{' '}
          <AppLink href={`/reports/${d.inProgress.reportId}`} className="font-medium underline">
            Follow progress<span className="sr-only"> for {d.name}</span>
          </AppLink>
        </p>
      ) : null}

      {d.latest ? (
        <div className="mt-4 space-y-4">
          <div className="flex flex-wrap items-end justify-between gap-4">
            <div>
              <p className="text-sm font-medium text-slate-600">AI Visibility Score</p>
              <Score score={d.latest.overallScore} band={d.latest.band} label={`AI Visibility Score of ${d.name}`} />
            </div>
            <Sparkline points={d.trend} label={`Score trend for ${d.name}`} />
          </div>
          <p className="text-sm text-slate-700">
            Last scan <Time iso={d.latest.finishedAt} />
          </p>
          <div>
            <h4 className="text-sm font-semibold text-slate-900">Pillars</h4>
            <dl className="mt-1 grid grid-cols-1 gap-x-4 text-sm min-[420px]:grid-cols-2">
              {d.latest.pillars.map((p) => (
                <div key={p.id} className="flex items-center justify-between gap-2 border-b border-slate-200 py-1.5">
                  <dt className="text-slate-700">{p.label}</dt>
                  <dd className="flex items-center gap-1.5 font-semibold whitespace-nowrap text-slate-900 tabular-nums">
                    {p.score === null ? <span className="font-medium text-slate-700">not measured</span> : p.score}
                    <BandBadge band={p.band} compact />
                  </dd>
                </div>
              ))}
            </dl>
          </div>
          <div>
            <h4 className="text-sm font-semibold text-slate-900">Revenue at risk</h4>
            <RevenueAtRisk value={d.latest.revenueAtRisk as RevenueValue} editHref={canEdit ? `/dealerships/${d.id}#edit` : undefined} />
          </div>
        </div>
      ) : (
        <p className="mt-4 text-sm text-slate-700">{d.inProgress ? 'The first scan is under way.' : 'No finished scan yet.'}</p>
      )}

      <div className="flex flex-wrap items-start gap-3 pt-5">
        {d.latest ? (
          <LinkButton href={`/reports/${d.latest.reportId}`} variant="secondary">
            Latest report<span className="sr-only"> for {d.name}</span>
          </LinkButton>
        ) : null}
        {canGenerate && !d.inProgress ? (
          <ScanButton dealershipId={d.id} dealershipName={d.name} label={d.latest ? 'Scan now' : 'Run first scan'} variant={d.latest ? 'secondary' : 'primary'} />
        ) : null}
      </div>
    </article>
  );
}
