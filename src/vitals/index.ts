/**
 * Web vitals from real page loads (server side). components/vitals/WebVitals.tsx measures in
 * the browser and sends beacons to POST /api/vitals; /ops/vitals shows p75 per route.
 * Browser code imports './thresholds' and './route-pattern' only.
 */
export { VitalsBeacon, VitalsMetric, VITALS_MAX_BODY_BYTES, MAX_METRICS_PER_BEACON, NAVIGATION_TYPES } from './beacon';
export { limitBody } from './body-limit';
export { releaseId, vitalsSampleRate } from './config';
export { routeLeak, routePattern, sanitizeTarget, deviceClass } from './route-pattern';
export { webVitals } from './schema';
export { countVitals, recordVitals, vitalsReport, SUMMARY_ROW_LIMIT, type VitalsReport } from './store';
export { p75, summarize, type Cell, type RouteRow, type Sample, type WindowSummary } from './summary';
export { METRICS, METRIC_LABELS, RATINGS, RATING_LABELS, THRESHOLDS, formatMetric, rate, type MetricName, type Rating } from './thresholds';
