import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { ClerkWorld, configureClerk } from './support/clerk';
import { withTenant, withUser, type Database, type Tx } from '@/src/db';
import { tenantOwnedTables } from '@/src/db/catalog';

/**
 * The SQL isolation matrix: every tenant-owned table × SELECT / INSERT / UPDATE / DELETE ×
 * (own tenant, other tenant, no tenant), run as the runtime role. A new tenant-owned table
 * without a row factory here fails the suite. It runs twice: on tenants and users inserted
 * directly, and on tenants, users and memberships created by Clerk webhooks.
 */
type Factory = (tenantId: string) => { columns: string; values: string };

/**
 * What the runtime role may do per table (default: everything, within its tenant). Anything not
 * granted must be refused outright with a privilege error, for every tenant.
 */
type Privileges = { select: boolean; insert: boolean; update: boolean; delete: boolean };
const ALL: Privileges = { select: true, insert: true, update: true, delete: true };
const PRIVILEGES: Record<string, Privileges> = {
  audit_log: { ...ALL, update: false, delete: false },
  audit_heads: { ...ALL, delete: false },
  audit_checkpoints: { select: true, insert: false, update: false, delete: false },
  reports: { ...ALL, delete: false },
  billing_accounts: { ...ALL, update: false, delete: false },
  webhook_events: { select: false, insert: false, update: false, delete: false },
  email_outbox: { select: false, insert: true, update: false, delete: false },
  flag_overrides: { select: true, insert: false, update: false, delete: false },
  tenant_deletions: { ...ALL, delete: false },
};
const can = (table: string, op: keyof Privileges) => (PRIVILEGES[table] ?? ALL)[op];
/** Tables with one row per tenant: inserting "own" upserts. */
const ONE_PER_TENANT = new Set(['audit_heads', 'billing_accounts', 'tenant_deletions']);

let db: Database;
let userId: string;
const storeOf: Record<string, string> = {};
let A: string = randomUUID();
let B: string = randomUUID();

const FACTORIES: Record<string, Factory> = {
  dealerships: (t) => ({ columns: 'tenant_id, name, website_url', values: `'${t}', 'Store ${randomUUID()}', 'https://example.com'` }),
  invitations: (t) => ({
    columns: 'tenant_id, email, role, token_hash, expires_at',
    values: `'${t}', '${randomUUID()}@example.test', 'viewer', '${randomUUID()}', now() + interval '1 day'`,
  }),
  memberships: (t) => ({ columns: 'tenant_id, user_id, role', values: `'${t}', '${userId}', 'viewer'` }),
  audit_log: (t) => ({
    columns: 'tenant_id, seq, occurred_at, actor_type, action, metadata, prev_hash, hash',
    values: `'${t}', ${Math.floor(Math.random() * 1e9)}, now(), 'system', 'SETTINGS_CHANGED', '{}', 'x', 'y'`,
  }),
  // Finished reports, so the one-active-scan-per-dealership index never interferes.
  reports: (t) => ({ columns: 'tenant_id, dealership_id, status', values: `'${t}', '${storeOf[t]}', 'failed'` }),
  audit_heads: (t) => ({ columns: 'tenant_id, seq, hash', values: `'${t}', 0, 'x'` }),
  billing_accounts: (t) => ({ columns: 'tenant_id, plan', values: `'${t}', 'free'` }),
  webhook_events: (t) => ({ columns: 'provider, event_id, type, tenant_id, outcome, payload', values: `'stripe', 'evt_${randomUUID()}', 'x', '${t}', 'applied', '{}'` }),
  email_outbox: (t) => ({
    columns: 'tenant_id, dedupe_key, template, to_address, subject, text_body, html_body',
    values: `'${t}', '${randomUUID()}', 'welcome', 'a@example.test', 's', 't', 'h'`,
  }),
  flag_overrides: (t) => ({ columns: 'tenant_id, flag_key, value', values: `'${t}', 'flag-${randomUUID()}', 'true'` }),
  tenant_deletions: (t) => ({ columns: 'tenant_id, delete_after', values: `'${t}', now() + interval '7 days'` }),
  idempotency_keys: (t) => ({
    columns: 'tenant_id, user_id, method, route, key, fingerprint, locked_until',
    values: `'${t}', '${userId}', 'POST', '/x', '${randomUUID()}', 'f', now()`,
  }),
  audit_checkpoints: (t) => ({ columns: 'tenant_id, seq, hash', values: `'${t}', 0, 'x'` }),
};

