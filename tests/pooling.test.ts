import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { installDatabase, openPostgres, withTenant, withUser, type Database } from '@/src/db';

/**
 * One pooled connection serving two tenants alternately: the transaction-local tenant
 * setting must never survive into the next transaction. On real Postgres the pool has
 * exactly one connection; PGlite has one backend anyway.
 */
let db: Database;
let single: Database | undefined;
const A = randomUUID();
const B = randomUUID();

beforeAll(async () => {
  db = await createTestDatabase();
  await ownerQuery(db, 'insert into tenants (id, name) values ($1, $2), ($3, $4)', [A, 'A', B, 'B']);
  await ownerQuery(
    db,
    `insert into dealerships (tenant_id, name, website_url)
     select t, 'Store ' || g, 'https://example.com' from unnest(array[$1, $2]::uuid[]) t, generate_series(1, 5) g`,
    [A, B],
  );
  const url = (db as Database & { ownerUrl?: string }).ownerUrl;
  if (url) {
    const app = new URL(url);
    app.username = 'dealershipai_app';
    single = openPostgres(app.toString(), app.toString(), 1);
    installDatabase(single);
  }
});
afterAll(async () => {
  await single?.close();
  installDatabase(db);
  await db.close();
});

describe(`pooling (${engine})`, () => {
  it('alternates two tenants 1,000 times on one connection with zero leaked rows', async () => {
    let leaked = 0;
    let seen = 0;
    const backends = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const tenantId = i % 2 === 0 ? A : B;
      const rows = await withTenant({ tenantId }, async (tx) => {
        const r = await tx.execute<{ tenant_id: string; pid: number }>(sql`select tenant_id, pg_backend_pid() as pid from dealerships`);
        return r.rows;
      });
      seen += rows.length;
      leaked += rows.filter((r) => r.tenant_id !== tenantId).length;
      rows.forEach((r) => backends.add(r.pid));
      // Between tenant transactions, a transaction with no tenant sees nothing.
      if (i % 100 === 0) {
        const none = await withUser(randomUUID(), async (tx) => (await tx.execute(sql`select 1 from dealerships`)).rows.length);
        leaked += none;
      }
    }
    expect(seen).toBe(5000);
    expect(leaked).toBe(0);
    if (engine === 'postgres') expect(backends.size).toBe(1);
  });
});
