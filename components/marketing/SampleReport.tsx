import { Score } from '@/components/reports/BandBadge';
import { CheckStatusBadge } from '@/components/reports/StatusBadge';
import { EFFORT_LABELS, PRIORITY_LABELS, bandOf, formatMoney, formatPoints } from '@/components/reports/format';
import type { CheckStatus, Effort, PillarId, Priority } from '@/src/scans/types';
import sample from './sample-report.json';

/**
 * The landing page's sample report. Every number and status comes from sample-report.json, the
 * result of running the real scanner over the bundled demo site (see sample-report.generate.ts);
 * nothing here is typed in by hand.
 */
type Sample = {
  dealership: string;
  scoringVersion: number;
  scannedOn: string;
  pagesRead: number;
  overallScore: number;
  pillars: { id: PillarId; label: string; score: number | null; weight: number }[];
  checks: { id: string; pillar: PillarId; title: string; status: CheckStatus }[];
  recommendations: { checkId: string; title: string; priority: Priority; effort: Effort; points: number }[];
  revenueAtRisk: { low: number; high: number } | { missingInputs: true };
  demoFigures: { monthlyUsedUnitSales: number; avgFrontEndGross: number };
};

const data = sample as Sample;

const count = (pillar: PillarId, status: CheckStatus) => data.checks.filter((c) => c.pillar === pillar && c.status === status).length;

function summaryOf(pillar: PillarId): string {
  const warn = count(pillar, 'warn');
  const na = count(pillar, 'not_applicable');
  return [
    `${count(pillar, 'pass')} passed`,
    `${warn} ${warn === 1 ? 'warning' : 'warnings'}`,
    `${count(pillar, 'fail')} failed`,
    ...(na > 0 ? [`${na} not applicable`] : []),
  ].join(', ');
}

export function SampleReport({ headingId }: { headingId: string }) {
  const labels = new Map(data.pillars.map((p) => [p.id, p.label]));
  const risk = 'low' in data.revenueAtRisk ? data.revenueAtRisk : null;
  return (
    <div className="rounded-xl border border-slate-300 bg-slate-50 p-4 sm:p-6">
      <p className="inline-flex rounded-full border border-amber-600 bg-amber-50 px-3 py-1 text-sm font-semibold text-amber-950">
        Sample report of our bundled demo store (Riverside Toyota, a fictional dealership)
      </p>
      <p className="mt-3 max-w-3xl text-sm text-slate-700">
        Produced by running the DealershipAI scanner over the demo website that ships with the product ({data.pagesRead} pages read, scoring
        version {data.scoringVersion}, {data.scannedOn}). The demo site was served over plain HTTP on a local machine, which is why its HTTPS
        check fails.
      </p>

      <div className="mt-6 grid items-start gap-6 lg:grid-cols-5">
        <section aria-labelledby={`${headingId}-score`} className="rounded-lg border border-slate-300 bg-white p-4 sm:p-5 lg:col-span-2">
          <h3 id={`${headingId}-score`} className="text-lg font-semibold text-slate-900">
            AI Visibility Score
          </h3>
          <div className="mt-2">
            <Score score={data.overallScore} band={bandOf(data.overallScore)} size="lg" label={`${data.dealership} AI Visibility Score`} />
          </div>
          <h4 className="mt-5 text-sm font-semibold text-slate-900">Pillar scores</h4>
          <ul className="mt-1 divide-y divide-slate-200 text-sm">
            {data.pillars.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2">
                <span className="text-slate-900">{p.label}</span>
                {p.score === null ? (
                  <span className="font-medium text-slate-700">not measured</span>
                ) : (
                  <span className="font-semibold text-slate-900 tabular-nums">
                    {p.score}
                    <span className="font-normal text-slate-700"> / 100</span>
                  </span>
                )}
              </li>
            ))}
          </ul>
          <p className="mt-2 text-sm text-slate-700">Answer-engine probes were off for this scan, so that pillar is left out of the score.</p>
        </section>

        <section aria-labelledby={`${headingId}-fixes`} className="rounded-lg border border-slate-300 bg-white p-4 sm:p-5 lg:col-span-3">
          <h3 id={`${headingId}-fixes`} className="text-lg font-semibold text-slate-900">
            What to fix first
          </h3>
          <p className="mt-1 text-sm text-slate-700">The top of the fix list, with the points each fix would add to the score.</p>
          <ol className="mt-4 space-y-3">
            {data.recommendations.map((r, i) => (
              <li key={r.checkId} className="rounded-md border border-slate-300 p-3">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <p className="font-semibold text-slate-900">
                    <span className="text-slate-700">{i + 1}. </span>
                    {r.title}
                  </p>
                  <span className="rounded bg-blue-50 px-2 py-0.5 text-sm font-bold whitespace-nowrap text-blue-900">{formatPoints(r.points)}</span>
                </div>
                <p className="mt-1 text-sm text-slate-700">
                  {PRIORITY_LABELS[r.priority]} · {EFFORT_LABELS[r.effort]} · {labels.get(data.checks.find((c) => c.id === r.checkId)?.pillar ?? 'access')}
                </p>
              </li>
            ))}
          </ol>
          {risk ? (
            <p className="mt-4 text-sm text-slate-800">
              <span className="font-semibold">Revenue at risk:</span> {formatMoney(risk.low)}–{formatMoney(risk.high)} a year, worked out from the demo
              profile&rsquo;s made-up figures ({data.demoFigures.monthlyUsedUnitSales} used vehicles a month at {formatMoney(data.demoFigures.avgFrontEndGross)}{' '}
              average front-end gross) and stated assumptions. Your report uses your own figures, or shows no amount without them.
            </p>
          ) : null}
        </section>
      </div>

      <section aria-labelledby={`${headingId}-checks`} className="mt-6">
        <h3 id={`${headingId}-checks`} className="text-lg font-semibold text-slate-900">
          Every check, by pillar
        </h3>
        <p className="mt-1 text-sm text-slate-700">Each check in a real report also shows its evidence (the page and the exact text or tag found) and how to fix it.</p>
        <div className="mt-3 space-y-2">
          {data.pillars
            .filter((p) => data.checks.some((c) => c.pillar === p.id))
            .map((p) => (
              <details key={p.id} className="group rounded-md border border-slate-300 bg-white">
                <summary className="flex min-h-11 cursor-pointer list-none flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-2 font-medium text-slate-900 [&::-webkit-details-marker]:hidden">
                  <span className="inline-flex items-center gap-2">
                    <svg
                      viewBox="0 0 12 12"
                      width="12"
                      height="12"
                      aria-hidden="true"
                      focusable="false"
                      className="shrink-0 fill-slate-700 transition-transform group-open:rotate-90 motion-reduce:transition-none"
                    >
                      <path d="M4 1.5 9 6l-5 4.5z" />
                    </svg>
                    {p.label}
                  </span>
                  <span className="text-sm font-normal text-slate-700">
                    {summaryOf(p.id)}
                  </span>
                </summary>
                <ul className="divide-y divide-slate-200 border-t border-slate-200 px-4">
                  {data.checks
                    .filter((c) => c.pillar === p.id)
                    .map((c) => (
                      <li key={c.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2 text-sm">
                        <span className="text-slate-900">{c.title}</span>
                        <CheckStatusBadge status={c.status} />
                      </li>
                    ))}
                </ul>
              </details>
            ))}
        </div>
      </section>
    </div>
  );
}
