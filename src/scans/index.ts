/**
 * The scan engine: fetch a dealership site safely, measure what answer engines can read,
 * score it (docs/scoring.md) and say what to fix first. Plain TypeScript: no Next.js, no database.
 */
export { scanSite, evaluateSite, runChecks, DEFAULT_MAX_PAGES } from './scan';
export { ScanError, type ScanErrorCode } from './errors';
export { parseAllowedHosts, addressRefusal, checkUrl } from './ssrf';
export { USER_AGENT, ROBOTS_TOKEN, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_BYTES, MAX_REDIRECTS, MAX_IN_FLIGHT_PER_HOST } from './http';
export { AI_CRAWLERS } from './robots';
export { PROBE_QUESTIONS, probeQuestions } from './probes';
export { PILLARS, CHECK_WEIGHTS, STATUS_CREDIT, THRESHOLDS, REVENUE, SCORING_VERSION } from './weights';
export { overallScore, scorePillars, prioritise, pointsAvailable, revenueAtRisk } from './scoring';
export { startDemoSite, type DemoSite, type DemoSiteOptions } from './demo-site';
export type { SiteSnapshot, SnapshotPage, PageKind } from './snapshot';
export type * from './types';
