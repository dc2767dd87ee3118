import { eq, isNull, and, sql } from 'drizzle-orm';
import { z } from 'zod';
import { billingAccounts, tenants } from '@/src/db/schema';
import type { Tx } from '@/src/db/scope';
import type { Principal } from '@/src/auth/principal';
import { Problem } from '@/src/access/problem';
import { env } from '@/src/config/env';
import { billingAccount } from './account';
import { PAID_PLANS, PLANS, priceIdFor } from './plans';
import { stripeClient } from './stripe';

export const CheckoutInput = z.object({ plan: z.enum(PAID_PLANS), interval: z.enum(['month', 'year']) }).strict();

const notConfigured = () =>
  new Problem(503, 'billing_not_configured', 'Billing is not configured on this deployment. Your plan stays as it is.');

/**
 * The tenant's Stripe customer, created once and stored. Concurrent first checkouts use the same
 * Stripe idempotency key, so Stripe returns one customer to both; never matched by email.
 */
async function ensureCustomer(tx: Tx, principal: Principal): Promise<string> {
  const stripe = stripeClient();
  if (!stripe) throw notConfigured();
  const account = await billingAccount(tx, principal.tenantId);
  if (account.stripeCustomerId) return account.stripeCustomerId;
  const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, principal.tenantId));
  const customer = await stripe.customers.create(
    { name: tenant?.name, metadata: { tenant_id: principal.tenantId } },
    { idempotencyKey: `customer-for-tenant-${principal.tenantId}` },
  );
  await tx.insert(billingAccounts).values({ tenantId: principal.tenantId }).onConflictDoNothing();
  await tx
    .update(billingAccounts)
    .set({ stripeCustomerId: customer.id, updatedAt: sql`now()` })
    .where(and(eq(billingAccounts.tenantId, principal.tenantId), isNull(billingAccounts.stripeCustomerId)));
  return customer.id;
}

/** A Stripe Checkout session for a subscription; the request's Idempotency-Key becomes Stripe's. */
export async function createCheckout(tx: Tx, principal: Principal, input: z.infer<typeof CheckoutInput>, idempotencyKey: string | null) {
  const stripe = stripeClient();
  if (!stripe) throw notConfigured();
  const price = priceIdFor(input.plan, input.interval);
  if (!price) throw new Problem(503, 'billing_not_configured', `No Stripe price is configured for ${PLANS[input.plan].name} (${input.interval}).`);
  const account = await billingAccount(tx, principal.tenantId);
  // A second checkout would start a second subscription and bill twice: plan changes go
  // through the customer portal once a subscription runs.
  if (account.stripeSubscriptionId && ['trialing', 'active', 'past_due'].includes(account.status)) {
    throw new Problem(409, 'subscription_exists', 'This dealer group already has a subscription. Change plans from "Manage payment method" (the Stripe customer portal).');
  }
  const customer = await ensureCustomer(tx, principal);
  const appUrl = env().APP_URL;
  const firstSubscription = !account.stripeSubscriptionId;
  const session = await stripe.checkout.sessions.create(
    {
      mode: 'subscription',
      customer,
      client_reference_id: principal.tenantId,
      metadata: { tenant_id: principal.tenantId },
      line_items: [{ price, quantity: 1 }],
      subscription_data: {
        metadata: { tenant_id: principal.tenantId },
        ...(firstSubscription && PLANS[input.plan].trialDays ? { trial_period_days: PLANS[input.plan].trialDays } : {}),
      },
      success_url: `${appUrl}/settings/billing?checkout=success`,
      cancel_url: `${appUrl}/pricing?checkout=canceled`,
    },
    idempotencyKey ? { idempotencyKey: `checkout-${principal.tenantId}-${idempotencyKey}` } : undefined,
  );
  if (!session.url) throw new Problem(502, 'stripe_error', 'Stripe did not return a checkout URL.');
  return { url: session.url };
}

export async function createPortal(tx: Tx, principal: Principal) {
  const stripe = stripeClient();
  if (!stripe) throw notConfigured();
  const account = await billingAccount(tx, principal.tenantId);
  if (!account.stripeCustomerId) throw new Problem(409, 'no_billing_account', 'Choose a plan first: there is no payment method to manage yet.');
  const session = await stripe.billingPortal.sessions.create({ customer: account.stripeCustomerId, return_url: `${env().APP_URL}/settings/billing` });
  return { url: session.url };
}
