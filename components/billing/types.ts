/**
 * Plain, serialisable views of the plan catalog for client components. The catalog itself
 * (src/billing/plans.ts) reads the environment for Stripe price ids, so it stays on the server:
 * components/billing/catalog.ts turns it into these.
 */
export type PlanKey = 'free' | 'pro' | 'enterprise';
export type BillingInterval = 'month' | 'year';
export type SubscriptionStatus = 'none' | 'trialing' | 'active' | 'past_due' | 'canceled';

export type PlanView = {
  id: PlanKey;
  name: string;
  summary: string;
  /** US dollars. */
  price: Record<BillingInterval, number>;
  /** What a year costs when paid monthly minus the annual price; 0 for free plans. */
  annualSaving: number;
  /** Whole percent saved by paying annually. */
  annualSavingPercent: number;
  /** null = unlimited. */
  limits: { dealerships: number | null; members: number | null; scansPerMonth: number | null };
  answerEngineProbes: boolean;
  auditRetentionDays: number;
  trialDays: number;
  paid: boolean;
};

/** Who is looking at the plans, and what they may do with them. */
export type PlanViewer =
  | { kind: 'anonymous' }
  /** Signed in, but not in a dealer group yet (onboarding unfinished). */
  | { kind: 'no-group' }
  /** A member who may not read billing (viewer, manager) or read only (admin). */
  | { kind: 'member'; groupName: string; currentPlan: PlanKey | null }
  | {
      kind: 'owner';
      groupName: string;
      currentPlan: PlanKey;
      currentInterval: BillingInterval | null;
      /**
       * A live Stripe subscription (trialing, active or past due): plan changes go through the
       * Stripe customer portal, since a second checkout would start a second subscription.
       */
      liveSubscription: boolean;
    };
