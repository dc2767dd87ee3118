import { cn } from '@/components/ui';
import { METRICS, METRIC_LABELS, RATING_LABELS, THRESHOLDS, formatMetric, type MetricName, type Rating } from '@/src/vitals/thresholds';
import type { Cell, WindowSummary } from '@/src/vitals/summary';

const RATING_CLASSES: Record<Rating, string> = {
  good: 'border-green-800 bg-green-50 text-green-900',
  'needs-improvement': 'border-amber-800 bg-amber-50 text-amber-900',
  poor: 'border-red-800 bg-red-50 text-red-900',
};

export function RatingBadge({ rating }: { rating: Rating }) {
  return (
    <span className={cn('inline-block rounded border px-1.5 py-0.5 text-xs font-semibold whitespace-nowrap', RATING_CLASSES[rating])}>
      {RATING_LABELS[rating]}
    </span>
  );
}

function MetricCell({ metric, cell }: { metric: MetricName; cell: Cell | undefined }) {
  if (!cell) {
    return (
      <td className="px-3 py-2 align-top text-slate-700">
        <span aria-hidden="true">—</span>
        <span className="sr-only">no samples</span>
      </td>
    );
  }
  return (
    <td className="px-3 py-2 align-top">
      <span className="block font-semibold text-slate-900 tabular-nums">{formatMetric(metric, cell.p75)}</span>
      <span className="mt-1 block">
        <RatingBadge rating={cell.rating} />
      </span>
      <span className="mt-1 block text-xs text-slate-700 tabular-nums">n = {cell.count.toLocaleString('en-US')}</span>
    </td>
  );
}

/** The thresholds the ratings use, as a definition list. */
export function ThresholdLegend() {
  return (
    <section aria-labelledby="thresholds-heading" className="rounded-lg border border-slate-300 bg-white p-4 sm:p-6">
      <h2 id="thresholds-heading" className="text-lg font-semibold text-slate-900">
        Thresholds
      </h2>
      <p className="mt-1 text-sm text-slate-700">A route is rated on its 75th percentile: good at or below the first figure, poor above the second.</p>
      <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-5">
        {METRICS.map((m) => (
          <div key={m}>
            <dt className="font-semibold text-slate-900">
              {m} <span className="font-normal text-slate-700">({METRIC_LABELS[m]})</span>
            </dt>
            <dd className="text-slate-800">
              good ≤ {formatMetric(m, THRESHOLDS[m].good)}, poor &gt; {formatMetric(m, THRESHOLDS[m].poor)}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** One table per window: a row per route, p75 + rating + count per metric. */
export function VitalsWindowTable({ summary }: { summary: WindowSummary }) {
  const id = `vitals-${summary.days}d`;
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-slate-300 bg-white p-4 sm:p-6">
      <h2 id={`${id}-heading`} className="text-lg font-semibold text-slate-900">
        Last {summary.days} days
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        {summary.samples === 0
          ? 'No measurements in this period.'
          : `${summary.samples.toLocaleString('en-US')} measurements from ${summary.routes.length.toLocaleString('en-US')} ${summary.routes.length === 1 ? 'route' : 'routes'}.`}
      </p>
      {summary.routes.length > 0 ? (
        <div className="mt-4 overflow-x-auto" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
          <table className="w-full border-collapse text-left text-sm">
            <caption id={`${id}-caption`} className="sr-only">
              75th percentile per route, last {summary.days} days
            </caption>
            <thead>
              <tr className="border-b border-slate-400">
                <th scope="col" className="px-3 py-2">
                  Route
                </th>
                {METRICS.map((m) => (
                  <th key={m} scope="col" className="px-3 py-2">
                    <abbr title={METRIC_LABELS[m]} className="no-underline">
                      {m}
                    </abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {summary.routes.map((row) => (
                <tr key={row.route} className="border-b border-slate-200">
                  <th scope="row" className="px-3 py-2 align-top font-mono text-xs font-medium break-all text-slate-900">
                    {row.route}
                  </th>
                  {METRICS.map((m) => (
                    <MetricCell key={m} metric={m} cell={row.metrics[m]} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