const insertSql = (table: string, tenantId: string) => {
  const f = FACTORIES[table]!(tenantId);
  return sql.raw(`insert into ${table} (${f.columns}) values (${f.values})`);
};

async function fingerprint(table: string, tenantId: string): Promise<string> {
  const { rows } = await ownerQuery<{ f: string }>(
    db,
    `select coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as f from ${table} t where tenant_id = $1`,
    [tenantId],
  );
  return rows[0]!.f;
}

async function expectRlsError(fn: () => Promise<unknown>) {
  await expect(fn()).rejects.toMatchObject({ cause: { code: '42501' } });
}

/** Runs as the runtime role in a savepoint-free transaction that is always rolled back. */
async function attempt<T>(scope: 'A' | 'none', fn: (tx: Tx) => Promise<T>): Promise<T> {
  const rollback = new Error('rollback');
  let result: T | undefined;
  const run = async (tx: Tx) => {
    result = await fn(tx);
    throw rollback;
  };
  await (scope === 'A' ? withTenant({ tenantId: A, userId }, run) : withUser(userId, run)).catch((e) => {
    if (e !== rollback) throw e;
  });
  return result as T;
}

/** Built-in: rows inserted behind the app. Clerk: the same world, made by Clerk webhooks. */
async function seed(mode: 'built-in' | 'clerk'): Promise<void> {
  db = await createTestDatabase();
  let other: string;
  if (mode === 'clerk') {
    configureClerk(true, { webhooksOnly: true });
    const world = new ClerkWorld(db);
    // A user who belongs to neither tenant, so only tenant policies can grant visibility.
    userId = (await world.signUp()).userId;
    ({ tenantId: A } = await world.createOrg('Tenant A'));
    ({ tenantId: B } = await world.createOrg('Tenant B'));
    other = (await world.signUp()).userId;
    for (const t of [A, B]) await world.addMember(t, other, 'viewer');
  } else {
    A = randomUUID();
    B = randomUUID();
    userId = (await ownerQuery<{ id: string }>(db, `insert into users (name, email) values ('x', '${randomUUID()}@example.test') returning id`)).rows[0]!.id;
    await ownerQuery(db, 'insert into tenants (id, name) values ($1, $2), ($3, $4)', [A, 'Tenant A', B, 'Tenant B']);
    other = (await ownerQuery<{ id: string }>(db, `insert into users (name, email) values ('y', '${randomUUID()}@example.test') returning id`)).rows[0]!.id;
  }
  for (const t of [A, B]) {
    storeOf[t] = (await ownerQuery<{ id: string }>(db, `insert into dealerships (tenant_id, name, website_url) values ($1, 'Report Store', 'https://r.example') returning id`, [t])).rows[0]!.id;
  }
  for (const table of Object.keys(FACTORIES)) {
    for (const t of [A, B]) {
      // Webhook-made tenants already have some rows (memberships, billing, audit): one is enough.
      const { rows } = await ownerQuery<{ n: number }>(db, `select count(*)::int as n from ${table} where tenant_id = $1`, [t]);
      if (rows[0]!.n > 0) continue;
      const f = FACTORIES[table]!(t);
      // memberships are keyed by (tenant, user): seed them with a user other than the actor.
      const values = table === 'memberships' ? f.values.replace(userId, other) : f.values;
      await ownerQuery(db, `insert into ${table} (${f.columns}) values (${values})`);
    }
  }
}

