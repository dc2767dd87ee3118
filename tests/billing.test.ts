import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { call, createTenant, insertDealership, json, setPlan, validDealership, type TestTenant } from './support/app';
import { startFakeStripe, type FakeStripe } from './support/stripe-server';
import * as webhook from '@/app/api/stripe/webhook/route';
import * as checkout from '@/app/api/stripe/create-checkout/route';
import * as portal from '@/app/api/stripe/portal/route';
import * as subscription from '@/app/api/billing/subscription/route';
import * as dealerships from '@/app/api/dealerships/route';
import * as dealership from '@/app/api/dealerships/[id]/route';
import * as invitations from '@/app/api/members/invitations/route';
import { resetEnvCache } from '@/src/config/env';
import type { Database } from '@/src/db';

const SECRET = 'whsec_test_local_signing_secret';
const PRICES = { pro_month: 'price_pro_m', pro_year: 'price_pro_y', ent_month: 'price_ent_m', ent_year: 'price_ent_y' };
const signer = new Stripe('sk_offline_for_test_signatures');

let db: Database;
let fake: FakeStripe;

function configureStripe(on: boolean) {
  const vars: Record<string, string> = {
    STRIPE_SECRET_KEY: 'sk_test_local_fake',
    STRIPE_API_BASE: fake.url,
    STRIPE_WEBHOOK_SECRET: SECRET,
    STRIPE_PRICE_PRO_MONTHLY: PRICES.pro_month,
    STRIPE_PRICE_PRO_ANNUAL: PRICES.pro_year,
    STRIPE_PRICE_ENTERPRISE_MONTHLY: PRICES.ent_month,
    STRIPE_PRICE_ENTERPRISE_ANNUAL: PRICES.ent_year,
  };
  for (const [k, v] of Object.entries(vars)) {
    if (on) process.env[k] = v;
    else if (k !== 'STRIPE_WEBHOOK_SECRET') delete process.env[k];
  }
  resetEnvCache();
}

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeStripe();
  configureStripe(true);
});
afterAll(async () => {
  configureStripe(false);
  delete process.env.STRIPE_WEBHOOK_SECRET;
  resetEnvCache();
  await fake.close();
  await db.close();
});
beforeEach(() => {
  fake.delayMs = 0;
});

// ---- Stripe-shaped fixtures ---------------------------------------------------------------

type Lifecycle = { tenantId: string; customer: string; subscription: string };

function sub(l: Lifecycle, status: string, price: string, extra: Record<string, unknown> = {}) {
  return {
    id: l.subscription,
    object: 'subscription',
    customer: l.customer,
    status,
    metadata: { tenant_id: l.tenantId },
    trial_end: null,
    items: { object: 'list', data: [{ id: 'si_1', object: 'subscription_item', price: { id: price, object: 'price' }, current_period_end: 1_800_000_000 }] },
    ...extra,
  };
}

const invoice = (l: Lifecycle, id: string) => ({
  id,
  object: 'invoice',
  customer: l.customer,
  hosted_invoice_url: `https://invoice.stripe.test/${id}`,
  amount_due: 49900,
  parent: { type: 'subscription_details', subscription_details: { subscription: l.subscription, metadata: { tenant_id: l.tenantId } } },
});

