/**
 * THE one place for scoring weights and thresholds. docs/scoring.md explains each number;
 * change both together and bump SCORING_VERSION.
 */
import type { CheckStatus, PillarId } from './types';

export const SCORING_VERSION = 1;

export const PILLARS: readonly { id: PillarId; label: string; weight: number }[] = [
  { id: 'access', label: 'AI crawler access', weight: 25 },
  { id: 'structured', label: 'Structured data', weight: 25 },
  { id: 'entity', label: 'Business info consistency', weight: 15 },
  { id: 'content', label: 'Answerable content', weight: 20 },
  { id: 'technical', label: 'Technical health', weight: 15 },
  // Only counted when answer-engine probes ran; otherwise "not measured".
  { id: 'answers', label: 'Answer engines', weight: 20 },
];

/** Credit a check earns for its status; not_applicable checks are left out of the pillar. */
export const STATUS_CREDIT: Record<Exclude<CheckStatus, 'not_applicable'>, number> = {
  pass: 1,
  warn: 0.5,
  fail: 0,
};

/** Weight of each check inside its pillar. */
export const CHECK_WEIGHTS = {
  // AI crawler access
  'access.bot.oai-searchbot': 3,
  'access.bot.chatgpt-user': 3,
  'access.bot.perplexitybot': 3,
  'access.bot.bingbot': 3,
  'access.bot.gptbot': 2,
  'access.bot.claudebot': 2,
  'access.bot.google-extended': 2,
  'access.bot.applebot-extended': 1,
  'access.bot.ccbot': 1,
  'access.noindex': 4,
  'access.llms-txt': 1,
  // Structured data
  'structured.jsonld-valid': 3,
  'structured.dealer-entity': 5,
  'structured.dealer-details': 3,
  'structured.vehicle-offers': 4,
  'structured.faq-page': 2,
  'structured.breadcrumbs': 1,
  // Business info consistency
  'entity.name': 3,
  'entity.address': 3,
  'entity.phone': 3,
  'entity.brands': 2,
  // Answerable content
  'content.faq': 3,
  'content.hours': 3,
  'content.financing': 2,
  'content.trade-in': 2,
  'content.titles': 2,
  'content.meta-descriptions': 2,
  'content.headings': 1,
  'content.thin-pages': 2,
  // Technical health
  'technical.https': 3,
  'technical.status-codes': 2,
  'technical.sitemap': 2,
  'technical.ttfb': 2,
  'technical.canonical': 1,
  'technical.html-weight': 1,
  'technical.viewport': 1,
  // Answer engines (probes)
  'answers.named': 3,
  'answers.cited': 2,
} as const;

export type CheckId = keyof typeof CHECK_WEIGHTS;

export const weightOf = (id: CheckId): number => CHECK_WEIGHTS[id];

/** Thresholds used by checks (documented in docs/scoring.md). */
export const THRESHOLDS = {
  /** Median time to first byte: pass at or under `good`, warn up to `poor`, fail above. */
  ttfbMs: { good: 800, poor: 1800 },
  /** HTML size per page: pass at or under `good`, warn up to `poor`, fail above or when cut off. */
  htmlBytes: { good: 500 * 1024, poor: 1024 * 1024 },
  /** Title length in characters. */
  title: { min: 15, max: 65 },
  /** Meta description length in characters. */
  description: { min: 50, max: 160 },
  /** A page with fewer visible words than this is "thin" (vehicle detail pages excepted). */
  thinWords: 150,
  /** Share of probe answers naming the dealership needed to pass. */
  probeNamedPass: 0.5,
} as const;

/** Revenue-at-risk assumptions (docs/scoring.md, "Revenue at risk"). */
export const REVENUE = {
  /** Share of used-vehicle sales influenced by an AI answer engine, low and high assumption. */
  aiInfluencedShare: { low: 0.03, high: 0.1 },
  /** Months in the estimate period. */
  months: 12,
  /** Rounded to this many dollars. */
  roundTo: 100,
} as const;
