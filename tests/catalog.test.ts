import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { createTestDatabase, engine } from './support/db';
import type { Database } from '@/src/db';
import { isolationViolations, tenantOwnedTables } from '@/src/db/catalog';

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

// The owner's view of the catalog: on PGlite the socket login, on Postgres the owner URL.
const ownerDb = () => db.system;

describe(`schema catalog (${engine})`, () => {
  it('has no isolation violations', async () => {
    expect(await isolationViolations(ownerDb())).toEqual([]);
  });

  it('knows the tenant-owned tables', async () => {
    expect(await tenantOwnedTables(ownerDb())).toEqual([
      'audit_checkpoints',
      'audit_heads',
      'audit_log',
      'billing_accounts',
      'dealerships',
      'email_outbox',
      'flag_overrides',
      'idempotency_keys',
      'invitations',
      'memberships',
      'reports',
      'tenant_deletions',
      'webhook_events',
    ]);
  });

  it('flags a tenant table without forced RLS, a definer function and an invoker-less view', async () => {
    // Proves the checks can fail: create the mistakes as the owner, look, and roll back.
    const url = (db as Database & { ownerUrl?: string }).ownerUrl;
    const client: pg.ClientBase = url ? new pg.Client({ connectionString: url }) : await db.pools.app.connect();
    if (url) await (client as pg.Client).connect();
    let found: string[];
    try {
      await client.query('begin');
      await client.query('create table leaky (id int, tenant_id uuid)');
      await client.query('grant select on leaky to dealershipai_app');
      await client.query('create view leaky_view as select * from dealerships');
      await client.query('create function leaky_fn() returns int language sql security definer as $$ select 1 $$');
      await client.query('alter role dealershipai_app bypassrls');
      found = await isolationViolations(drizzle(client as pg.Client));
    } finally {
      await client.query('rollback');
      if (url) await (client as pg.Client).end();
      else (client as pg.PoolClient).release();
    }
    expect(found).toEqual(
      expect.arrayContaining([
        'table leaky has tenant_id but RLS is not enabled, RLS is not forced, it has no policy',
        'the runtime role can reach table leaky, which has no forced RLS',
        'view leaky_view does not use security_invoker',
        'SECURITY DEFINER function leaky_fn is executable by PUBLIC',
        'role dealershipai_app is BYPASSRLS',
      ]),
    );
    expect(await isolationViolations(ownerDb())).toEqual([]);
  });

  it("keeps Clerk's object versions (clerk_objects) from the runtime role", async () => {
    const { rows } = await ownerDb().execute<{ app: boolean; system: boolean }>(sql`
      select has_table_privilege('dealershipai_app', 'clerk_objects', 'select, insert, update, delete') as app,
             has_table_privilege('dealershipai_system', 'clerk_objects', 'select') and has_table_privilege('dealershipai_system', 'clerk_objects', 'insert')
               and has_table_privilege('dealershipai_system', 'clerk_objects', 'update') and has_table_privilege('dealershipai_system', 'clerk_objects', 'delete') as system`);
    expect(rows[0]).toEqual({ app: false, system: true });
  });

  it('runs runtime queries as the least-privilege role', async () => {
    const { withTenant } = await import('@/src/db');
    const row = await withTenant({ tenantId: '00000000-0000-4000-8000-000000000000' }, async (tx) =>
      (await tx.execute<{ current_user: string }>(sql`select current_user`)).rows[0],
    );
    expect(row?.current_user).toBe('dealershipai_app');
  });
});
