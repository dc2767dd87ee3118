'use client';

import { AppLink } from '@/components/shell/AppLink';
import { useId, useMemo, useState } from 'react';
import { cn } from '@/components/ui';
import { BAND_LABELS, bandOf, type Band } from '@/components/reports/format';
import type { Overview } from '@/components/dashboard/types';
import { comparisonColumns, sortStores, trendChange, type Column, type Direction } from './comparison';

/**
 * The `newDashboard` flag's multi-store comparison: one row per store, one column per pillar,
 * the overall score and its trend, every column sortable. Takes dashboardOverview()'s shape.
 * Sorting: a button in each header (aria-sort on the header), unscanned stores always last, and
 * a polite announcement of the new order.
 */

type Store = Overview['dealerships'][number];

const SHAPES: Record<Band, React.ReactNode> = {
  green: <circle cx="6" cy="6" r="5" />,
  yellow: <path d="M6 1 11 11H1Z" />,
  red: <rect x="1.5" y="1.5" width="9" height="9" />,
};
const FILLS: Record<Band, string> = { green: 'fill-green-700', yellow: 'fill-amber-600', red: 'fill-red-700' };

function ScoreCell({ score }: { score: number | null }) {
  if (score === null) return <span className="text-slate-700">not measured</span>;
  const band = bandOf(score)!;
  return (
    <span className="inline-flex items-center gap-1.5 font-semibold text-slate-900 tabular-nums">
      <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false" className={FILLS[band]}>
        {SHAPES[band]}
      </svg>
      {score}
      <span className="sr-only"> ({BAND_LABELS[band]})</span>
    </span>
  );
}

const W = 96;
const H = 28;

function Trend({ store }: { store: Store }) {
  const points = store.trend;
  if (points.length === 0) return <span className="text-slate-700">no scans</span>;
  const change = trendChange(store);
  const x = (i: number) => (points.length === 1 ? W / 2 : 2 + (i * (W - 4)) / (points.length - 1));
  const y = (v: number) => 2 + ((100 - Math.max(0, Math.min(100, v))) * (H - 4)) / 100;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.overallScore).toFixed(1)}`).join(' ');
  return (
    <span className="inline-flex items-center gap-2">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} aria-hidden="true" focusable="false" className="shrink-0">
        <rect x="0" y="0" width={W} height={H} rx="3" className="fill-slate-50" />
        {points.length > 1 ? <path d={path} fill="none" className="stroke-blue-700" strokeWidth="2" strokeLinejoin="round" /> : null}
        <circle cx={x(points.length - 1)} cy={y(points[points.length - 1]!.overallScore)} r="2.5" className="fill-blue-700" />
      </svg>
      <span className="text-xs whitespace-nowrap text-slate-700 tabular-nums">
        {change === null ? (
          'first scan'
        ) : change === 0 ? (
          'no change'
        ) : (
          <>
            <span aria-hidden="true">{change > 0 ? '▲ +' : '▼ −'}</span>
            <span className="sr-only">{change > 0 ? 'up ' : 'down '}</span>
            {Math.abs(change)}
          </>
        )}
        <span className="sr-only">
          {' '}
          over {points.length} {points.length === 1 ? 'scan' : 'scans'}: {points.map((p) => p.overallScore).join(', ')}
        </span>
      </span>
    </span>
  );
}

function SortIcon({ direction }: { direction: Direction | null }) {
  return (
    <svg viewBox="0 0 10 14" width="10" height="14" aria-hidden="true" focusable="false" className="shrink-0">
      <path d="M5 1 9 5H1Z" className={direction === 'ascending' ? 'fill-slate-900' : 'fill-slate-400'} />
      <path d="M5 13 1 9h8Z" className={direction === 'descending' ? 'fill-slate-900' : 'fill-slate-400'} />
    </svg>
  );
}

export function StoreComparison({ overview, title = 'Compare stores' }: { overview: Pick<Overview, 'dealerships'>; title?: string }) {
  const stores = overview.dealerships;
  const columns = useMemo(() => comparisonColumns(stores), [stores]);
  const [sort, setSort] = useState<{ column: string; direction: Direction }>({ column: 'overall', direction: 'ascending' });
  const active = columns.find((c) => c.id === sort.column) ?? columns[0]!;
  const rows = useMemo(() => sortStores(stores, active, sort.direction), [stores, active, sort.direction]);
  const headingId = useId();

  const toggle = (column: Column) =>
    setSort((s) =>
      s.column === column.id
        ? { column: column.id, direction: s.direction === 'ascending' ? 'descending' : 'ascending' }
        : // Scores start weakest first (what to fix); names start A–Z.
          { column: column.id, direction: 'ascending' },
    );

  if (stores.length === 0) return null;

  return (
    <section aria-labelledby={headingId} className="mb-8">
      <h2 id={headingId} className="mb-1 text-xl font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mb-3 text-sm text-slate-700">
        Every store side by side, by pillar. Choose a column heading to sort; stores without a scan stay at the bottom.
      </p>
      <p role="status" className="sr-only">
        Sorted by {active.label}, {sort.direction}.
      </p>
      <div role="region" aria-labelledby={headingId} tabIndex={0} className="overflow-x-auto rounded-lg border border-slate-300 bg-white shadow-sm">
        <table className="min-w-full border-collapse text-sm">
          <caption className="sr-only">
            Stores by AI visibility score and pillar, sorted by {active.label} ({sort.direction})
          </caption>
          <thead className="bg-slate-50">
            <tr>
              {columns.map((c) => {
                const isActive = c.id === active.id;
                return (
                  <th
                    key={c.id}
                    scope="col"
                    aria-sort={isActive ? sort.direction : 'none'}
                    className={cn('border-b border-slate-300 px-3 py-2 align-bottom font-semibold text-slate-900', c.numeric ? 'text-right' : 'text-left')}
                  >
                    <button
                      type="button"
                      onClick={() => toggle(c)}
                      className={cn(
                        'inline-flex min-h-9 items-center gap-1.5 rounded px-1 text-left hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-blue-700',
                        c.numeric && 'flex-row-reverse text-right',
                      )}
                    >
                      <SortIcon direction={isActive ? sort.direction : null} />
                      <span>{c.label}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id} className="border-b border-slate-200 last:border-b-0">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  <AppLink href={`/dealerships/${s.id}`} className="text-blue-700 underline hover:text-blue-900">
                    {s.name}
                  </AppLink>
                  {s.inProgress ? <span className="block text-xs font-normal text-slate-700">scan in progress</span> : null}
                </th>
                <td className="px-3 py-2 text-right">
                  {s.latest ? <ScoreCell score={s.latest.overallScore} /> : <span className="text-slate-700">not scanned</span>}
                </td>
                {columns
                  .filter((c) => c.id.startsWith('pillar:'))
                  .map((c) => (
                    <td key={c.id} className="px-3 py-2 text-right">
                      {s.latest ? (
                        <ScoreCell score={c.value(s) as number | null} />
                      ) : (
                        <span className="text-slate-700">
                          <span aria-hidden="true">–</span>
                          <span className="sr-only">not scanned</span>
                        </span>
                      )}
                    </td>
                  ))}
                <td className="px-3 py-2 text-right">
                  <Trend store={s} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
