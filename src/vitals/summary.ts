import { METRICS, rate, type MetricName, type Rating } from './thresholds';

/**
 * The 75th percentile, nearest-rank: the smallest value with at least 75% of the values at or
 * below it (what CrUX and PostgreSQL's percentile_disc(0.75) report; no interpolation, so the
 * answer is always a value that was measured). null for no values; NaN/∞ are ignored.
 */
export function p75(values: readonly number[]): number | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return sorted[Math.ceil(0.75 * sorted.length) - 1]!;
}

export type Sample = { route: string; metric: MetricName; value: number; at: Date };
export type Cell = { p75: number; count: number; rating: Rating };
export type RouteRow = { route: string; samples: number; metrics: Partial<Record<MetricName, Cell>> };
export type WindowSummary = { days: number; samples: number; routes: RouteRow[] };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * p75 and count per route and metric for each window (the last `days` days before `now`),
 * rated against the thresholds. Routes with the most samples come first.
 */
export function summarize(samples: readonly Sample[], now: Date, windows: readonly number[] = [7, 28]): WindowSummary[] {
  return windows.map((days) => {
    const since = now.getTime() - days * DAY_MS;
    const byRoute = new Map<string, Map<MetricName, number[]>>();
    let total = 0;
    for (const s of samples) {
      const t = s.at.getTime();
      if (t <= since || t > now.getTime() || !Number.isFinite(s.value)) continue;
      total++;
      let metrics = byRoute.get(s.route);
      if (!metrics) byRoute.set(s.route, (metrics = new Map()));
      let values = metrics.get(s.metric);
      if (!values) metrics.set(s.metric, (values = []));
      values.push(s.value);
    }
    const routes: RouteRow[] = [...byRoute].map(([route, metrics]) => {
      const row: RouteRow = { route, samples: 0, metrics: {} };
      for (const metric of METRICS) {
        const values = metrics.get(metric);
        if (!values?.length) continue;
        const value = p75(values)!;
        row.metrics[metric] = { p75: value, count: values.length, rating: rate(metric, value) };
        row.samples += values.length;
      }
      return row;
    });
    routes.sort((a, b) => b.samples - a.samples || a.route.localeCompare(b.route));
    return { days, samples: total, routes };
  });
}
