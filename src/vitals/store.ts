import { desc, gt, sql } from 'drizzle-orm';
import { withSystem } from '@/src/db/scope';
import { webVitals } from './schema';
import { rate, type MetricName } from './thresholds';
import type { VitalsBeacon } from './beacon';
import { summarize, type Sample, type WindowSummary } from './summary';

/** Stores one beacon: one row per metric, rated on the server. */
export async function recordVitals(beacon: VitalsBeacon): Promise<number> {
  const rows = beacon.metrics.map((m) => ({
    route: m.route,
    metric: m.name,
    value: m.value,
    rating: rate(m.name, m.value),
    device: beacon.device,
    release: beacon.release,
    navigationType: m.navigationType,
    target: m.target ?? null,
  }));
  await withSystem('web vitals beacon', (tx) => tx.insert(webVitals).values(rows));
  return rows.length;
}

/** Newest rows read for the operator page; beyond it the page says the figures are partial. */
export const SUMMARY_ROW_LIMIT = 200_000;

export type VitalsReport = { generatedAt: Date; windows: WindowSummary[]; truncated: boolean };

/** p75 per route and metric over 7 and 28 days (src/vitals/summary.ts does the arithmetic). */
export async function vitalsReport(now = new Date(), windows: number[] = [7, 28]): Promise<VitalsReport> {
  const longest = Math.max(...windows);
  const since = new Date(now.getTime() - longest * 24 * 60 * 60 * 1000);
  const rows = await withSystem('web vitals operator summary', (tx) =>
    tx
      .select({ route: webVitals.route, metric: webVitals.metric, value: webVitals.value, at: webVitals.createdAt })
      .from(webVitals)
      .where(gt(webVitals.createdAt, since))
      .orderBy(desc(webVitals.createdAt))
      .limit(SUMMARY_ROW_LIMIT + 1),
  );
  const truncated = rows.length > SUMMARY_ROW_LIMIT;
  const samples: Sample[] = rows.slice(0, SUMMARY_ROW_LIMIT).map((r) => ({ ...r, metric: r.metric as MetricName }));
  return { generatedAt: now, windows: summarize(samples, now, windows), truncated };
}

/** Rows stored (tests, the operator page's footer). */
export async function countVitals(): Promise<number> {
  const [row] = await withSystem('web vitals count', (tx) => tx.select({ n: sql<number>`count(*)::int` }).from(webVitals));
  return row?.n ?? 0;
}
