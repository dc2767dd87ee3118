/**
 * Stripe-shaped webhook traffic for scripts/bench-webhooks.ts: tenants seeded with a Stripe
 * customer, a repeatable stream of signed events per tenant (strictly increasing `created` per
 * tenant), exact duplicates of earlier deliveries mixed in, and what the database must hold
 * afterwards.
 */
import type pg from 'pg';
import Stripe from 'stripe';
import { prng } from './prng';

export const BENCH_SECRET = 'whsec_bench_local_signing_secret';

/** Price ids the bench server and the in-process handler are configured with. */
export const BENCH_PRICES = {
  STRIPE_PRICE_PRO_MONTHLY: 'price_bench_pro_month',
  STRIPE_PRICE_PRO_ANNUAL: 'price_bench_pro_year',
  STRIPE_PRICE_ENTERPRISE_MONTHLY: 'price_bench_ent_month',
  STRIPE_PRICE_ENTERPRISE_ANNUAL: 'price_bench_ent_year',
} as const;
const PRICE_LIST = Object.values(BENCH_PRICES);
const PRICE_AMOUNT: Record<string, number> = {
  [BENCH_PRICES.STRIPE_PRICE_PRO_MONTHLY]: 49900,
  [BENCH_PRICES.STRIPE_PRICE_PRO_ANNUAL]: 499000,
  [BENCH_PRICES.STRIPE_PRICE_ENTERPRISE_MONTHLY]: 99900,
  [BENCH_PRICES.STRIPE_PRICE_ENTERPRISE_ANNUAL]: 999000,
};

