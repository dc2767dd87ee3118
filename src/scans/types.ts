/**
 * Public types of the scan engine. Everything in a ScanResult is plain JSON (strings,
 * numbers, booleans, null, arrays, objects) so it can be stored as JSONB and rendered later.
 */

export type PillarId = 'access' | 'structured' | 'entity' | 'content' | 'technical' | 'answers';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'not_applicable';
export type Priority = 'high' | 'medium' | 'low';
export type Effort = 'low' | 'medium' | 'high';

export interface Evidence {
  /** The URL the evidence was found at (or the URL that was tried). */
  url: string;
  /** A short excerpt of what was found, at most a few hundred characters. */
  excerpt: string;
}

export interface Recommendation {
  title: string;
  detail: string;
  priority: Priority;
  effort: Effort;
}

export interface CheckResult {
  id: string;
  pillar: PillarId;
  title: string;
  status: CheckStatus;
  evidence: Evidence[];
  /** Weight of this check inside its pillar (see weights.ts and docs/scoring.md). */
  weight: number;
  recommendation: Recommendation;
}

export interface DealershipProfile {
  name: string;
  address?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  phone?: string | null;
  brands: string[];
  monthlyUsedUnitSales?: number | null;
  avgFrontEndGross?: number | null;
}

export interface ScanInput {
  websiteUrl: string;
  profile: DealershipProfile;
}

export interface ProbeConfig {
  /** OpenAI-compatible base URL, e.g. https://api.openai.com/v1 (we POST {baseUrl}/chat/completions). */
  baseUrl: string;
  apiKey: string;
  model: string;
  /** Per-question timeout in milliseconds (default 60 000). */
  timeoutMs?: number;
}

export interface ScanProgress {
  fetched: number;
  total: number;
  phase: 'robots' | 'sitemap' | 'pages' | 'checks' | 'probes' | 'done';
}

export interface ScanOptions {
  /** Most HTML pages to fetch (default 25, at most 100). */
  maxPages?: number;
  /** "host:port" entries that may resolve to local addresses (tests, the bundled demo site). */
  allowedHosts?: string[];
  onProgress?: (p: ScanProgress) => void;
  signal?: AbortSignal;
  probes?: ProbeConfig;
  /** Per-request timeout in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Body cap per response in bytes, after decompression (default 2 MiB). */
  maxBytes?: number;
}

export interface ScannedPage {
  url: string;
  /** Final URL after redirects (same as url when there were none). */
  finalUrl: string;
  /** HTTP status, or null when no response arrived (timeout, refused, too many redirects). */
  status: number | null;
  ttfbMs: number | null;
  /** Body bytes read after decompression (capped at maxBytes). */
  bytes: number;
  title?: string;
  /** True when the body exceeded maxBytes and reading stopped. */
  truncated?: boolean;
  error?: string;
}

export interface PillarScore {
  id: PillarId;
  label: string;
  /** 0–100, or null when not measured. */
  score: number | null;
  /** Weight of this pillar in the overall score (excluded when score is null). */
  weight: number;
  checkIds: string[];
}

export type RevenueAtRisk =
  | { low: number; high: number; currency: 'USD'; period: 'year'; assumptions: string[] }
  | { missingInputs: true };

export interface PrioritisedRecommendation extends Recommendation {
  checkId: string;
  pillar: PillarId;
  status: 'warn' | 'fail';
  /** Overall-score points this fix would add if the check passed (computed by the scoring formula). */
  points: number;
}

export interface ProbeAnswer {
  question: string;
  /** Whether the dealership's name appears in the answer. */
  named: boolean;
  /** 1-based position of the first list item naming the dealership, when the answer is a list. */
  listPosition: number | null;
  /** Number of list items in the answer (0 when the answer is prose). */
  listLength: number;
  citedUrls: string[];
  citesOwnSite: boolean;
  excerpt: string;
  error?: string;
}

export interface ProbeRun {
  model: string;
  questions: number;
  answers: ProbeAnswer[];
}

export interface ScanResult {
  scoringVersion: number;
  websiteUrl: string;
  /** The origin the scan settled on after the home page's redirects. */
  siteOrigin: string;
  userAgent: string;
  startedAt: string;
  finishedAt: string;
  pages: ScannedPage[];
  checks: CheckResult[];
  pillars: PillarScore[];
  overallScore: number;
  revenueAtRisk: RevenueAtRisk;
  recommendations: PrioritisedRecommendation[];
  probes: ProbeRun | null;
  errors: string[];
}
