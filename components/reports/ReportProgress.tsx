import { Card } from '@/components/ui';
import { phaseLabel, plural } from './format';
import type { ReportJson } from './types';

/** Rough share of the whole scan done when each phase starts; pages fill the stretch between. */
const PHASE_START: Record<string, number> = { robots: 5, sitemap: 10, pages: 15, probes: 85, checks: 92, done: 100 };

export function progressPercent(report: Pick<ReportJson, 'status' | 'progress'>): number | null {
  const p = report.progress;
  if (report.status === 'queued' || !p) return null;
  if (p.phase === 'pages') return Math.round(15 + (p.total > 0 ? (70 * Math.min(p.fetched, p.total)) / p.total : 0));
  return PHASE_START[p.phase] ?? null;
}

/** The live part of a report while it is queued or running; ReportWatcher polls and re-renders it. */
export function ReportProgress({ report, websiteUrl }: { report: Pick<ReportJson, 'status' | 'progress'>; websiteUrl: string }) {
  const percent = progressPercent(report);
  const p = report.progress;
  const phase = report.status === 'queued' ? 'Waiting for a scanner to pick this up' : phaseLabel(p?.phase);
  const pages = p && p.total > 0 ? `${p.fetched} of ${plural(p.total, 'page')} fetched` : 'No pages fetched yet';
  return (
    <Card title={report.status === 'queued' ? 'Scan queued' : 'Scan in progress'} description={`Reading ${websiteUrl} the way AI crawlers do.`}>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium text-slate-600">Step</dt>
        <dd className="font-semibold text-slate-900" data-testid="scan-phase">
          {phase}
        </dd>
        <dt className="font-medium text-slate-600">Pages</dt>
        <dd className="text-slate-900">{pages}</dd>
      </dl>
      <div
        role="progressbar"
        aria-label="Scan progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent === null ? phase : `${percent}%: ${phase}. ${pages}.`}
        className="mt-4 h-3 w-full overflow-hidden rounded-full border border-slate-500 bg-slate-100"
      >
        {percent === null ? (
          <div className="h-full w-full rounded-full bg-blue-300 motion-safe:animate-pulse" />
        ) : (
          <div className="h-full rounded-full bg-blue-700 transition-[width] duration-500" style={{ width: `${percent}%` }} />
        )}
      </div>
      <p className="mt-3 text-sm text-slate-700">This page updates by itself. You can leave it and come back: the scan keeps running.</p>
    </Card>
  );
}