export const EVENT_TYPES = [
  'customer.subscription.created',
  'customer.subscription.updated',
  'invoice.paid',
  'invoice.payment_failed',
  'customer.subscription.trial_will_end',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Weights after a tenant's first event (always customer.subscription.created). */
const FOLLOW_UP_WEIGHTS: [EventType, number][] = [
  ['invoice.paid', 35],
  ['customer.subscription.updated', 30],
  ['invoice.payment_failed', 20],
  ['customer.subscription.trial_will_end', 15],
];
/** Share of subscription.updated events that change the price (and so queue plan_changed). */
const PLAN_CHANGE_SHARE = 0.5;

export type BenchTenant = { id: string; n: number; customer: string; subscription: string; owners: number };

/** Gives each seeded tenant a billing account with its own Stripe customer id; returns them in name order. */
export async function seedBilling(owner: pg.Pool): Promise<BenchTenant[]> {
  await owner.query(`
    insert into billing_accounts (tenant_id, plan, status, stripe_customer_id)
    select id, 'free', 'none', format('cus_bench_%s', lpad(n::text, 5, '0'))
    from (select id, row_number() over (order by name) as n from tenants) t
    on conflict (tenant_id) do update set stripe_customer_id = excluded.stripe_customer_id, plan = 'free', status = 'none'`);
  const { rows } = await owner.query<{ id: string; customer: string; owners: number }>(`
    select t.id, b.stripe_customer_id as customer,
           (select count(*) from memberships m where m.tenant_id = t.id and m.role = 'owner')::int as owners
    from tenants t join billing_accounts b on b.tenant_id = t.id
    order by t.name`);
  await owner.query('analyze billing_accounts');
  return rows.map((r, i) => ({
    id: r.id,
    n: i + 1,
    customer: r.customer,
    subscription: `sub_bench_${String(i + 1).padStart(5, '0')}`,
    owners: r.owners,
  }));
}


export type BenchEvent = {
  id: string;
  type: EventType;
  tenant: BenchTenant;
  created: number;
  payload: string;
  /** Changes billing_accounts (every type but trial_will_end), so it takes part in the ordering guard. */
  stateful: boolean;
  /** Owners' emails the event queues, whatever its outcome (emails come before the ordering guard). */
  emails: number;
};

export type Delivery = {
  event: BenchEvent;
  /** A redelivery of an event delivered earlier in the same list. */
  duplicate: boolean;
  signature: string;
  /** Unix seconds the signature carries. */
  signedAt: number;
  /** Sent as X-Request-Id, which the gate echoes: ties each response to its delivery. */
  requestId: string;
};

type TenantState = { created: number; price: string; count: number };

/**
 * One stream of events across all tenants. Consecutive batches (warm-up, then the measured set,
 * then the next phase) continue each tenant's timeline, so `created` only ever increases per tenant
 * and a batch's events are newer than every earlier batch's.
 */
export class EventStream {
  private readonly rand: () => number;
  private readonly state = new Map<string, TenantState>();
  private serial = 0;
  /** Per tenant, the newest state-changing event generated so far: what billing_accounts.last_event_id must end as. */
  readonly latestStateful = new Map<string, BenchEvent>();

  constructor(
    readonly tenants: BenchTenant[],
    seed: number,
    private readonly t0 = Math.floor(Date.now() / 1000) - 400 * 86400,
  ) {
    this.rand = prng(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)]!;
  }

  private weighted(): EventType {
    const total = FOLLOW_UP_WEIGHTS.reduce((s, [, w]) => s + w, 0);
    let x = this.rand() * total;
    for (const [type, w] of FOLLOW_UP_WEIGHTS) {
      x -= w;
      if (x < 0) return type;
    }
    return FOLLOW_UP_WEIGHTS[0]![0];
  }

  /** The next event of a random tenant. */
  next(): BenchEvent {
    const tenant = this.pick(this.tenants);
    let s = this.state.get(tenant.id);
    if (!s) {
      s = { created: this.t0 + Math.floor(this.rand() * 3600), price: PRICE_LIST[0]!, count: 0 };
      this.state.set(tenant.id, s);
    }
    // Distinct, increasing per tenant: 1 minute to 2 hours after the tenant's previous event.
    s.created += 60 + Math.floor(this.rand() * 7140);
    const type: EventType = s.count === 0 ? 'customer.subscription.created' : this.weighted();
    s.count++;
    this.serial++;
    const id = `evt_bench_${String(this.serial).padStart(7, '0')}_${Math.floor(this.rand() * 2 ** 32).toString(36)}`;
    let object: Record<string, unknown>;
    let previous: Record<string, unknown> | undefined;
    let emails = 0;
    switch (type) {
      case 'customer.subscription.created':
        s.price = this.pick(PRICE_LIST);
        object = subscription(tenant, s, 'trialing', { trial_end: s.created + 14 * 86400 });
        break;
      case 'customer.subscription.updated': {
        const change = this.rand() < PLAN_CHANGE_SHARE;
        if (change) {
          const before = s.price;
          s.price = this.pick(PRICE_LIST.filter((p) => p !== before));
          previous = { items: { data: [{ price: { id: before } }] } };
          emails = tenant.owners;
        } else {
          previous = { cancel_at_period_end: true };
        }
        object = subscription(tenant, s, 'active', {});
        break;
      }
      case 'customer.subscription.trial_will_end':
        object = subscription(tenant, s, 'trialing', { trial_end: s.created + 3 * 86400 });
        emails = tenant.owners;
        break;
      case 'invoice.paid':
        object = invoice(tenant, s, id, true);
        break;
      case 'invoice.payment_failed':
        object = invoice(tenant, s, id, false);
        emails = tenant.owners;
        break;
    }
    const event = {
      id,
      object: 'event',
      api_version: '2025-09-30.clover',
      created: s.created,
      data: { object, ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: `req_bench_${this.serial}`, idempotency_key: null },
      type,
    };
    const e: BenchEvent = {
      id,
      type,
      tenant,
      created: s.created,
      payload: JSON.stringify(event),
      stateful: type !== 'customer.subscription.trial_will_end',
      emails,
    };
    if (e.stateful) this.latestStateful.set(tenant.id, e);
    return e;
  }

  /** `count` fresh events with no duplicates (a warm-up). */
  batch(count: number): BenchEvent[] {
    return Array.from({ length: count }, () => this.next());
  }
}

function price(id: string) {
  return {
    id,
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    currency: 'usd',
    livemode: false,
    lookup_key: null,
    metadata: {},
    product: 'prod_bench_dealershipai',
    recurring: {
      interval: id.includes('year') ? 'year' : 'month',
      interval_count: 1,
      usage_type: 'licensed',
    },
    type: 'recurring',
    unit_amount: PRICE_AMOUNT[id] ?? 0,
  };
}

