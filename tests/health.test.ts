import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { call, json } from './support/app';
import * as health from '@/app/api/health/route';
import { installDatabase, openPostgres, type Database } from '@/src/db';

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  installDatabase(db);
  await db.close();
});

describe(`GET /api/health (${engine})`, () => {
  it('passes with the database reachable and migrated', async () => {
    const res = await call(health.GET, { path: '/api/health' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/health+json');
    const body = await json(res);
    expect(body.status).toBe('pass');
    expect(body.checks['database:responseTime'][0]).toMatchObject({ status: 'pass', observedUnit: 'ms', time: expect.any(String) });
    expect(body.checks['database:migrations'][0]).toMatchObject({ status: 'pass' });
  });

  it('answers 503 quickly when the database is unreachable', async () => {
    const down = openPostgres('postgres://nobody@127.0.0.1:1/none');
    installDatabase(down);
    const started = Date.now();
    const res = await call(health.GET, { path: '/api/health' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(503);
    expect((await json(res)).status).toBe('fail');
    await down.close();
    installDatabase(db);
  });

  it('fails when a migration has not been applied', async () => {
    await ownerQuery(db, 'delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)');
    const res = await call(health.GET, { path: '/api/health' });
    expect(res.status).toBe(503);
    const { rows } = await ownerQuery<{ n: number }>(db, 'select count(*)::int as n from drizzle.__drizzle_migrations');
    expect((await json(res)).checks['database:migrations'][0]).toMatchObject({ status: 'fail', observedValue: rows[0]!.n });
  });
});
