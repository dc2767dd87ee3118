import { AppLink } from '@/components/shell/AppLink';
import { Card } from '@/components/ui';
import { EFFORT_LABELS, PRIORITY_LABELS, formatPoints } from '@/components/reports/format';
import type { Overview } from './types';

/** The five fixes worth the most points across every store's latest report. */
export function TopRecommendations({ items }: { items: Overview['topRecommendations'] }) {
  return (
    <Card title="Top fixes across your stores" description="From each store’s latest report, ordered by the points a fix would add to that store’s score.">
      {items.length === 0 ? (
        <p className="text-sm text-slate-700">Nothing to fix in the latest reports.</p>
      ) : (
        <ol className="divide-y divide-slate-200">
          {items.map((r, i) => (
            <li key={`${r.reportId}-${r.checkId}`} className="flex flex-col gap-2 py-4 sm:flex-row sm:items-start sm:justify-between">
              <div className="min-w-0">
                <h3 className="font-semibold text-slate-900">
                  <span className="text-slate-600">{i + 1}. </span>
                  {r.title}
                </h3>
                <p className="mt-1 text-sm text-slate-700">
                  <AppLink href={`/reports/${r.reportId}`} className="font-medium text-blue-700 underline hover:text-blue-900">
                    {r.dealershipName}
                    <span className="sr-only"> report</span>
                  </AppLink>{' '}
                  · {PRIORITY_LABELS[r.priority as keyof typeof PRIORITY_LABELS] ?? r.priority} · {EFFORT_LABELS[r.effort as keyof typeof EFFORT_LABELS] ?? r.effort}
                </p>
                <p className="mt-1 text-sm text-slate-700">{r.detail}</p>
              </div>
              <span className="self-start rounded bg-blue-50 px-2 py-0.5 text-sm font-bold whitespace-nowrap text-blue-900">{formatPoints(r.points)}</span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
