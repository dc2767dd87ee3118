/**
 * Core Web Vitals thresholds (web.dev): a value at or below `good` is good, above `poor` is poor,
 * anything between needs improvement. Browser-safe: no server imports.
 */
export const METRICS = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
export type MetricName = (typeof METRICS)[number];

export const RATINGS = ['good', 'needs-improvement', 'poor'] as const;
export type Rating = (typeof RATINGS)[number];

export const THRESHOLDS: Record<MetricName, { good: number; poor: number }> = {
  LCP: { good: 2500, poor: 4000 },
  INP: { good: 200, poor: 500 },
  CLS: { good: 0.1, poor: 0.25 },
  FCP: { good: 1800, poor: 3000 },
  TTFB: { good: 800, poor: 1800 },
};

export const METRIC_LABELS: Record<MetricName, string> = {
  LCP: 'Largest Contentful Paint',
  INP: 'Interaction to Next Paint',
  CLS: 'Cumulative Layout Shift',
  FCP: 'First Contentful Paint',
  TTFB: 'Time to First Byte',
};

export const RATING_LABELS: Record<Rating, string> = {
  good: 'Good',
  'needs-improvement': 'Needs improvement',
  poor: 'Poor',
};

export function rate(metric: MetricName, value: number): Rating {
  const t = THRESHOLDS[metric];
  if (value <= t.good) return 'good';
  if (value <= t.poor) return 'needs-improvement';
  return 'poor';
}

/** CLS is unitless (3 decimals); the rest are milliseconds (whole numbers). */
export function formatMetric(metric: MetricName, value: number): string {
  if (metric === 'CLS') return value.toFixed(3).replace(/0+$/, '').replace(/\.$/, '.0');
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}
