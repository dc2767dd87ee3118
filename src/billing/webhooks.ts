import Stripe from 'stripe';
import { and, eq, sql } from 'drizzle-orm';
import { billingAccounts, memberships, tenants, users, webhookEvents, type BillingStatus } from '@/src/db/schema';
import { withSystem, type Tx } from '@/src/db/scope';
import { appendAudit, type AuditAction, type AuditActor } from '@/src/audit';
import { Problem } from '@/src/access/problem';
import { env } from '@/src/config/env';
import { sendEmail, type TemplateData, type TemplateName } from '@/src/email';
import { PLANS, planFor } from './plans';
import { stripeClient } from './stripe';

export const GRACE_PERIOD_DAYS = 3;
const TOLERANCE_SECONDS = 300;

export type WebhookOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored' | 'unknown_type' | 'no_tenant';

/** Event types whose handling may queue an email: only these wake the mail worker. */
export const MAILING_EVENTS = new Set(['customer.subscription.trial_will_end', 'customer.subscription.updated', 'customer.subscription.deleted', 'invoice.payment_failed']);

/** Verifies Stripe-Signature over the raw body; anything wrong is a 400 and nothing is written. */
export function verifyStripeEvent(rawBody: string, signature: string | null): Stripe.Event {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new Problem(503, 'billing_not_configured', 'Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET).');
  if (!signature) throw new Problem(400, 'invalid_signature', 'Missing Stripe-Signature header.');
  try {
    return verifier().webhooks.constructEvent(rawBody, signature, secret, TOLERANCE_SECONDS);
  } catch {
    throw new Problem(400, 'invalid_signature', 'The Stripe-Signature header does not match this payload, or it is too old.');
  }
}

let offlineVerifier: Stripe | undefined;
/** Signature checks need no API key and no network: any client instance can verify. */
const verifier = (): Stripe => stripeClient() ?? (offlineVerifier ??= new Stripe('sk_offline_signature_verification_only'));

const WEBHOOK_ACTOR: AuditActor = { type: 'webhook', id: 'stripe', name: 'Stripe' };

type Account = typeof billingAccounts.$inferSelect;
const seconds = (s: number | null | undefined) => (s ? new Date(s * 1000) : null);
const id = (v: string | { id: string } | null | undefined) => (typeof v === 'string' ? v : (v?.id ?? null));

function statusOf(sub: Stripe.Subscription): BillingStatus {
  switch (sub.status) {
    case 'trialing':
      return 'trialing';
    case 'active':
      return 'active';
    case 'past_due':
    case 'unpaid':
      return 'past_due';
    case 'canceled':
    case 'incomplete_expired':
      return 'canceled';
    default:
      return 'none';
  }
}

/** The subscription id an invoice belongs to (API 2025+: parent.subscription_details; older: top level). */
function invoiceSubscription(invoice: Stripe.Invoice): string | null {
  const parent = (invoice as unknown as { parent?: { subscription_details?: { subscription?: string | { id: string } } } }).parent;
  const legacy = (invoice as unknown as { subscription?: string | { id: string } }).subscription;
  return id(parent?.subscription_details?.subscription ?? legacy ?? null);
}

/** The tenant an event is about: our own metadata first, then the stored customer. Never by email. */
async function tenantFor(tx: Tx, event: Stripe.Event): Promise<string | null> {
  const obj = event.data.object as unknown as Record<string, unknown>;
  const meta = (obj.metadata as Record<string, string> | undefined)?.tenant_id;
  const ref = typeof obj.client_reference_id === 'string' ? obj.client_reference_id : undefined;
  const nested = (obj.parent as { subscription_details?: { metadata?: Record<string, string> } } | undefined)?.subscription_details?.metadata?.tenant_id;
  const candidate = meta ?? ref ?? nested;
  if (candidate && /^[0-9a-f-]{36}$/i.test(candidate)) {
    const [t] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, candidate));
    if (t) return t.id;
  }
  const customer = id(obj.customer as string | { id: string } | null | undefined);
  if (!customer) return null;
  const [a] = await tx.select({ tenantId: billingAccounts.tenantId }).from(billingAccounts).where(eq(billingAccounts.stripeCustomerId, customer));
  return a?.tenantId ?? null;
}

/** The tenant's billing row, created if missing and locked (the upsert takes the row lock), in one statement. */
async function accountFor(tx: Tx, tenantId: string): Promise<Account> {
  const [a] = await tx
    .insert(billingAccounts)
    .values({ tenantId })
    .onConflictDoUpdate({ target: billingAccounts.tenantId, set: { tenantId: sql`excluded.tenant_id` } })
    .returning();
  return a!;
}