for (const mode of ['built-in', 'clerk'] as const) {
  describe(`SQL isolation matrix (${engine}, ${mode} auth)`, () => {
    beforeAll(() => seed(mode));
    afterAll(async () => {
      if (mode === 'clerk') configureClerk(false);
      await db.close();
    });

    it('has a row factory for every tenant-owned table', async () => {
      expect(Object.keys(FACTORIES).sort()).toEqual(await tenantOwnedTables(db.system));
    });

    for (const table of Object.keys(FACTORIES)) {
      describe(table, () => {
        it('SELECT: own tenant only; nothing without a tenant', async () => {
          if (!can(table, 'select')) {
            await expectRlsError(() => attempt('A', (tx) => tx.execute(sql.raw(`select * from ${table}`))));
            return;
          }
          const own = await attempt('A', (tx) => tx.execute<{ tenant_id: string }>(sql.raw(`select tenant_id from ${table}`)));
          expect(own.rows.length).toBeGreaterThan(0);
          expect(new Set(own.rows.map((r) => r.tenant_id))).toEqual(new Set([A]));
          const none = await attempt('none', (tx) => tx.execute(sql.raw(`select * from ${table}`)));
          expect(none.rows).toEqual([]);
        });

        it('INSERT: own tenant allowed; other tenant and no tenant rejected', async () => {
          if (!can(table, 'insert')) {
            await expectRlsError(() => attempt('A', (tx) => tx.execute(insertSql(table, A))));
            return;
          }
          // One-row-per-tenant tables already hold A's row: A's insert is an upsert of it.
          const ownInsert = ONE_PER_TENANT.has(table)
            ? sql.raw(`${insertSql(table, A).queryChunks.map((c) => (c as { value: string[] }).value.join('')).join('')} on conflict (tenant_id) do update set updated_at = now()`)
            : insertSql(table, A);
          const ok = await attempt('A', (tx) => tx.execute(ownInsert));
          expect(ok.rowCount).toBe(1);
          await expectRlsError(() => attempt('A', (tx) => tx.execute(insertSql(table, B))));
          await expectRlsError(() => attempt('none', (tx) => tx.execute(insertSql(table, A))));
        });

        it('UPDATE: other tenant rows untouched; moving a row to another tenant rejected', async () => {
          const before = await fingerprint(table, B);
          if (!can(table, 'update')) {
            await expectRlsError(() => attempt('A', (tx) => tx.execute(sql.raw(`update ${table} set tenant_id = tenant_id`))));
            expect(await fingerprint(table, B)).toBe(before);
            return;
          }
          const other = await attempt('A', (tx) => tx.execute(sql.raw(`update ${table} set tenant_id = tenant_id where tenant_id = '${B}'`)));
          expect(other.rowCount).toBe(0);
          const none = await attempt('none', (tx) => tx.execute(sql.raw(`update ${table} set tenant_id = tenant_id`)));
          expect(none.rowCount).toBe(0);
          await expectRlsError(() => attempt('A', (tx) => tx.execute(sql.raw(`update ${table} set tenant_id = '${B}' where tenant_id = '${A}'`))));
          expect(await fingerprint(table, B)).toBe(before);
        });

        it('DELETE: other tenant rows untouched; nothing without a tenant', async () => {
          const before = await fingerprint(table, B);
          if (!can(table, 'delete')) {
            await expectRlsError(() => attempt('A', (tx) => tx.execute(sql.raw(`delete from ${table}`))));
            expect(await fingerprint(table, B)).toBe(before);
            return;
          }
          const other = await attempt('A', (tx) => tx.execute(sql.raw(`delete from ${table} where tenant_id = '${B}'`)));
          expect(other.rowCount).toBe(0);
          const none = await attempt('none', (tx) => tx.execute(sql.raw(`delete from ${table}`)));
          expect(none.rowCount).toBe(0);
          const own = await attempt('A', (tx) => tx.execute(sql.raw(`delete from ${table} where tenant_id = '${A}'`)));
          expect(own.rowCount).toBeGreaterThan(0);
          expect(await fingerprint(table, B)).toBe(before);
        });
      });
    }

    it('hides other tenants and their users outside tenant tables too', async () => {
      const tenants = await attempt('A', (tx) => tx.execute<{ id: string }>(sql`select id from tenants`));
      expect(tenants.rows.map((r) => r.id)).toEqual([A]);
      const users = await attempt('A', (tx) => tx.execute<{ id: string }>(sql`select id from users`));
      // Only the actor and tenant A's members: never tenant B's member.
      const bMembers = await ownerQuery<{ user_id: string }>(db, 'select user_id from memberships where tenant_id = $1', [B]);
      const aMembers = await ownerQuery<{ user_id: string }>(db, 'select user_id from memberships where tenant_id = $1', [A]);
      const visible = new Set(users.rows.map((r) => r.id));
      for (const m of bMembers.rows) if (!aMembers.rows.some((a) => a.user_id === m.user_id)) expect(visible.has(m.user_id)).toBe(false);
      await expect(attempt('A', (tx) => tx.execute(sql`select password from accounts`))).rejects.toMatchObject({ cause: { code: '42501' } });
      await expect(attempt('A', (tx) => tx.execute(sql`select token from sessions`))).rejects.toMatchObject({ cause: { code: '42501' } });
    });
  });
}
