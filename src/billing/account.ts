import { and, eq, gte, sql } from 'drizzle-orm';
import { billingAccounts, dealerships, invitations, memberships, reports, type BillingStatus } from '@/src/db/schema';
import type { Tx } from '@/src/db/scope';
import { Problem } from '@/src/access/problem';
import { LIMIT_LABELS, PLANS, planThatLifts, type Interval, type Limit, type PlanId } from './plans';

export type BillingAccount = typeof billingAccounts.$inferSelect;

/** The tenant's billing row; a tenant without one is on the free plan. */
export async function billingAccount(tx: Tx, tenantId: string): Promise<BillingAccount> {
  const [row] = await tx.select().from(billingAccounts).where(eq(billingAccounts.tenantId, tenantId));
  return (
    row ?? {
      tenantId,
      plan: 'free',
      interval: null,
      status: 'none',
      trialEndsAt: null,
      currentPeriodEnd: null,
      gracePeriodEndsAt: null,
      stripeCustomerId: null,
      stripeSubscriptionId: null,
      stripePriceId: null,
      lastEventCreated: null,
      lastEventId: null,
      updatedAt: new Date(0),
    }
  );
}

export async function usage(tx: Tx, tenantId: string): Promise<Record<Limit, number>> {
  const monthStart = sql`date_trunc('month', now())`;
  const [d] = await tx.select({ n: sql<number>`count(*)::int` }).from(dealerships);
  const [m] = await tx.select({ n: sql<number>`count(*)::int` }).from(memberships).where(eq(memberships.tenantId, tenantId));
  const [i] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(invitations)
    .where(and(eq(invitations.status, 'pending'), sql`${invitations.expiresAt} > now()`));
  const [s] = await tx.select({ n: sql<number>`count(*)::int` }).from(reports).where(gte(reports.createdAt, monthStart));
  // Pending invitations hold a seat: otherwise a group could invite past its member limit.
  return { dealerships: d!.n, members: m!.n + i!.n, scansPerMonth: s!.n };
}

/**
 * Refuses an action that would go over the plan's limit: 402 with the limit, the current plan,
 * and the plan that lifts it.
 */
export async function assertWithinLimit(tx: Tx, tenantId: string, limit: Limit): Promise<void> {
  const account = await billingAccount(tx, tenantId);
  const max = PLANS[account.plan].limits[limit];
  if (max === null) return;
  const used = (await usage(tx, tenantId))[limit];
  if (used < max) return;
  const lifts = planThatLifts(limit, max);
  throw new Problem(
    402,
    'plan_limit_reached',
    `Your ${PLANS[account.plan].name} plan includes ${max} ${LIMIT_LABELS[limit]}.${lifts ? ` Upgrade to ${PLANS[lifts].name} for ${PLANS[lifts].limits[limit] ?? 'unlimited'}.` : ''}`,
    { extra: { limit, max, used, plan: account.plan, upgradeTo: lifts } },
  );
}

export type Subscription = {
  plan: PlanId;
  planName: string;
  interval: Interval | null;
  status: BillingStatus;
  trialEndsAt: string | null;
  currentPeriodEnd: string | null;
  gracePeriodEndsAt: string | null;
  readOnly: boolean;
  hasPaymentMethod: boolean;
  limits: Record<Limit, number | null>;
  usage: Record<Limit, number>;
  answerEngineProbes: boolean;
};

export function isReadOnly(a: Pick<BillingAccount, 'status' | 'gracePeriodEndsAt'>, now = new Date()): boolean {
  return a.status === 'past_due' && a.gracePeriodEndsAt !== null && a.gracePeriodEndsAt < now;
}

export async function subscriptionSummary(tx: Tx, tenantId: string): Promise<Subscription> {
  const a = await billingAccount(tx, tenantId);
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    plan: a.plan,
    planName: PLANS[a.plan].name,
    interval: a.interval,
    status: a.status,
    trialEndsAt: iso(a.trialEndsAt),
    currentPeriodEnd: iso(a.currentPeriodEnd),
    gracePeriodEndsAt: iso(a.gracePeriodEndsAt),
    readOnly: isReadOnly(a),
    hasPaymentMethod: a.stripeCustomerId !== null,
    limits: PLANS[a.plan].limits,
    usage: await usage(tx, tenantId),
    answerEngineProbes: PLANS[a.plan].answerEngineProbes,
  };
}
