import { createHash, randomBytes, randomUUID } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { addMember, call, createTenant, insertDealership, json, PASSWORD, signUp, type TestTenant } from './support/app';
import { startFakeStripe, type FakeStripe } from './support/stripe-server';
import * as exportRoute from '@/app/api/tenant/export/route';
import * as deleteRoute from '@/app/api/tenant/delete/route';
import * as cancelRoute from '@/app/api/tenant/delete/cancel/route';
import * as profileRoute from '@/app/api/user/profile/route';
import { resetEnvCache } from '@/src/config/env';
import type { Database } from '@/src/db';
import { withSystem } from '@/src/db/scope';
import { tenantOwnedTables } from '@/src/db/catalog';
import { GENESIS_HASH, PLATFORM_TENANT_ID, verifyChain } from '@/src/audit';
import {
  NOTICE_TEMPLATES,
  deletionOrder,
  redactJson,
  remainingRows,
  runLifecycleSweep,
  runTenantDeletion,
  stripeCancelKey,
  tenantTables,
  withheldColumns,
} from '@/src/lifecycle';

/**
 * Tenant data lifecycle on both engines: the export (complete, nothing of another tenant, no
 * secrets, bounded memory), scheduled deletion (all or nothing, Stripe canceled once, cancelable
 * in the grace period) and deleting one's own account.
 */

let db: Database;
let stripe: FakeStripe;

beforeAll(async () => {
  db = await createTestDatabase();
  stripe = await startFakeStripe();
  process.env.STRIPE_SECRET_KEY = 'sk_test_local_fake';
  process.env.STRIPE_API_BASE = stripe.url;
  resetEnvCache();
}, 180_000);
afterAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_API_BASE;
  resetEnvCache();
  await stripe.close();
  await db.close();
});

const q = <T extends Record<string, unknown> = Record<string, any>>(text: string, values: unknown[] = []) =>
  ownerQuery<T>(db, text, values).then((r) => r.rows);

/** Secrets seeded per tenant: none of them may ever appear in an export. */
const secretsOf = (tag: string) => ({
  inviteToken: `SECRET-INVITE-${tag}`,
  response: `SECRET-RESPONSE-${tag}`,
  clientSecret: `pi_${tag}_secret_SECRETCLIENT`,
});

/** One or more rows in every tenant-owned table (asserted below, so a new table needs a line here). */
async function seedEverywhere(t: TestTenant, tag: string): Promise<void> {
  const s = secretsOf(tag);
  const store = await insertDealership(db, t.tenantId, `Store ${tag}`);
  await insertDealership(db, t.tenantId, `Second store ${tag}`);
  await q(
    `insert into reports (tenant_id, dealership_id, status, result, overall_score, requested_by, finished_at)
     values ($1, $2, 'succeeded', $3, 71, $4, now())`,
    [t.tenantId, store, JSON.stringify({ overallScore: 71, checks: [{ id: 'llms-txt', status: 'fail' }] }), t.owner.userId],
  );
  await q(
    `insert into invitations (tenant_id, email, role, token_hash, expires_at, invited_by)
     values ($1, $2, 'viewer', $3, now() + interval '1 day', $4)`,
    [t.tenantId, `invitee-${tag}@example.test`, createHash('sha256').update(s.inviteToken).digest('hex'), t.owner.userId],
  );
  await q(`insert into audit_checkpoints (tenant_id, seq, hash) values ($1, 0, $2)`, [t.tenantId, GENESIS_HASH]);
  await q(`update billing_accounts set stripe_customer_id = $2, stripe_subscription_id = $3, status = 'active' where tenant_id = $1`, [
    t.tenantId,
    `cus_${tag}`,
    `sub_${tag}`,
  ]);
  await q(
    `insert into email_outbox (tenant_id, dedupe_key, template, to_address, subject, text_body, html_body)
     values ($1, $2, 'member_invitation', $3, 'Join us', $4, $5)`,
    [t.tenantId, `invitation:${tag}`, `invitee-${tag}@example.test`, `Accept: https://app.example/invite/${s.inviteToken}`, `<a href="https://app.example/invite/${s.inviteToken}">x</a>`],
  );
  await q(
    `insert into idempotency_keys (tenant_id, user_id, method, route, key, fingerprint, status, locked_until, response_status, response_headers, response_body)
     values ($1, $2, 'POST', '/api/members/invitations', $3, 'f', 'completed', now(), 201, '{"content-type":"application/json"}', $4)`,
    [t.tenantId, t.owner.userId, `key-${tag}`, JSON.stringify({ acceptUrl: `https://app.example/invite/${s.response}` })],
  );
  await q(
    `insert into webhook_events (provider, event_id, type, tenant_id, outcome, payload) values ('stripe', $1, 'payment_intent.succeeded', $2, 'ignored', $3)`,
    [`evt_${tag}`, t.tenantId, JSON.stringify({ id: `evt_${tag}`, data: { object: { id: `pi_${tag}`, client_secret: s.clientSecret, amount: 49900, metadata: { tenant_id: t.tenantId } } } })],
  );
  await q(`insert into tenant_deletions (tenant_id, delete_after, canceled_at) values ($1, now() - interval '30 days', now() - interval '31 days')`, [t.tenantId]);
  await q(`insert into flag_overrides (tenant_id, flag_key, value, updated_by) values ($1, 'newDashboard', 'true', $2)`, [t.tenantId, t.owner.userId]);
}

