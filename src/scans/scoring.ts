/**
 * Scores: pure and deterministic (docs/scoring.md). Same checks in, same numbers out.
 *
 *   credit(check)  = 1 pass, 0.5 warn, 0 fail (not_applicable: left out)
 *   pillar score   = 100 × Σ weight × credit / Σ weight            over its applicable checks
 *   overall score  = Σ pillarWeight × pillarScore / Σ pillarWeight  over measured pillars
 */
import type {
  CheckResult,
  DealershipProfile,
  PillarScore,
  PrioritisedRecommendation,
  RevenueAtRisk,
} from './types';
import { PILLARS, REVENUE, STATUS_CREDIT } from './weights';

const round1 = (n: number) => Math.round(n * 10) / 10;

interface PillarRaw {
  id: PillarScore['id'];
  label: string;
  weight: number;
  checkIds: string[];
  /** Unrounded score, or null when not measured. */
  raw: number | null;
  applicableWeight: number;
}

function pillarRaw(checks: readonly CheckResult[]): PillarRaw[] {
  return PILLARS.map((p) => {
    const mine = checks.filter((c) => c.pillar === p.id);
    const applicable = mine.filter((c) => c.status !== 'not_applicable');
    const total = applicable.reduce((s, c) => s + c.weight, 0);
    const earned = applicable.reduce((s, c) => s + c.weight * STATUS_CREDIT[c.status as keyof typeof STATUS_CREDIT], 0);
    return {
      id: p.id,
      label: p.label,
      weight: p.weight,
      checkIds: mine.map((c) => c.id),
      raw: total > 0 ? (100 * earned) / total : null,
      applicableWeight: total,
    };
  });
}

export function scorePillars(checks: readonly CheckResult[]): PillarScore[] {
  return pillarRaw(checks).map((p) => ({
    id: p.id,
    label: p.label,
    score: p.raw === null ? null : Math.round(p.raw),
    weight: p.weight,
    checkIds: p.checkIds,
  }));
}

export function overallScore(checks: readonly CheckResult[]): number {
  const measured = pillarRaw(checks).filter((p) => p.raw !== null);
  const w = measured.reduce((s, p) => s + p.weight, 0);
  if (w === 0) return 0;
  return Math.round(measured.reduce((s, p) => s + p.weight * p.raw!, 0) / w);
}

/**
 * Points on the overall score a check would add if it passed:
 * 100 × weight × (1 − credit) / pillar's applicable weight × pillarWeight / Σ measured pillar weights.
 */
export function pointsAvailable(checks: readonly CheckResult[]): Map<string, number> {
  const pillars = pillarRaw(checks);
  const measuredWeight = pillars.filter((p) => p.raw !== null).reduce((s, p) => s + p.weight, 0);
  const out = new Map<string, number>();
  for (const c of checks) {
    if (c.status === 'not_applicable') continue;
    const p = pillars.find((x) => x.id === c.pillar)!;
    if (p.applicableWeight === 0 || measuredWeight === 0) continue;
    const gap = 1 - STATUS_CREDIT[c.status as keyof typeof STATUS_CREDIT];
    out.set(c.id, round1(((100 * c.weight * gap) / p.applicableWeight) * (p.weight / measuredWeight)));
  }
  return out;
}

const PRIORITY_RANK = { high: 0, medium: 1, low: 2 } as const;
const EFFORT_RANK = { low: 0, medium: 1, high: 2 } as const;

/** The fix list: failing and warning checks, by priority, then points gained, then effort, then id. */
export function prioritise(checks: readonly CheckResult[], limit = 10): PrioritisedRecommendation[] {
  const points = pointsAvailable(checks);
  return checks
    .filter((c): c is CheckResult & { status: 'warn' | 'fail' } => c.status === 'warn' || c.status === 'fail')
    .map((c) => ({ ...c.recommendation, checkId: c.id, pillar: c.pillar, status: c.status, points: points.get(c.id) ?? 0 }))
    .sort(
      (a, b) =>
        PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
        b.points - a.points ||
        EFFORT_RANK[a.effort] - EFFORT_RANK[b.effort] ||
        (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0),
    )
    .slice(0, limit);
}

const usd = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;
const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;

/**
 * Revenue at risk per year, from the dealer's own figures and the score gap:
 *   annual used gross = units/month × 12 × front-end gross
 *   low  = annual used gross × 3%  × (100 − score) / 100
 *   high = annual used gross × 10% × (100 − score) / 100
 * rounded to $100. Both inputs are required; otherwise { missingInputs: true }.
 */
export function revenueAtRisk(profile: Pick<DealershipProfile, 'monthlyUsedUnitSales' | 'avgFrontEndGross'>, score: number): RevenueAtRisk {
  const units = profile.monthlyUsedUnitSales;
  const gross = profile.avgFrontEndGross;
  if (typeof units !== 'number' || typeof gross !== 'number' || !Number.isFinite(units) || !Number.isFinite(gross) || units < 0 || gross < 0) {
    return { missingInputs: true };
  }
  const clamped = Math.min(100, Math.max(0, score));
  const gap = (100 - clamped) / 100;
  const annual = units * REVENUE.months * gross;
  const { low, high } = REVENUE.aiInfluencedShare;
  const roundTo = (n: number) => Math.round(n / REVENUE.roundTo) * REVENUE.roundTo;
  return {
    low: roundTo(annual * low * gap),
    high: roundTo(annual * high * gap),
    currency: 'USD',
    period: 'year',
    assumptions: [
      `Your figures: ${units} used vehicles a month × ${usd(gross)} average front-end gross × 12 months = ${usd(annual)} used-vehicle front-end gross a year.`,
      `Assumed (not measured): between ${pct(low)} (low) and ${pct(high)} (high) of those sales involve a shopper who asks an AI answer engine while choosing where to buy.`,
      `Assumed: the share of those sales at risk equals your score gap, ${100 - clamped} of 100 points (a score of 100 puts none at risk, a score of 0 puts all of them at risk).`,
      'Front-end gross on used vehicles only: F&I, new vehicles, service and parts are not included.',
      `Rounded to the nearest $${REVENUE.roundTo}.`,
    ],
  };
}
