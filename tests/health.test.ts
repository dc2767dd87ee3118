import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { call, json } from './support/app';
import * as health from '@/app/api/health/route';
import * as live from '@/app/api/health/live/route';
import * as metricsRoute from '@/app/api/metrics/route';
import { installDatabase, openPostgres, type Database } from '@/src/db';
import { resetHealthCache, startDraining } from '@/src/observability/health';
import { resetEnvCache } from '@/src/config/env';

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  installDatabase(db);
  await db.close();
});

beforeEach(() => resetHealthCache());

describe(`GET /api/health (${engine})`, () => {
  it('passes with the database reachable and migrated', async () => {
    const res = await call(health.GET, { path: '/api/health' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/health+json');
    const body = await json(res);
    expect(body.status).toBe('pass');
    expect(body.checks['database:responseTime'][0]).toMatchObject({ status: 'pass', observedUnit: 'ms', time: expect.any(String) });
    expect(body.checks['database:migrations'][0]).toMatchObject({ status: 'pass' });
    expect(body.checks['email:oldestPending'][0]).toMatchObject({ status: 'pass', observedUnit: 's' });
    expect(body.checks['jobs:oldestWaiting'][0]).toMatchObject({ status: 'pass' });
    expect(body).toMatchObject({ version: expect.any(String), releaseId: expect.any(String) });
    // Names only, never values.
    expect(JSON.stringify(body)).not.toContain(process.env.BETTER_AUTH_SECRET!);
  });

  it('caches results for 2 s so a flood of probes does not load the database', async () => {
    const first = await (await call(health.GET, { path: '/api/health' })).json();
    const second = await (await call(health.GET, { path: '/api/health' })).json();
    expect(second.checks['database:responseTime'][0].time).toBe(first.checks['database:responseTime'][0].time);
  });

  it('warns (200) when the oldest unsent email is old, and fails (503) while shutting down', async () => {
    await ownerQuery(
      db,
      `insert into email_outbox (tenant_id, dedupe_key, template, to_address, subject, text_body, html_body, created_at)
       values (gen_random_uuid(), 'old', 'welcome', 'a@example.test', 's', 't', 'h', now() - interval '1 hour')`,
    );
    const warn = await call(health.GET, { path: '/api/health' });
    expect(warn.status).toBe(200);
    expect((await json(warn)).status).toBe('warn');
    await ownerQuery(db, `delete from email_outbox where dedupe_key = 'old'`);
    resetHealthCache();
    startDraining();
    const draining = await call(health.GET, { path: '/api/health' });
    expect(draining.status).toBe(503);
    expect((await json(draining)).checks['process:lifecycle'][0].output).toBe('shutting down');
    // Liveness does no I/O and stays up.
    expect((await call(live.GET, { path: '/api/health/live' })).status).toBe(200);
    resetHealthCache();
  });

  it('serves Prometheus metrics only with the bearer token, and 404 without one configured', async () => {
    expect((await call(metricsRoute.GET, { path: '/api/metrics' })).status).toBe(404);
    process.env.METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
    resetEnvCache();
    try {
      expect((await call(metricsRoute.GET, { path: '/api/metrics', headers: { authorization: 'Bearer wrong-token-wrong-token-00' } })).status).toBe(401);
      const res = await call(metricsRoute.GET, { path: '/api/metrics', headers: { authorization: 'Bearer metrics-token-for-tests-0123456789' } });
      expect(res.status).toBe(200);
      const text = await res.text();
      for (const name of ['http_request_duration_seconds', 'rate_limit_rejections_total', 'webhook_events_total', 'job_runs_total', 'email_outbox_pending', 'db_pool_connections', 'process_cpu_user_seconds_total']) {
        expect(text).toContain(name);
      }
      expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\}/);
    } finally {
      delete process.env.METRICS_TOKEN;
      resetEnvCache();
    }
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
