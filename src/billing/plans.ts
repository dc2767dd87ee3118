import { env } from '@/src/config/env';
import type { PlanId } from '@/src/db/schema';

export type { PlanId };
export type Interval = 'month' | 'year';
export type Limit = 'dealerships' | 'members' | 'scansPerMonth';

type Plan = {
  id: PlanId;
  name: string;
  /** US dollars. */
  price: Record<Interval, number>;
  /** null = unlimited. */
  limits: Record<Limit, number | null>;
  answerEngineProbes: boolean;
  auditRetentionDays: number;
  trialDays: number;
  summary: string;
};

/** The one plan catalog: pricing page, billing page, limits and retention all read it. */
export const PLANS: Record<PlanId, Plan> = {
  free: {
    id: 'free',
    name: 'Free',
    price: { month: 0, year: 0 },
    limits: { dealerships: 1, members: 3, scansPerMonth: 2 },
    answerEngineProbes: false,
    auditRetentionDays: 90,
    trialDays: 0,
    summary: 'One store, a first look at its AI visibility.',
  },
  pro: {
    id: 'pro',
    name: 'Pro',
    price: { month: 499, year: 4990 },
    limits: { dealerships: 5, members: 15, scansPerMonth: 60 },
    answerEngineProbes: true,
    auditRetentionDays: 365,
    trialDays: 14,
    summary: 'A dealer group: up to five stores, scanned every week.',
  },
  enterprise: {
    id: 'enterprise',
    name: 'Enterprise',
    price: { month: 999, year: 9990 },
    limits: { dealerships: null, members: null, scansPerMonth: null },
    answerEngineProbes: true,
    auditRetentionDays: 7 * 365,
    trialDays: 14,
    summary: 'Every store, every person, as many scans as you need.',
  },
};

export const PAID_PLANS = ['pro', 'enterprise'] as const satisfies readonly PlanId[];
export type PaidPlan = (typeof PAID_PLANS)[number];

export const LIMIT_LABELS: Record<Limit, string> = {
  dealerships: 'dealerships',
  members: 'members',
  scansPerMonth: 'scans per month',
};

function priceIds(): Record<PaidPlan, Record<Interval, string | undefined>> {
  const e = env();
  return {
    pro: { month: e.STRIPE_PRICE_PRO_MONTHLY, year: e.STRIPE_PRICE_PRO_ANNUAL },
    enterprise: { month: e.STRIPE_PRICE_ENTERPRISE_MONTHLY, year: e.STRIPE_PRICE_ENTERPRISE_ANNUAL },
  };
}

export const priceIdFor = (plan: PaidPlan, interval: Interval): string | undefined => priceIds()[plan][interval];

/** Which plan a Stripe price id stands for; null for a price this deployment does not sell. */
export function planFor(priceId: string | null | undefined): { plan: PaidPlan; interval: Interval } | null {
  if (!priceId) return null;
  for (const [plan, byInterval] of Object.entries(priceIds()) as [PaidPlan, Record<Interval, string | undefined>][]) {
    for (const [interval, id] of Object.entries(byInterval) as [Interval, string | undefined][]) {
      if (id === priceId) return { plan, interval };
    }
  }
  return null;
}

/** The cheapest plan whose limit is above `current`: named in "limit reached" errors. */
export function planThatLifts(limit: Limit, current: number): PlanId | null {
  const order: PlanId[] = ['free', 'pro', 'enterprise'];
  return order.find((p) => {
    const l = PLANS[p].limits[limit];
    return l === null || l > current;
  }) ?? null;
}