function subscriptionState(sub: Stripe.Subscription): Partial<Account> {
  const item = sub.items?.data?.[0];
  const priced = planFor(item?.price?.id);
  const status = statusOf(sub);
  const periodEnd = (item as unknown as { current_period_end?: number })?.current_period_end ?? (sub as unknown as { current_period_end?: number }).current_period_end;
  const canceled = status === 'canceled';
  return {
    plan: canceled ? 'free' : (priced?.plan ?? 'free'),
    interval: canceled ? null : (priced?.interval ?? null),
    status,
    stripeSubscriptionId: sub.id,
    stripePriceId: item?.price?.id ?? null,
    trialEndsAt: seconds(sub.trial_end),
    currentPeriodEnd: seconds(periodEnd),
    gracePeriodEndsAt: status === 'past_due' ? undefined : null,
    ...(id(sub.customer) ? { stripeCustomerId: id(sub.customer)! } : {}),
  };
}

/**
 * Stripe's current view of a subscription, or null when Stripe has none (404) or no key is set.
 * Other failures propagate: the webhook answers 500, nothing is recorded, and Stripe redelivers.
 */
async function currentSubscription(subscriptionId: string | null): Promise<Stripe.Subscription | null> {
  const stripe = stripeClient();
  if (!stripe || !subscriptionId) return null;
  try {
    return await stripe.subscriptions.retrieve(subscriptionId);
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  }
}

async function owners(tx: Tx, tenantId: string): Promise<{ email: string; name: string }[]> {
  return tx
    .select({ email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, 'owner')));
}

type Effect = { state?: Partial<Account>; audit?: { action: AuditAction; metadata: Record<string, unknown> }; emails?: (a: Account) => Promise<void> };

/**
 * Applies one verified event: recorded in the inbox (unique per event id) in the same
 * transaction as the state change, so a redelivery finds it and changes nothing. State only
 * moves forward: an event older than the last one applied is recorded and ignored; a tie within
 * Stripe's one-second resolution is resolved by re-reading the subscription from Stripe when a key
 * is configured. Emails are tied to the event (one per logical event, deduplicated by its id), not
 * to whether its state was newest.
 */
export async function processStripeEvent(event: Stripe.Event): Promise<WebhookOutcome> {
  return withSystem('stripe webhook', async (tx) => {
    const recorded = await tx
      .insert(webhookEvents)
      .values({ provider: 'stripe', eventId: event.id, type: event.type, eventCreated: event.created, outcome: 'received', payload: event as unknown as Record<string, unknown> })
      .onConflictDoNothing()
      .returning({ id: webhookEvents.id });
    if (recorded.length === 0) return 'duplicate';

    const tenantId = await tenantFor(tx, event);
    const outcome = tenantId ? await apply(tx, tenantId, event) : 'no_tenant';
    await tx.update(webhookEvents).set({ outcome, tenantId }).where(eq(webhookEvents.id, recorded[0]!.id));
    return outcome;
  });
}

async function apply(tx: Tx, tenantId: string, event: Stripe.Event): Promise<WebhookOutcome> {
  const account = await accountFor(tx, tenantId);
  const effect = await effectOf(tx, tenantId, account, event);
  if (!effect) return 'unknown_type';
  await effect.emails?.(account);

  if (!effect.state) return 'applied';
  const last = account.lastEventCreated ?? 0;
  if (event.created < last) return 'stale';
  let state = effect.state;
  if (event.created === last) {
    const current = await currentSubscription(account.stripeSubscriptionId ?? state.stripeSubscriptionId ?? null);
    if (current) state = subscriptionState(current);
  }
  if (state.gracePeriodEndsAt === undefined) {
    // Entering past_due starts the grace period once; staying past_due keeps its end.
    state = { ...state, gracePeriodEndsAt: account.gracePeriodEndsAt ?? new Date(event.created * 1000 + GRACE_PERIOD_DAYS * 86400_000) };
  }
  await tx
    .update(billingAccounts)
    .set({ ...state, lastEventCreated: event.created, lastEventId: event.id, updatedAt: sql`now()` })
    .where(eq(billingAccounts.tenantId, tenantId));
  if (effect.audit) {
    await appendAudit(tx, tenantId, WEBHOOK_ACTOR, {
      action: effect.audit.action,
      resource: { type: 'subscription', id: state.stripeSubscriptionId ?? account.stripeSubscriptionId },
      metadata: { eventId: event.id, eventType: event.type, ...effect.audit.metadata },
    });
  }
  return 'applied';
}