function subscription(tenant: BenchTenant, s: TenantState, status: string, extra: { trial_end?: number }) {
  const periodEnd = s.created + (s.price.includes('year') ? 365 : 30) * 86400;
  return {
    id: tenant.subscription,
    object: 'subscription',
    billing_cycle_anchor: s.created,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    collection_method: 'charge_automatically',
    created: s.created,
    currency: 'usd',
    customer: tenant.customer,
    default_payment_method: `pm_bench_${tenant.n}`,
    items: {
      object: 'list',
      data: [
        {
          id: `si_bench_${tenant.n}`,
          object: 'subscription_item',
          created: s.created,
          current_period_start: s.created,
          current_period_end: periodEnd,
          metadata: {},
          price: price(s.price),
          quantity: 1,
          subscription: tenant.subscription,
        },
      ],
      has_more: false,
      url: `/v1/subscription_items?subscription=${tenant.subscription}`,
    },
    latest_invoice: `in_bench_${tenant.n}_${s.count}`,
    livemode: false,
    metadata: { tenant_id: tenant.id },
    start_date: s.created,
    status,
    trial_end: extra.trial_end ?? null,
    trial_start: extra.trial_end ? s.created : null,
  };
}

function invoice(tenant: BenchTenant, s: TenantState, eventId: string, paid: boolean) {
  const invoiceId = `in_${eventId.slice(4)}`;
  const amount = PRICE_AMOUNT[s.price] ?? 0;
  return {
    id: invoiceId,
    object: 'invoice',
    account_country: 'US',
    amount_due: amount,
    amount_paid: paid ? amount : 0,
    amount_remaining: paid ? 0 : amount,
    attempt_count: 1,
    billing_reason: 'subscription_cycle',
    collection_method: 'charge_automatically',
    created: s.created,
    currency: 'usd',
    customer: tenant.customer,
    customer_email: `member-${(tenant.n - 1) * 3 + 1}@bench.invalid`,
    hosted_invoice_url: `https://invoice.stripe.test/${invoiceId}`,
    lines: {
      object: 'list',
      data: [
        {
          id: `il_${invoiceId}`,
          object: 'line_item',
          amount,
          currency: 'usd',
          description: '1 × DealershipAI (at $499.00 / month)',
          period: { start: s.created, end: s.created + 30 * 86400 },
          pricing: {
            price_details: { price: s.price, product: 'prod_bench_dealershipai' },
            type: 'price_details',
          },
          quantity: 1,
        },
      ],
      has_more: false,
    },
    livemode: false,
    metadata: {},
    number: `BENCH-${tenant.n}-${s.count}`,
    parent: {
      type: 'subscription_details',
      subscription_details: { metadata: { tenant_id: tenant.id }, subscription: tenant.subscription },
    },
    period_end: s.created,
    period_start: s.created - 30 * 86400,
    status: paid ? 'paid' : 'open',
    total: amount,
  };
}

const signer = new Stripe('sk_offline_bench_signer');