/** Per table: row count and a content checksum of the tenant's rows (owner's view, no RLS). */
async function fingerprint(tenantId: string, except: string[] = []): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await tenantOwnedTables(db.system)) {
    if (except.includes(table)) continue;
    const [r] = await q<{ n: number; f: string }>(
      `select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as f from ${table} t where tenant_id = $1`,
      [tenantId],
    );
    out[table] = `${r!.n}:${r!.f}`;
  }
  const people = `select user_id from memberships where tenant_id = $1`;
  for (const [name, sql] of [
    ['tenants', `select t::text as x from tenants t where id = $1`],
    ['users', `select u::text as x from users u where id in (${people})`],
    ['accounts', `select a::text as x from accounts a where user_id in (${people})`],
    ['sessions', `select s::text as x from sessions s where user_id in (${people})`],
  ] as const) {
    const [r] = await q<{ f: string }>(`select coalesce(md5(string_agg(x, '|' order by x)), '') as f from (${sql}) s`, [tenantId]);
    out[name] = r!.f;
  }
  return out;
}

type ExportDoc = {
  format: string;
  exportDate: string;
  tenantId: string;
  schemaVersion: number;
  withheld: Record<string, Record<string, string>>;
  tenant: Record<string, unknown>;
  members: Record<string, unknown>[];
  tables: Record<string, { key: string[]; rows: Record<string, unknown>[] }>;
  manifest: { tables: Record<string, { rows: number; sha256: string }>; members: { rows: number; sha256: string }; tenant: { rows: number; sha256: string }; totalRows: number };
};

const sha256Of = (rows: unknown[]) => {
  const h = createHash('sha256');
  for (const r of rows) h.update(canonicalize(r)!).update('\n');
  return h.digest('hex');
};

async function exportAs(cookie: string): Promise<{ res: Response; text: string }> {
  const res = await call(exportRoute.GET, { path: '/api/tenant/export', cookie });
  return { res, text: await res.text() };
}

