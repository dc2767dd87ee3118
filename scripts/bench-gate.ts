/**
 * npm run bench:gate [-- --duration 10 --connections 10 --no-build]
 *
 * What the request gate costs: requests/s and latency for a bare route (GET /api/health/live:
 * no session, no database), a public page (/sign-in) and an authenticated tenant read
 * (GET /api/dealerships: session, rate limits, tenant transaction, RLS query), with rate limits in
 * memory (no REDIS_URL) and on Redis, in one run. Prints the overhead of the gate over the bare route.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import autocannon from 'autocannon';
import { runMigrations } from '../src/db/client';
import { mintOwnerSessions } from './bench/sessions';
import { ensureBuild, freePort, spawnServer, type Server } from './bench/server';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const DURATION = flag('duration', 10);
const CONNECTIONS = flag('connections', 10);
const ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const appDir = process.cwd();

type Row = { mode: string; endpoint: string; rps: number; p50: number; p99: number };

async function measure(url: string, cookies: string[]): Promise<Omit<Row, 'mode' | 'endpoint'>> {
  // Each request its own client address (the anonymous limit is per IP) and, when signed in,
  // the next of several users in turn: one user's flood would meet the per-user limit.
  let sent = 0;
  const run = (duration: number) =>
    autocannon({
      url,
      connections: CONNECTIONS,
      duration,
      requests: [
        {
          setupRequest: (req) => {
            const i = sent++;
            const headers: Record<string, string> = { ...req.headers, 'x-forwarded-for': `198.18.${(i >> 8) & 255}.${i & 255}` };
            if (cookies.length) headers.cookie = cookies[i % cookies.length]!;
            return { ...req, headers };
          },
        },
      ],
    });
  // Warm-up (JIT, pools), not recorded.
  await run(2);
  const r = await run(DURATION);
  if (r.non2xx || r.errors || r.timeouts) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99 };
}

async function main() {
  ensureBuild(appDir, args.includes('--no-build') ? 'never' : 'auto');
  const dbName = `bench_gate_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const ownerUrl = ADMIN.replace(/\/[^/]*$/, `/${dbName}`);
  const rows: Row[] = [];
  let server: Server | undefined;
  const owner = new pg.Client({ connectionString: ownerUrl });
  // Dropping the database (finally) ends this session from the server side: not an error.
  owner.on('error', () => {});
  try {
    await runMigrations(ownerUrl);
    await owner.connect();
    await owner.query('alter role dealershipai_app login; alter role dealershipai_system login');
    const roleUrl = (role: string) => ownerUrl.replace('postgres://postgres@', `postgres://${role}@`);

    for (const mode of ['memory', 'redis'] as const) {
      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      const secret = randomBytes(32).toString('base64url');
      server = spawnServer({
        appDir,
        mode: 'next-start',
        port,
        logFile: path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-gate-')), 'server.log'),
        env: {
          NODE_ENV: 'production',
          NEXT_MANUAL_SIG_HANDLE: 'true',
          SHUTDOWN_DRAIN_MS: '0',
          DATABASE_URL: roleUrl('dealershipai_app'),
          DATABASE_SYSTEM_URL: roleUrl('dealershipai_system'),
          BETTER_AUTH_SECRET: secret,
          APP_URL: origin,
          LOG_LEVEL: 'warn',
          JOB_WORKERS: '0',
          ...(mode === 'redis' ? { REDIS_URL: REDIS } : {}),
        },
      });
      await server.ready();
      const res = await fetch(`${origin}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ email: `gate-${mode}-${Date.now()}@bench.invalid`, password: randomBytes(12).toString('base64url'), name: 'Bench' }),
      });
      const body = (await res.json()) as { user: { id: string } };
      const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const { rows: t } = await owner.query<{ id: string }>(`insert into tenants (name) values ('Bench Group') returning id`);
      const tenantId = t[0]!.id;
      await owner.query(`insert into memberships (tenant_id, user_id, role) values ($1, $2, 'owner')`, [tenantId, body.user.id]);
      await owner.query(`insert into billing_accounts (tenant_id, plan, status) values ($1, 'enterprise', 'active')`, [tenantId]);
      await owner.query(
        `insert into dealerships (tenant_id, name, website_url) select $1, 'Store ' || g, 'https://example.com' from generate_series(1, 10) g`,
        [tenantId],
      );
      const cookies = [cookie, ...(await mintOwnerSessions(owner, { tenantIds: [tenantId], count: 2 * CONNECTIONS + 20, cookieName: cookie.split('=')[0]!, secret }))];
      const endpoints: [string, string, string[]][] = [
        ['bare route  GET /api/health/live', `${origin}/api/health/live`, []],
        ['public page GET /sign-in', `${origin}/sign-in`, []],
        ['tenant read GET /api/dealerships', `${origin}/api/dealerships`, cookies],
      ];
      for (const [name, url, sessionCookies] of endpoints) {
        rows.push({ mode, endpoint: name, ...(await measure(url, sessionCookies)) });
        console.log(`${mode.padEnd(7)} ${name.padEnd(36)} ${JSON.stringify(rows.at(-1))}`);
      }
      await server.stop();
      server = undefined;
    }
  } finally {
    await owner.end().catch(() => {});
    await server?.stop();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }

  console.log(`\nbench:gate  ${new Date().toISOString()}  ${os.cpus().length} cores  ${CONNECTIONS} connections × ${DURATION} s`);
  console.log('mode     endpoint                              req/s    p50 ms   p99 ms');
  for (const r of rows) console.log(`${r.mode.padEnd(8)} ${r.endpoint.padEnd(36)} ${String(r.rps).padStart(7)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)}`);
  for (const mode of ['memory', 'redis']) {
    const bare = rows.find((r) => r.mode === mode && r.endpoint.startsWith('bare'))!;
    const tenant = rows.find((r) => r.mode === mode && r.endpoint.startsWith('tenant'))!;
    console.log(`${mode}: gate overhead p50 ${tenant.p50 - bare.p50} ms (target ≤ 3 ms); req/s ratio tenant/bare ${(tenant.rps / bare.rps).toFixed(2)}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
