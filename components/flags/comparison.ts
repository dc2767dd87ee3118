/**
 * Pure helpers of the store comparison (StoreComparison.tsx): columns, sorting, trend. No React,
 * so tests run them directly.
 */
import type { Overview } from '@/components/dashboard/types';

export type Store = Overview['dealerships'][number];
export type Direction = 'ascending' | 'descending';
export type Column = { id: string; label: string; value: (s: Store) => number | string | null; numeric: boolean };

/** Change over the trend (latest minus oldest), null with fewer than two scans. */
export const trendChange = (s: Store): number | null =>
  s.trend.length > 1 ? s.trend[s.trend.length - 1]!.overallScore - s.trend[0]!.overallScore : null;

/** Pillars in the order they first appear across stores (every report lists them the same way). */
export function pillarColumns(stores: readonly Store[]): { id: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const s of stores) for (const p of s.latest?.pillars ?? []) if (!seen.has(p.id)) seen.set(p.id, p.label);
  return [...seen].map(([id, label]) => ({ id, label }));
}

/** Sorted copy: nulls (not scanned, not measured) last in both directions; ties by name. */
export function sortStores(stores: readonly Store[], column: Column, direction: Direction): Store[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...stores].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    if (x === null && y === null) return a.name.localeCompare(b.name);
    if (x === null) return 1;
    if (y === null) return -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order !== 0 ? sign * order : a.name.localeCompare(b.name);
  });
}

export function comparisonColumns(stores: readonly Store[]): Column[] {
  return [
    { id: 'name', label: 'Dealership', value: (s) => s.name, numeric: false },
    { id: 'overall', label: 'Overall', value: (s) => s.latest?.overallScore ?? null, numeric: true },
    ...pillarColumns(stores).map(
      (p): Column => ({
        id: `pillar:${p.id}`,
        label: p.label,
        value: (s) => s.latest?.pillars.find((q) => q.id === p.id)?.score ?? null,
        numeric: true,
      }),
    ),
    { id: 'trend', label: 'Trend', value: trendChange, numeric: true },
  ];
}