export function sign(payload: string, timestamp: number, secret = BENCH_SECRET): string {
  return signer.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

/**
 * The measured delivery list: `unique` fresh events in stream order, with `duplicates` exact
 * redeliveries (same id, same body) of earlier ones inserted at least `minGap` deliveries after
 * their original, so the original has normally been acknowledged (a closed loop of N connections
 * keeps at most N requests in flight). Redeliveries are re-signed one second later, as Stripe signs
 * each attempt anew, or carry the original's header with `sameHeader`.
 */
export function deliveries(
  stream: EventStream,
  opts: {
    unique: number;
    duplicates: number;
    minGap: number;
    timestamp: number;
    sameHeader: boolean;
    seed: number;
    prefix: string;
  },
): Delivery[] {
  const rand = prng(opts.seed);
  const events = stream.batch(opts.unique);
  const originals = events.map((event) => ({
    event,
    signature: sign(event.payload, opts.timestamp),
    signedAt: opts.timestamp,
  }));
  // Redeliveries attached after unique position `at` (≥ original + minGap; past the end = at the end).
  const after = new Map<number, number[]>();
  for (let k = 0; k < opts.duplicates; k++) {
    const o = Math.floor(rand() * opts.unique);
    const spread = Math.max(1, Math.floor(opts.unique / 4));
    const at = Math.min(opts.unique - 1, o + opts.minGap + Math.floor(rand() * spread));
    const list = after.get(at) ?? [];
    list.push(o);
    after.set(at, list);
  }
  const out: Delivery[] = [];
  const push = (event: BenchEvent, duplicate: boolean, signature: string, signedAt: number) =>
    out.push({
      event,
      duplicate,
      signature,
      signedAt,
      requestId: `${opts.prefix}-${String(out.length).padStart(6, '0')}`,
    });
  for (let u = 0; u < originals.length; u++) {
    const first = originals[u]!;
    push(first.event, false, first.signature, first.signedAt);
    for (const o of after.get(u) ?? []) {
      const orig = originals[o]!;
      if (opts.sameHeader) push(orig.event, true, orig.signature, orig.signedAt);
      else push(orig.event, true, sign(orig.event.payload, opts.timestamp + 1), opts.timestamp + 1);
    }
  }
  return out;
}

/** Signatures older than this are made anew at send time, well inside the route's 300 s tolerance. */
export const RESIGN_AFTER_SECONDS = 240;

/**
 * The Stripe-Signature to send now: the prepared one, or (on a run so slow that it would expire)
 * a fresh one, as Stripe signs every attempt when it sends it. `resigned` counts those.
 */
export function signatureFor(d: Delivery, counter: { resigned: number }): string {
  const now = Math.floor(Date.now() / 1000);
  if (now - d.signedAt <= RESIGN_AFTER_SECONDS) return d.signature;
  counter.resigned++;
  d.signature = sign(d.event.payload, now);
  d.signedAt = now;
  return d.signature;
}

/** Warm-up deliveries: fresh events only. */
export function warmupDeliveries(
  stream: EventStream,
  count: number,
  timestamp: number,
  prefix: string,
): Delivery[] {
  return stream.batch(count).map((event, i) => ({
    event,
    duplicate: false,
    signature: sign(event.payload, timestamp),
    signedAt: timestamp,
    requestId: `${prefix}-${String(i).padStart(6, '0')}`,
  }));
}

export type Answer = {
  status: number;
  outcome: string | null;
  body: string;
  ms: number;
  statements?: number;
};

export type Tally = {
  deliveries: number;
  ok: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  outcomes: Record<string, number>;
  /** Redeliveries that answered 'duplicate' (must be all of them). */
  duplicatesAnsweredDuplicate: number;
  duplicates: number;
  /** Events whose deliveries did not answer exactly one non-'duplicate' outcome. */
  notExactlyOnce: number;
  /** Events where a redelivery, not the first delivery, was the one applied (reordering). */
  copyWon: number;
  missing: number;
  firstErrors: string[];
  bodyBytesMean: number;
};

/** Checks every answer of one delivery list. */
export function tally(list: Delivery[], answers: Map<string, Answer>): Tally {
  const t: Tally = {
    deliveries: list.length,
    ok: 0,
    non2xx: 0,
    statusCodes: {},
    outcomes: {},
    duplicatesAnsweredDuplicate: 0,
    duplicates: 0,
    notExactlyOnce: 0,
    copyWon: 0,
    missing: 0,
    firstErrors: [],
    bodyBytesMean: 0,
  };
  const perEvent = new Map<string, { nonDuplicate: number; firstWasDuplicate: boolean }>();
  let bytes = 0;
  for (const d of list) {
    bytes += Buffer.byteLength(d.event.payload);
    const a = answers.get(d.requestId);
    if (d.duplicate) t.duplicates++;
    if (!a) {
      t.missing++;
      continue;
    }
    t.statusCodes[a.status] = (t.statusCodes[a.status] ?? 0) + 1;
    if (a.status < 200 || a.status > 299) {
      t.non2xx++;
      if (t.firstErrors.length < 5) t.firstErrors.push(`${a.status} ${a.body.slice(0, 300)}`);
      continue;
    }
    t.ok++;
    const outcome = a.outcome ?? '(none)';
    t.outcomes[outcome] = (t.outcomes[outcome] ?? 0) + 1;
    if (d.duplicate && outcome === 'duplicate') t.duplicatesAnsweredDuplicate++;
    const e = perEvent.get(d.event.id) ?? { nonDuplicate: 0, firstWasDuplicate: false };
    if (outcome !== 'duplicate') e.nonDuplicate++;
    else if (!d.duplicate) e.firstWasDuplicate = true;
    perEvent.set(d.event.id, e);
  }
  for (const e of perEvent.values()) {
    if (e.nonDuplicate !== 1) t.notExactlyOnce++;
    if (e.firstWasDuplicate) t.copyWon++;
  }
  t.bodyBytesMean = list.length ? bytes / list.length : 0;
  return t;
}

/** What the database must show after a delivery list: inbox rows, queued emails, per-tenant last event. */
export function expected(list: Delivery[]): { unique: number; emails: number; ids: string[] } {
  const seen = new Set<string>();
  let emails = 0;
  for (const d of list) {
    if (seen.has(d.event.id)) continue;
    seen.add(d.event.id);
    emails += d.event.emails;
  }
  return { unique: seen.size, emails, ids: [...seen] };
}