function event(type: string, created: number, object: unknown, previous?: unknown) {
  return {
    id: `evt_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    livemode: false,
    type,
    data: { object, ...(previous ? { previous_attributes: previous } : {}) },
  };
}

function lifecycleEvents(l: Lifecycle, t0: number) {
  return [
    event('checkout.session.completed', t0, { id: 'cs_1', object: 'checkout.session', client_reference_id: l.tenantId, customer: l.customer, subscription: l.subscription, metadata: { tenant_id: l.tenantId } }),
    event('customer.subscription.created', t0 + 1, sub(l, 'trialing', PRICES.pro_month, { trial_end: t0 + 14 * 86400 })),
    event('customer.subscription.trial_will_end', t0 + 11 * 86400, sub(l, 'trialing', PRICES.pro_month, { trial_end: t0 + 14 * 86400 })),
    event('invoice.paid', t0 + 14 * 86400, invoice(l, 'in_1')),
    event('invoice.payment_failed', t0 + 44 * 86400, invoice(l, 'in_2')),
    event('invoice.paid', t0 + 45 * 86400, invoice(l, 'in_2')),
    event('customer.subscription.updated', t0 + 50 * 86400, sub(l, 'active', PRICES.ent_month), { items: { data: [{ price: { id: PRICES.pro_month } }] } }),
    event('customer.subscription.deleted', t0 + 80 * 86400, sub(l, 'canceled', PRICES.ent_month)),
  ];
}

async function deliver(evt: unknown, options: { secret?: string; timestamp?: number; tamper?: boolean; header?: string | null } = {}) {
  const payload = JSON.stringify(evt);
  const header =
    options.header !== undefined
      ? options.header
      : signer.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? SECRET, timestamp: options.timestamp ?? Math.floor(Date.now() / 1000) });
  const body = options.tamper ? payload.replace('"livemode":false', '"livemode":true') : payload;
  return call(webhook.POST, { method: 'POST', path: '/api/stripe/webhook', rawBody: body, headers: { 'content-type': 'application/json', ...(header ? { 'stripe-signature': header } : {}) } });
}

async function newLifecycle(): Promise<Lifecycle & { tenant: TestTenant }> {
  const tenant = await createTenant(db);
  await setPlan(db, tenant.tenantId, 'free', 'none');
  const customer = `cus_${randomUUID().slice(0, 10)}`;
  await ownerQuery(db, 'update billing_accounts set stripe_customer_id = $2 where tenant_id = $1', [tenant.tenantId, customer]);
  return { tenant, tenantId: tenant.tenantId, customer, subscription: `sub_${randomUUID().slice(0, 10)}` };
}

async function account(tenantId: string) {
  const { rows } = await ownerQuery(db, 'select plan, interval, status, grace_period_ends_at, trial_ends_at, stripe_subscription_id from billing_accounts where tenant_id = $1', [tenantId]);
  return rows[0] as { plan: string; interval: string | null; status: string; grace_period_ends_at: Date | null; trial_ends_at: Date | null; stripe_subscription_id: string | null };
}

async function outbox(tenantId: string) {
  const { rows } = await ownerQuery<{ template: string; to_address: string; dedupe_key: string }>(
    db,
    'select template, to_address, dedupe_key from email_outbox where tenant_id = $1 order by template, dedupe_key',
    [tenantId],
  );
  return rows;
}

const inboxCount = async () => (await ownerQuery<{ n: number }>(db, 'select count(*)::int as n from webhook_events')).rows[0]!.n;

// ---- Tests ----------------------------------------------------------------------------------

describe(`Stripe webhooks (${engine})`, () => {
  it('applies each handled event type, with its state change and emails', async () => {
    const l = await newLifecycle();
    // Without a Stripe subscription to re-read, checkout.session.completed only links ids.
    fake.subscriptions.delete(l.subscription);
    const [completed, created, trialEnd, paid, failed, paidAgain, upgraded, deleted] = lifecycleEvents(l, 1_790_000_000);

    expect(await json(await deliver(completed))).toEqual({ received: true, outcome: 'applied' });
    expect(await account(l.tenantId)).toMatchObject({ stripe_subscription_id: l.subscription });

    await deliver(created);
    expect(await account(l.tenantId)).toMatchObject({ plan: 'pro', interval: 'month', status: 'trialing' });

    await deliver(trialEnd);
    expect((await outbox(l.tenantId)).map((e) => e.template)).toEqual(['trial_ending']);

    await deliver(paid);
    expect(await account(l.tenantId)).toMatchObject({ status: 'active', grace_period_ends_at: null });

    await deliver(failed);
    const pastDue = await account(l.tenantId);
    expect(pastDue.status).toBe('past_due');
    expect(pastDue.grace_period_ends_at!.getTime()).toBe((failed!.created + 3 * 86400) * 1000);
    expect((await outbox(l.tenantId)).map((e) => e.template)).toContain('payment_failed');

    await deliver(paidAgain);
    expect(await account(l.tenantId)).toMatchObject({ status: 'active', grace_period_ends_at: null });

    await deliver(upgraded);
    expect(await account(l.tenantId)).toMatchObject({ plan: 'enterprise', status: 'active' });
    expect((await outbox(l.tenantId)).map((e) => e.template)).toContain('plan_changed');

    await deliver(deleted);
    expect(await account(l.tenantId)).toMatchObject({ plan: 'free', status: 'canceled', interval: null });
    expect((await outbox(l.tenantId)).map((e) => e.template).sort()).toEqual(['payment_failed', 'plan_changed', 'subscription_canceled', 'trial_ending']);

    const { rows } = await ownerQuery<{ action: string }>(db, `select action from audit_log where tenant_id = $1 and actor_type = 'webhook' order by seq`, [l.tenantId]);
    expect(rows.map((r) => r.action)).toEqual([
      'SUBSCRIPTION_CREATED',
      'SUBSCRIPTION_CREATED',
      'SUBSCRIPTION_UPDATED',
      'SUBSCRIPTION_UPDATED',
      'SUBSCRIPTION_UPDATED',
      'SUBSCRIPTION_UPDATED',
      'SUBSCRIPTION_CANCELED',
    ]);
  });

  it('records and acknowledges unknown types and events for unknown customers', async () => {
    const before = await inboxCount();
    expect(await json(await deliver(event('customer.tax_id.created', 1_790_000_000, { id: 'txi_1', object: 'tax_id', customer: 'cus_nobody' })))).toMatchObject({
      outcome: 'no_tenant',
    });
    const l = await newLifecycle();
    expect(await json(await deliver(event('payout.paid', 1_790_000_000, { id: 'po_1', object: 'payout', customer: l.customer })))).toMatchObject({
      outcome: 'unknown_type',
    });
    expect(await inboxCount()).toBe(before + 2);
  });

  it('chaos replay: the lifecycle delivered three times, shuffled, ends as in order with one email per logical event', async () => {
    const inOrder = await newLifecycle();
    const shuffled = await newLifecycle();
    const t0 = 1_790_000_000;
    for (const e of lifecycleEvents(inOrder, t0)) expect((await deliver(e)).status).toBe(200);

    const events = lifecycleEvents(shuffled, t0);
    const deliveries = [...events, ...events, ...events];
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    const outcomes = [];
    for (const e of deliveries) outcomes.push((await json(await deliver(e))).outcome);
    expect(outcomes.filter((o) => o === 'duplicate').length).toBe(events.length * 2);

    const a = await account(inOrder.tenantId);
    const b = await account(shuffled.tenantId);
    expect({ ...b, stripe_subscription_id: null }).toEqual({ ...a, stripe_subscription_id: null });
    const emails = (rows: { template: string }[]) => rows.map((r) => r.template).sort();
    expect(emails(await outbox(shuffled.tenantId))).toEqual(emails(await outbox(inOrder.tenantId)));
    expect(emails(await outbox(shuffled.tenantId))).toEqual(['payment_failed', 'plan_changed', 'subscription_canceled', 'trial_ending']);
  });

  it('an older event never regresses state; a tie is settled by re-reading the subscription from Stripe', async () => {
    const l = await newLifecycle();
    await deliver(event('customer.subscription.updated', 2_000, sub(l, 'active', PRICES.ent_month)));
    expect((await json(await deliver(event('customer.subscription.updated', 1_000, sub(l, 'past_due', PRICES.pro_month))))).outcome).toBe('stale');
    expect(await account(l.tenantId)).toMatchObject({ plan: 'enterprise', status: 'active' });

    // Same second, conflicting states: Stripe's current view wins.
    fake.subscriptions.set(l.subscription, sub(l, 'active', PRICES.pro_year));
    await deliver(event('customer.subscription.updated', 2_000, sub(l, 'trialing', PRICES.pro_month)));
    expect(await account(l.tenantId)).toMatchObject({ plan: 'pro', interval: 'year', status: 'active' });
    expect(fake.count(`/v1/subscriptions/${l.subscription}`)).toBeGreaterThan(0);
  });

  it('rejects bad signatures and bad bodies with 400 and writes nothing', async () => {
    const l = await newLifecycle();
    const e = event('customer.subscription.created', 1_790_000_000, sub(l, 'active', PRICES.pro_month));
    const before = await inboxCount();
    const cases: [string, Response][] = [
      ['missing header', await deliver(e, { header: null })],
      ['wrong secret', await deliver(e, { secret: 'whsec_someone_else' })],
      ['tampered body', await deliver(e, { tamper: true })],
      ['stale timestamp', await deliver(e, { timestamp: Math.floor(Date.now() / 1000) - 3600 })],
      ['garbage header', await deliver(e, { header: 't=abc,v1=def' })],
    ];
    const payload = 'not json at all';
    const header = signer.webhooks.generateTestHeaderString({ payload, secret: SECRET });
    cases.push(['non-JSON body', await call(webhook.POST, { method: 'POST', path: '/api/stripe/webhook', rawBody: payload, headers: { 'stripe-signature': header } })]);
    for (const [name, res] of cases) {
      expect(res.status, name).toBe(400);
      expect(res.headers.get('content-type'), name).toBe('application/problem+json');
    }
    expect(await inboxCount()).toBe(before);
    expect(await account(l.tenantId)).toMatchObject({ plan: 'free', status: 'none' });
  });
});

describe(`checkout and Idempotency-Key (${engine})`, () => {
  const checkoutAs = (t: TestTenant, body: unknown, key?: string) =>
    call(checkout.POST, { method: 'POST', path: '/api/stripe/create-checkout', body, cookie: t.owner.cookie, headers: key ? { 'idempotency-key': key } : {} });

  it('creates the customer once and a subscription checkout with the tenant in its metadata', async () => {
    const t = await createTenant(db);
    const res = await checkoutAs(t, { plan: 'pro', interval: 'year' });
    expect(res.status).toBe(200);
    expect((await json(res)).url).toMatch(/^https:\/\/checkout\.stripe\.test\//);
    const session = fake.calls.filter((c) => c.path === '/v1/checkout/sessions').at(-1)!;
    const form = new URLSearchParams(session.body);
    expect(form.get('client_reference_id')).toBe(t.tenantId);
    expect(form.get('metadata[tenant_id]')).toBe(t.tenantId);
    expect(form.get('line_items[0][price]')).toBe(PRICES.pro_year);
    const customers = fake.count('/v1/customers');
    await checkoutAs(t, { plan: 'enterprise', interval: 'month' });
    expect(fake.count('/v1/customers')).toBe(customers);
    // Only owners manage billing.
    expect((await call(checkout.POST, { method: 'POST', path: '/api/stripe/create-checkout', body: { plan: 'pro', interval: 'year' }, cookie: t.admin.cookie })).status).toBe(403);
  });

  it('50 concurrent identical requests with one key reach Stripe once; the rest replay or wait', async () => {
    const t = await createTenant(db);
    fake.delayMs = 150;
    const before = fake.count('/v1/checkout/sessions');
    const key = `key-${randomUUID()}`;
    const responses = await Promise.all(Array.from({ length: 50 }, () => checkoutAs(t, { plan: 'pro', interval: 'month' }, key)));
    expect(fake.count('/v1/checkout/sessions') - before).toBe(1);
    const ok = responses.filter((r) => r.status === 200);
    const waiting = responses.filter((r) => r.status === 409);
    expect(ok.length + waiting.length).toBe(50);
    for (const r of waiting) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    const bodies = new Set(await Promise.all(ok.map((r) => r.text())));
    expect(bodies.size).toBe(1);
    // After completion every retry is a byte-identical replay.
    fake.delayMs = 0;
    const replay = await checkoutAs(t, { plan: 'pro', interval: 'month' }, key);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.text()).toBe([...bodies][0]);
    // Stripe received our key as its own.
    expect(fake.calls.filter((c) => c.path === '/v1/checkout/sessions').at(-1)!.idempotencyKey).toContain(key);
  });

  it('the same key with another body is 422; a 5xx releases the key so a retry runs', async () => {
    const t = await createTenant(db);
    const key = `key-${randomUUID()}`;
    expect((await checkoutAs(t, { plan: 'pro', interval: 'month' }, key)).status).toBe(200);
    const mismatch = await checkoutAs(t, { plan: 'enterprise', interval: 'month' }, key);
    expect(mismatch.status).toBe(422);
    expect((await json(mismatch)).code).toBe('idempotency_key_reused');

    const retryKey = `key-${randomUUID()}`;
    fake.failNext('/v1/checkout/sessions', 3); // the SDK itself retries twice
    const failed = await checkoutAs(t, { plan: 'pro', interval: 'month' }, retryKey);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const retried = await checkoutAs(t, { plan: 'pro', interval: 'month' }, retryKey);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });

  it('invalid keys are 400; a key is scoped to its tenant and user', async () => {
    const t = await createTenant(db);
    expect((await checkoutAs(t, { plan: 'pro', interval: 'month' }, 'x'.repeat(256))).status).toBe(400);
    expect((await checkoutAs(t, { plan: 'pro', interval: 'month' }, 'bad\u0001key')).status).toBe(400);
    const key = `shared-${randomUUID()}`;
    const other = await createTenant(db);
    const a = await checkoutAs(t, { plan: 'pro', interval: 'month' }, key);
    const b = await checkoutAs(other, { plan: 'pro', interval: 'month' }, key);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(await b.text()).not.toBe(await a.text());
  });

  it('idempotent creation routes replay instead of creating twice', async () => {
    const t = await createTenant(db);
    const key = `key-${randomUUID()}`;
    const send = () => call(dealerships.POST, { method: 'POST', path: '/api/dealerships', body: validDealership(), cookie: t.admin.cookie, headers: { 'idempotency-key': key } });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(await second.text()).toBe(await first.text());
    const { rows } = await ownerQuery<{ n: number }>(db, 'select count(*)::int as n from dealerships where tenant_id = $1', [t.tenantId]);
    expect(rows[0]!.n).toBe(1);
  });

  it('without Stripe configured, checkout says so and the subscription still reads', async () => {
    configureStripe(false);
    try {
      const t = await createTenant(db);
      const res = await checkoutAs(t, { plan: 'pro', interval: 'month' });
      expect(res.status).toBe(503);
      expect((await json(res)).code).toBe('billing_not_configured');
      const s = await json(await call(subscription.GET, { path: '/api/billing/subscription', cookie: t.owner.cookie }));
      expect(s).toMatchObject({ plan: 'enterprise', status: 'active', limits: { dealerships: null } });
    } finally {
      configureStripe(true);
    }
  });
});

describe(`plan limits and read-only (${engine})`, () => {
  it('a free tenant can add one dealership; the second is 402 naming the limit and the plan that lifts it', async () => {
    const t = await createTenant(db);
    await setPlan(db, t.tenantId, 'free', 'none');
    expect((await call(dealerships.POST, { method: 'POST', path: '/api/dealerships', body: validDealership(), cookie: t.owner.cookie })).status).toBe(201);
    const res = await call(dealerships.POST, { method: 'POST', path: '/api/dealerships', body: validDealership(), cookie: t.owner.cookie });
    expect(res.status).toBe(402);
    expect(await json(res)).toMatchObject({ code: 'plan_limit_reached', limit: 'dealerships', max: 1, plan: 'free', upgradeTo: 'pro' });
    // Members: the free plan has 3 seats and the test tenant already has 4 people.
    const invite = await call(invitations.POST, { method: 'POST', path: '/api/members/invitations', body: { email: 'more@example.test', role: 'viewer' }, cookie: t.owner.cookie });
    expect(invite.status).toBe(402);
    const s = await json(await call(subscription.GET, { path: '/api/billing/subscription', cookie: t.owner.cookie }));
    expect(s).toMatchObject({ plan: 'free', limits: { dealerships: 1, members: 3, scansPerMonth: 2 }, usage: { dealerships: 1, members: 4 } });
  });

  it('after the grace period a past-due tenant is read-only: mutations 402, reads and billing still work', async () => {
    const t = await createTenant(db);
    const id = await insertDealership(db, t.tenantId);
    await ownerQuery(db, `update billing_accounts set plan = 'pro', status = 'past_due', grace_period_ends_at = now() + interval '1 day', stripe_customer_id = $2 where tenant_id = $1`, [
      t.tenantId,
      `cus_${randomUUID().slice(0, 8)}`,
    ]);
    // Within the grace period everything works.
    expect((await call(dealership.PATCH, { method: 'PATCH', path: `/api/dealerships/${id}`, params: { id }, body: { name: 'Still fine' }, cookie: t.owner.cookie })).status).toBe(200);
    await ownerQuery(db, `update billing_accounts set grace_period_ends_at = now() - interval '1 minute' where tenant_id = $1`, [t.tenantId]);
    const blocked = await call(dealership.PATCH, { method: 'PATCH', path: `/api/dealerships/${id}`, params: { id }, body: { name: 'Blocked' }, cookie: t.owner.cookie });
    expect(blocked.status).toBe(402);
    expect((await json(blocked)).code).toBe('payment_required');
    expect((await call(dealerships.POST, { method: 'POST', path: '/api/dealerships', body: validDealership(), cookie: t.admin.cookie })).status).toBe(402);
    expect((await call(dealership.GET, { path: `/api/dealerships/${id}`, params: { id }, cookie: t.viewer.cookie })).status).toBe(200);
    expect((await call(dealerships.GET, { path: '/api/dealerships', cookie: t.owner.cookie })).status).toBe(200);
    expect((await call(portal.POST, { method: 'POST', path: '/api/stripe/portal', cookie: t.owner.cookie })).status).toBe(200);
    const s = await json(await call(subscription.GET, { path: '/api/billing/subscription', cookie: t.owner.cookie }));
    expect(s).toMatchObject({ status: 'past_due', readOnly: true });
  });
});