async function effectOf(tx: Tx, tenantId: string, account: Account, event: Stripe.Event): Promise<Effect | null> {
  const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  const tenantName = tenant?.name ?? 'your dealer group';
  /** One email per owner per event: the event id is the dedupe key. */
  const mail = async <K extends TemplateName>(template: K, data: TemplateData[K]) => {
    for (const owner of await owners(tx, tenantId)) {
      await sendEmail(tx, { tenantId, to: owner.email, template, data, dedupeKey: `${template}:${event.id}:${owner.email}` });
    }
  };
  const appUrl = env().APP_URL;
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      const subscriptionId = id(session.subscription);
      // The session says little; the subscription it created says everything.
      const sub = await currentSubscription(subscriptionId);
      return {
        state: sub ? subscriptionState(sub) : { stripeSubscriptionId: subscriptionId, ...(id(session.customer) ? { stripeCustomerId: id(session.customer)! } : {}) },
        audit: { action: 'SUBSCRIPTION_CREATED', metadata: { checkoutSession: session.id } },
      };
    }
    case 'customer.subscription.created':
      return { state: subscriptionState(event.data.object), audit: { action: 'SUBSCRIPTION_CREATED', metadata: { status: event.data.object.status } } };
    case 'customer.subscription.updated': {
      const sub = event.data.object;
      const previous = (event.data.previous_attributes as { items?: { data?: { price?: { id?: string } }[] } } | undefined)?.items?.data?.[0]?.price?.id;
      const next = planFor(sub.items?.data?.[0]?.price?.id);
      const before = planFor(previous);
      const changed = previous !== undefined && previous !== sub.items?.data?.[0]?.price?.id && next;
      return {
        state: subscriptionState(sub),
        audit: { action: 'SUBSCRIPTION_UPDATED', metadata: { status: sub.status, ...(changed ? { plan: { before: before?.plan ?? null, after: next.plan } } : {}) } },
        emails: changed
          ? () => mail('plan_changed', { tenantName, oldPlan: PLANS[before?.plan ?? 'free'].name, newPlan: PLANS[next.plan].name })
          : undefined,
      };
    }
    case 'customer.subscription.deleted':
      return {
        state: { ...subscriptionState(event.data.object), plan: 'free', interval: null, status: 'canceled', gracePeriodEndsAt: null },
        audit: { action: 'SUBSCRIPTION_CANCELED', metadata: {} },
        emails: () => mail('subscription_canceled', { tenantName, accessEndsAt: null }),
      };
    case 'customer.subscription.trial_will_end': {
      const sub = event.data.object;
      const trialEnd = sub.trial_end ?? event.created + 3 * 86400;
      const daysLeft = Math.max(0, Math.ceil((trialEnd - event.created) / 86400));
      const plan = planFor(sub.items?.data?.[0]?.price?.id)?.plan ?? account.plan;
      return { emails: () => mail('trial_ending', { tenantName, planName: PLANS[plan].name, daysLeft, trialEndsAt: new Date(trialEnd * 1000) }) };
    }
    case 'invoice.payment_failed': {
      const invoice = event.data.object;
      if (!invoiceSubscription(invoice)) return { state: undefined };
      const graceEnds = account.gracePeriodEndsAt ?? new Date(event.created * 1000 + GRACE_PERIOD_DAYS * 86400_000);
      return {
        state: { status: 'past_due', gracePeriodEndsAt: graceEnds },
        audit: { action: 'SUBSCRIPTION_UPDATED', metadata: { status: 'past_due', invoice: invoice.id } },
        emails: () =>
          mail('payment_failed', {
            tenantName,
            hostedInvoiceUrl: invoice.hosted_invoice_url ?? `${appUrl}/settings/billing`,
            graceEndsAt: graceEnds,
            ...(typeof invoice.amount_due === 'number' ? { amountDue: `$${(invoice.amount_due / 100).toFixed(2)}` } : {}),
          }),
      };
    }
    case 'invoice.paid': {
      const invoice = event.data.object;
      if (!invoiceSubscription(invoice)) return { state: undefined };
      return {
        state: account.status === 'canceled' ? {} : { status: 'active', gracePeriodEndsAt: null },
        audit: { action: 'SUBSCRIPTION_UPDATED', metadata: { status: 'active', invoice: invoice.id } },
      };
    }
    default:
      return null;
  }
}