describe(`tenant export (${engine})`, { timeout: 120_000 }, () => {
  let a: TestTenant;
  let b: TestTenant;
  const tagA = `exa${randomBytes(3).toString('hex')}`;
  const tagB = `exb${randomBytes(3).toString('hex')}`;
  beforeAll(async () => {
    a = await createTenant(db, 'Export Motors A');
    b = await createTenant(db, 'Export Motors B');
    await seedEverywhere(a, tagA);
    await seedEverywhere(b, tagB);
  }, 180_000);

  it('the seed covers every tenant-owned table (a new table must be seeded here)', async () => {
    for (const table of await tenantOwnedTables(db.system)) {
      const [r] = await q<{ n: number }>(`select count(*)::int as n from ${table} where tenant_id = $1`, [a.tenantId]);
      expect(r!.n, table).toBeGreaterThan(0);
    }
  });

  it("streams every one of the tenant's rows, none of another tenant's, and no secret", async () => {
    const { res, text } = await exportAs(a.owner.cookie);
    expect(res.status, text.slice(0, 500)).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="tenant-${a.tenantId}-export.json"`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = JSON.parse(text) as ExportDoc;

    expect(doc.format).toBe('dealershipai-tenant-export');
    expect(doc.tenantId).toBe(a.tenantId);
    expect(Date.parse(doc.exportDate)).not.toBeNaN();
    const [migrations] = await q<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(doc.schemaVersion).toBe(migrations!.n);
    expect(doc.tenant).toMatchObject({ id: a.tenantId, name: 'Export Motors A' });

    // Every tenant-owned table, with exactly the rows direct SQL finds (withheld columns removed).
    const catalog = await tenantTables(db.system);
    expect(Object.keys(doc.tables).sort()).toEqual(catalog.map((t) => t.name).sort());
    for (const table of catalog) {
      const withheld = Object.keys(withheldColumns(table.name, table.columns));
      const direct = await q<{ j: Record<string, unknown> }>(`select to_jsonb(t) - $2::text[] as j from ${table.name} t where tenant_id = $1`, [a.tenantId, withheld]);
      const expected = direct.map((r) => canonicalize(table.name === 'webhook_events' ? redactJson(r.j) : r.j)).sort();
      const exported = doc.tables[table.name]!.rows.map((r) => canonicalize(r)).sort();
      expect(exported, table.name).toEqual(expected);
      for (const row of doc.tables[table.name]!.rows) expect(row.tenant_id, table.name).toBe(a.tenantId);
      // The manifest describes exactly what was streamed.
      expect(doc.manifest.tables[table.name]).toEqual({ rows: direct.length, sha256: sha256Of(doc.tables[table.name]!.rows) });
    }

    // Members: profiles only.
    expect(doc.members.map((m) => m.email).sort()).toEqual([a.owner.email, a.admin.email, a.manager.email, a.viewer.email].sort());
    for (const m of doc.members) expect(Object.keys(m).sort()).toEqual(['email', 'id', 'joined_at', 'name', 'role']);
    expect(doc.manifest.members).toEqual({ rows: 4, sha256: sha256Of(doc.members) });
    expect(doc.manifest.tenant).toEqual({ rows: 1, sha256: sha256Of([doc.tenant]) });
    expect(doc.manifest.totalRows).toBe(Object.values(doc.tables).reduce((n, t) => n + t.rows.length, 5));

    // Nothing of B.
    const bIds = (await q<{ id: string }>('select id::text from dealerships where tenant_id = $1', [b.tenantId])).map((r) => r.id);
    for (const id of [b.tenantId, ...bIds, b.owner.email]) expect(text).not.toContain(id);

    // No secret: seeded ones, password hashes, session tokens, invitation token hashes.
    for (const secret of [...Object.values(secretsOf(tagA)), ...Object.values(secretsOf(tagB))]) expect(text).not.toContain(secret);
    const members = [a.owner, a.admin, a.manager, a.viewer].map((u) => u.userId);
    const hashes = await q<{ v: string }>(`select password as v from accounts where user_id = any($1) and password is not null`, [members]);
    const tokens = await q<{ v: string }>(`select token as v from sessions where user_id = any($1)`, [members]);
    const inviteHashes = await q<{ v: string }>(`select token_hash as v from invitations where tenant_id = $1`, [a.tenantId]);
    expect(hashes.length + tokens.length + inviteHashes.length).toBeGreaterThan(8);
    for (const { v } of [...hashes, ...tokens, ...inviteHashes]) expect(text).not.toContain(v);
    expect(doc.withheld.invitations).toHaveProperty('token_hash');
    expect(doc.withheld.email_outbox).toHaveProperty('text_body');
    expect(doc.withheld.idempotency_keys).toHaveProperty('response_body');
    expect(JSON.stringify(doc.tables.webhook_events!.rows[0])).toContain('"client_secret":"[redacted]"');
    // Audit hashes are integrity data, exported so the chain can be checked from the file.
    expect(doc.tables.audit_log!.rows[0]).toHaveProperty('hash');

    // One row per line, so line-oriented tools (and the route matrix) can handle it.
    expect(text.split('\n').filter((l) => l.includes(`"tenant_id":"${a.tenantId}"`)).length).toBe(Object.values(doc.tables).reduce((n, t) => n + t.rows.length, 0));

    const [audit] = await q<{ n: number }>(`select count(*)::int as n from audit_log where tenant_id = $1 and action = 'TENANT_EXPORTED'`, [a.tenantId]);
    expect(audit!.n).toBe(1);
  });

  it('is for owners only, and works while the tenant is read-only for non-payment', async () => {
    for (const role of ['admin', 'manager', 'viewer'] as const) expect((await exportAs(a[role].cookie)).res.status, role).toBe(403);
    await q(`update billing_accounts set status = 'past_due', grace_period_ends_at = now() - interval '1 day' where tenant_id = $1`, [a.tenantId]);
    try {
      const { res, text } = await exportAs(a.owner.cookie);
      expect(res.status).toBe(200);
      expect((JSON.parse(text) as ExportDoc).manifest.totalRows).toBeGreaterThan(10);
    } finally {
      await q(`update billing_accounts set status = 'active', grace_period_ends_at = null where tenant_id = $1`, [a.tenantId]);
    }
  });

  it('keeps memory flat while streaming 100,000 rows', { timeout: 300_000 }, async () => {
    const big = await createTenant(db, 'Export Motors Big');
    const filler = 'x'.repeat(700);
    // 40,000 dealerships, 30,000 reports and 30,000 audit entries: about 100 MB of JSON.
    await q(
      `insert into dealerships (tenant_id, name, website_url, city, state, address)
       select $1, 'Store ' || g, 'https://store' || g || '.example', 'Austin', 'TX', $2 from generate_series(1, 40000) g`,
      [big.tenantId, filler],
    );
    const [store] = await q<{ id: string }>('select id from dealerships where tenant_id = $1 limit 1', [big.tenantId]);
    await q(
      `insert into reports (tenant_id, dealership_id, status, result, overall_score, finished_at)
       select $1, $2, 'succeeded', jsonb_build_object('overallScore', g % 100, 'note', $3::text), g % 100, now() from generate_series(1, 30000) g`,
      [big.tenantId, store!.id, filler],
    );
    await q(
      `insert into audit_log (tenant_id, seq, occurred_at, actor_type, action, metadata, prev_hash, hash)
       select $1, 1000 + g, now(), 'system', 'SETTINGS_CHANGED', jsonb_build_object('note', $2::text), md5(g::text), md5((g + 1)::text) from generate_series(1, 30000) g`,
      [big.tenantId, filler],
    );

    const res = await call(exportRoute.GET, { path: '/api/tenant/export', cookie: big.owner.cookie });
    expect(res.status).toBe(200);
    // Garbage is not growth: collect before each sample, so what is measured is what is kept.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const base = process.memoryUsage();
    let peakHeap = base.heapUsed;
    let peakRss = base.rss;
    let bytes = 0;
    let sampledAt = 0;
    let tail = '';
    const decoder = new TextDecoder();
    const reader = res.body!.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      tail = (tail + decoder.decode(value, { stream: true })).slice(-100_000);
      if (bytes - sampledAt > 8 * 1024 * 1024) {
        sampledAt = bytes;
        gc();
        const m = process.memoryUsage();
        peakHeap = Math.max(peakHeap, m.heapUsed);
        peakRss = Math.max(peakRss, m.rss);
      }
    }
    const manifest = JSON.parse(tail.slice(tail.lastIndexOf('"manifest":') + 11, -2)) as ExportDoc['manifest'];
    const MB = 1024 * 1024;
    const heapGrowth = (peakHeap - base.heapUsed) / MB;
    const rssGrowth = (peakRss - base.rss) / MB;
    console.log(`[export ${engine}] ${manifest.totalRows} rows, ${(bytes / MB).toFixed(1)} MB streamed; retained heap +${heapGrowth.toFixed(1)} MB, RSS +${rssGrowth.toFixed(1)} MB`);
    expect(manifest.tables.dealerships!.rows).toBe(40_000);
    expect(manifest.tables.reports!.rows).toBe(30_000);
    expect(manifest.tables.audit_log!.rows).toBeGreaterThanOrEqual(30_000);
    // The document is far larger than the bound: holding it would fail the test.
    expect(bytes / MB).toBeGreaterThan(70);
    expect(heapGrowth).toBeLessThan(100);
    expect(rssGrowth).toBeLessThan(100);
  });
});

describe(`tenant deletion (${engine})`, { timeout: 120_000 }, () => {
  let a: TestTenant;
  let b: TestTenant;
  let shared: string;
  let tagA: string;
  let tagB: string;

  const requestDeletion = (t: TestTenant, body: Record<string, unknown>, cookie = t.owner.cookie) =>
    call(deleteRoute.DELETE, { method: 'DELETE', path: '/api/tenant/delete', cookie, body });
  const cancel = (cookie: string) => call(cancelRoute.POST, { method: 'POST', path: '/api/tenant/delete/cancel', cookie });
  /** Moves a scheduled deletion past its grace period, reminder sent a day before. */
  const makeDue = (tenantId: string) =>
    q(`update tenant_deletions set delete_after = now() - interval '1 minute', reminder_sent_at = now() - interval '25 hours' where tenant_id = $1`, [tenantId]);
  const stripeCancels = (sub: string) => stripe.calls.filter((c) => c.method === 'DELETE' && c.path === `/v1/subscriptions/${sub}`);

  beforeAll(async () => {
    tagA = `dla${randomBytes(3).toString('hex')}`;
    tagB = `dlb${randomBytes(3).toString('hex')}`;
    a = await createTenant(db, 'Deletion Motors A');
    b = await createTenant(db, 'Deletion Motors B');
    await seedEverywhere(a, tagA);
    await seedEverywhere(b, tagB);
    // B's viewer also belongs to A: their account must survive A's deletion.
    shared = b.viewer.userId;
    await addMember(db, a.tenantId, shared, 'viewer');
    stripe.subscriptions.set(`sub_${tagA}`, { id: `sub_${tagA}`, object: 'subscription', status: 'active', customer: `cus_${tagA}` });
  }, 180_000);

  it('derives a deletion order from the foreign keys that covers every tenant-owned table', async () => {
    const order = await deletionOrder(db.system);
    expect([...order].sort()).toEqual(await tenantOwnedTables(db.system));
    const fks = await q<{ child: string; parent: string }>(`
      select ch.relname as child, pa.relname as parent from pg_constraint c
      join pg_class ch on ch.oid = c.conrelid join pg_class pa on pa.oid = c.confrelid
      where c.contype = 'f' and ch.oid <> pa.oid`);
    for (const { child, parent } of fks) {
      if (order.includes(child) && order.includes(parent)) expect(order.indexOf(child), `${child} before ${parent}`).toBeLessThan(order.indexOf(parent));
    }
    expect(order.indexOf('reports')).toBeLessThan(order.indexOf('dealerships'));
  });

  it('refuses a wrong name, a wrong password and a non-owner; changes nothing', async () => {
    const before = await fingerprint(a.tenantId, ['audit_log', 'audit_heads']);
    const wrongName = await requestDeletion(a, { confirmName: 'Deletion Motors', password: PASSWORD });
    expect(wrongName.status).toBe(400);
    expect((await json(wrongName)).errors[0].path).toBe('confirmName');
    const wrongPassword = await requestDeletion(a, { confirmName: 'Deletion Motors A', password: 'not-the-password' });
    expect(wrongPassword.status).toBe(403);
    expect((await json(wrongPassword)).code).toBe('invalid_password');
    for (const role of ['admin', 'viewer'] as const) {
      const res = await call(deleteRoute.DELETE, { method: 'DELETE', path: '/api/tenant/delete', cookie: a[role].cookie, body: { confirmName: 'Deletion Motors A', password: PASSWORD } });
      expect(res.status, role).toBe(403);
    }
    expect((await call(deleteRoute.DELETE, { method: 'DELETE', path: '/api/tenant/delete', body: { confirmName: 'x', password: 'y' } })).status).toBe(401);
    expect(await fingerprint(a.tenantId, ['audit_log', 'audit_heads'])).toEqual(before);
    const [violation] = await q<{ n: number }>(`select count(*)::int as n from audit_log where tenant_id = $1 and action = 'TENANT_ACCESS_VIOLATION'`, [a.tenantId]);
    expect(violation!.n).toBe(2);
  });

  it('schedules the deletion after 7 days, tells every owner and records it', async () => {
    await addMember(db, a.tenantId, a.admin.userId, 'owner');
    const res = await requestDeletion(a, { confirmName: ' Deletion Motors A ', password: PASSWORD });
    expect(res.status, await res.clone().text()).toBe(202);
    const body = await json(res);
    const days = (Date.parse(body.deleteAfter) - Date.parse(body.requestedAt)) / 86_400_000;
    expect(days).toBe(7);
    const [row] = await q(`select requested_by, canceled_at, reminder_sent_at from tenant_deletions where tenant_id = $1`, [a.tenantId]);
    expect(row).toMatchObject({ requested_by: a.owner.userId, canceled_at: null, reminder_sent_at: null });
    const [audit] = await q(`select actor_id, metadata from audit_log where tenant_id = $1 and action = 'TENANT_DELETION_REQUESTED'`, [a.tenantId]);
    expect(audit).toMatchObject({ actor_id: a.owner.userId, metadata: { deleteAfter: body.deleteAfter } });
    const mail = await q<{ to_address: string }>(`select to_address from email_outbox where tenant_id = $1 and template = $2`, [a.tenantId, NOTICE_TEMPLATES.scheduled]);
    expect(mail.map((m) => m.to_address).sort()).toEqual([a.owner.email, a.admin.email].sort());
    // Asking again while scheduled is a conflict, not a second schedule.
    expect((await requestDeletion(a, { confirmName: 'Deletion Motors A', password: PASSWORD })).status).toBe(409);
    // Not due yet: the job leaves everything alone.
    expect(await runTenantDeletion(a.tenantId)).toEqual({ status: 'skipped', reason: 'not_due' });
  });

  it('reminds owners 24 hours before, and never deletes sooner than 24 hours after the reminder', async () => {
    await q(`update tenant_deletions set delete_after = now() + interval '2 hours' where tenant_id = $1`, [a.tenantId]);
    const enqueued: string[] = [];
    const sweep = await runLifecycleSweep(async (id) => enqueued.push(id));
    expect(sweep.reminded).toBeGreaterThanOrEqual(1);
    expect(enqueued).not.toContain(a.tenantId);
    const mail = await q(`select to_address from email_outbox where tenant_id = $1 and template = $2`, [a.tenantId, NOTICE_TEMPLATES.reminder]);
    expect(mail).toHaveLength(2);
    const [row] = await q<{ hours: number }>(`select extract(epoch from delete_after - reminder_sent_at) / 3600 as hours from tenant_deletions where tenant_id = $1`, [a.tenantId]);
    expect(Number(row!.hours)).toBeCloseTo(24, 1);
    // Due, but the reminder went out an hour ago: postponed to 24 hours after it.
    await q(`update tenant_deletions set delete_after = now() - interval '1 minute', reminder_sent_at = now() - interval '1 hour' where tenant_id = $1`, [a.tenantId]);
    expect(await runTenantDeletion(a.tenantId)).toMatchObject({ status: 'postponed', reason: 'reminder_too_recent' });
    await makeDue(a.tenantId);
    expect((await runLifecycleSweep(async (id) => enqueued.push(id))).enqueued).toBeGreaterThanOrEqual(1);
    expect(enqueued).toContain(a.tenantId);
    // Sending the reminder again queues nothing new.
    expect((await q(`select 1 from email_outbox where tenant_id = $1 and template = $2`, [a.tenantId, NOTICE_TEMPLATES.reminder])).length).toBe(2);
  });

  it('a failure half-way rolls everything back: A fully intact', async () => {
    await makeDue(a.tenantId);
    const before = await fingerprint(a.tenantId, ['tenant_deletions']);
    const seen: string[] = [];
    await expect(
      runTenantDeletion(a.tenantId, {
        afterTable: (table) => {
          seen.push(table);
          if (seen.length === 6) throw new Error('injected failure');
        },
      }),
    ).rejects.toThrow('injected failure');
    expect(seen).toHaveLength(6);
    expect(await fingerprint(a.tenantId, ['tenant_deletions'])).toEqual(before);
    const [row] = await q(`select attempts, last_error, stripe_canceled_at from tenant_deletions where tenant_id = $1`, [a.tenantId]);
    expect(row).toMatchObject({ attempts: 1, last_error: 'injected failure' });
    // Stripe was canceled before the transaction, once, with the tenant's idempotency key.
    expect(row!.stripe_canceled_at).not.toBeNull();
    expect(stripeCancels(`sub_${tagA}`)).toHaveLength(1);
    expect(stripeCancels(`sub_${tagA}`)[0]!.idempotencyKey).toBe(stripeCancelKey(a.tenantId));
  });

  it('deletes every row of A and nothing of B; Stripe sees one cancel however often the job runs', async () => {
    const bBefore = await fingerprint(b.tenantId);
    const [head] = await q<{ seq: string; hash: string }>(`select seq, hash from audit_heads where tenant_id = $1`, [a.tenantId]);
    const aOnly = [a.owner, a.admin, a.manager, a.viewer].map((u) => u.userId);

    const outcome = await runTenantDeletion(a.tenantId);
    expect(outcome.status).toBe('deleted');
    expect(await runTenantDeletion(a.tenantId)).toEqual({ status: 'skipped', reason: 'already_deleted' });
    expect(stripeCancels(`sub_${tagA}`)).toHaveLength(1);
    expect(stripeCancels(`sub_${tagB}`)).toHaveLength(0);

    // Zero rows with A's id in any table, the tenant gone, its own people gone.
    expect(await withSystem('test', (tx) => remainingRows(tx, a.tenantId))).toEqual({});
    for (const table of await tenantOwnedTables(db.system)) {
      const [r] = await q<{ n: number }>(`select count(*)::int as n from ${table} where tenant_id = $1`, [a.tenantId]);
      expect(r!.n, table).toBe(0);
    }
    expect(await q(`select 1 from users where id = any($1)`, [aOnly])).toHaveLength(0);
    expect(await q(`select 1 from accounts where user_id = any($1)`, [aOnly])).toHaveLength(0);
    expect(await q(`select 1 from sessions where user_id = any($1)`, [aOnly])).toHaveLength(0);
    // Someone who also belongs to B keeps their account, and B keeps every row.
    expect(await q(`select 1 from users where id = $1`, [shared])).toHaveLength(1);
    expect(await fingerprint(b.tenantId)).toEqual(bBefore);

    // The tombstone, outside tenant data.
    const [tomb] = await q(`select * from tenant_tombstones where deleted_tenant_id = $1`, [a.tenantId]);
    expect(tomb).toMatchObject({ last_audit_hash: head!.hash, stripe_subscription_id: `sub_${tagA}`, requested_by: a.owner.userId });
    expect(Number(tomb!.last_audit_seq)).toBe(Number(head!.seq));
    expect(tomb!.deleted_counts).toMatchObject({ tenants: 1, users: 4, dealerships: 2, reports: 1, memberships: 5, tenant_deletions: 1 });
    expect(Object.keys(tomb!)).not.toContain('tenant_id');
    // The people removed with it are recorded on the platform chain, which still verifies.
    const [deleted] = await q<{ n: number }>(`select count(*)::int as n from audit_log where tenant_id = $1 and action = 'USER_DELETED' and metadata->>'tenantId' = $2`, [PLATFORM_TENANT_ID, a.tenantId]);
    expect(deleted!.n).toBe(4);
    expect(await withSystem('test', (tx) => verifyChain(tx, PLATFORM_TENANT_ID))).toMatchObject({ ok: true });
    expect(await withSystem('test', (tx) => verifyChain(tx, b.tenantId))).toMatchObject({ ok: true });
    // A's members can no longer sign in to anything.
    expect((await call(exportRoute.GET, { path: '/api/tenant/export', cookie: a.owner.cookie })).status).toBe(401);
  });

  it('a cancel within the grace period keeps everything', async () => {
    const c = await createTenant(db, 'Deletion Motors C');
    await seedEverywhere(c, `dlc${randomBytes(3).toString('hex')}`);
    await addMember(db, c.tenantId, c.admin.userId, 'owner');
    expect((await cancel(c.owner.cookie)).status).toBe(409);
    expect((await requestDeletion(c, { confirmName: 'Deletion Motors C', password: PASSWORD })).status).toBe(202);
    expect((await cancel(c.viewer.cookie)).status).toBe(403);
    // Any owner may cancel, not only the one who asked.
    const res = await cancel(c.admin.cookie);
    expect(res.status, await res.clone().text()).toBe(200);
    const [row] = await q(`select canceled_at, canceled_by from tenant_deletions where tenant_id = $1`, [c.tenantId]);
    expect(row!.canceled_at).not.toBeNull();
    expect(row!.canceled_by).toBe(c.admin.userId);
    expect(await q(`select 1 from email_outbox where tenant_id = $1 and template = $2`, [c.tenantId, NOTICE_TEMPLATES.canceled])).toHaveLength(2);
    const [audit] = await q(`select actor_id, metadata from audit_log where tenant_id = $1 and action = 'TENANT_DELETION_CANCELED'`, [c.tenantId]);
    expect(audit).toMatchObject({ actor_id: c.admin.userId });
    expect(Date.parse(audit!.metadata.canceledDeleteAfter)).toBeGreaterThan(Date.now());

    const before = await fingerprint(c.tenantId);
    await q(`update tenant_deletions set delete_after = now() - interval '1 day', reminder_sent_at = now() - interval '2 days' where tenant_id = $1`, [c.tenantId]);
    expect(await runTenantDeletion(c.tenantId)).toEqual({ status: 'skipped', reason: 'canceled' });
    const enqueued: string[] = [];
    await runLifecycleSweep(async (id) => enqueued.push(id));
    expect(enqueued).not.toContain(c.tenantId);
    const after = await fingerprint(c.tenantId);
    expect({ ...after, tenant_deletions: '' }).toEqual({ ...before, tenant_deletions: '' });

    // Once the grace period is over, it can no longer be canceled.
    expect((await requestDeletion(c, { confirmName: 'Deletion Motors C', password: PASSWORD })).status).toBe(202);
    await q(`update tenant_deletions set delete_after = now() - interval '1 minute' where tenant_id = $1`, [c.tenantId]);
    const late = await cancel(c.owner.cookie);
    expect(late.status).toBe(409);
    expect((await json(late)).code).toBe('deletion_in_progress');
  });
});

describe(`deleting one's own account (${engine})`, { timeout: 120_000 }, () => {
  const del = (cookie: string, password = PASSWORD) => call(profileRoute.DELETE, { method: 'DELETE', path: '/api/user/profile', cookie, body: { password } });

  it('refuses the last owner of a dealer group, naming it and what to do', async () => {
    const t = await createTenant(db, 'Lonely Owner Motors');
    const res = await del(t.owner.cookie);
    expect(res.status).toBe(409);
    const body = await json(res);
    expect(body.code).toBe('last_owner');
    expect(body.detail).toContain('Lonely Owner Motors');
    expect(body.detail).toMatch(/owner/i);
    expect(body.detail).toMatch(/delete the dealer group/);
    expect(body.dealerGroups).toEqual([{ id: t.tenantId, name: 'Lonely Owner Motors' }]);
    expect(await q(`select 1 from users where id = $1`, [t.owner.userId])).toHaveLength(1);
    expect(await q(`select 1 from memberships where user_id = $1`, [t.owner.userId])).toHaveLength(1);
  });

  it('refuses a wrong password', async () => {
    const u = await signUp();
    const res = await del(u.cookie, 'not-the-password');
    expect(res.status).toBe(403);
    expect(await q(`select 1 from users where id = $1`, [u.userId])).toHaveLength(1);
  });

  it('removes a member of several groups everywhere, audited in each group and on the platform chain', async () => {
    const t1 = await createTenant(db, 'Leaving Motors One');
    const t2 = await createTenant(db, 'Leaving Motors Two');
    const person = await signUp(`leaver-${randomUUID()}@example.test`, 'Lee Leaver');
    await addMember(db, t1.tenantId, person.userId, 'manager');
    await addMember(db, t2.tenantId, person.userId, 'owner'); // a co-owner: t2 keeps its founder
    const store = await insertDealership(db, t1.tenantId);
    const [report] = await q<{ id: string }>(
      `insert into reports (tenant_id, dealership_id, status, result, overall_score, requested_by, finished_at)
       values ($1, $2, 'succeeded', '{"overallScore": 50}', 50, $3, now()) returning id`,
      [t1.tenantId, store, person.userId],
    );

    const res = await del(person.cookie);
    expect(res.status, await res.clone().text()).toBe(204);
    for (const table of ['memberships', 'sessions', 'accounts']) expect(await q(`select 1 from ${table} where user_id = $1`, [person.userId]), table).toHaveLength(0);
    expect(await q(`select 1 from users where id = $1`, [person.userId])).toHaveLength(0);
    // The finished report stays; it just no longer names who asked for it.
    expect(await q(`select requested_by from reports where id = $1`, [report!.id])).toEqual([{ requested_by: null }]);
    for (const t of [t1, t2]) {
      const [entry] = await q(`select actor_id, metadata from audit_log where tenant_id = $1 and action = 'MEMBER_REMOVED' and resource_id = $2`, [t.tenantId, person.userId]);
      expect(entry, t.tenantId).toMatchObject({ actor_id: person.userId, metadata: { reason: 'account_deleted' } });
      expect(await withSystem('test', (tx) => verifyChain(tx, t.tenantId))).toMatchObject({ ok: true });
    }
    const [platform] = await q(`select 1 from audit_log where tenant_id = $1 and action = 'USER_DELETED' and resource_id = $2`, [PLATFORM_TENANT_ID, person.userId]);
    expect(platform).toBeDefined();
    expect(await withSystem('test', (tx) => verifyChain(tx, PLATFORM_TENANT_ID))).toMatchObject({ ok: true });
    // The old session is dead.
    expect((await call(profileRoute.GET, { path: '/api/user/profile', cookie: person.cookie })).status).toBe(401);
    // t2 still has its owner.
    expect(await q(`select user_id from memberships where tenant_id = $1 and role = 'owner'`, [t2.tenantId])).toEqual([{ user_id: t2.owner.userId }]);
  });
});
