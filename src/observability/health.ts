import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { database, MIGRATIONS_FOLDER } from '@/src/db/client';
import { isProduction, missingProductionSettings } from '@/src/config/env';
import { rateLimitStore } from '@/src/access/rate-limit';

export type CheckStatus = 'pass' | 'warn' | 'fail';
export type Check = { status: CheckStatus; observedValue?: number | string; observedUnit?: string; time: string; output?: string };
export type Health = { status: CheckStatus; version: string; releaseId: string; checks: Record<string, Check[]> };

const TIMEOUT_MS = 1000;
const CACHE_MS = 2000;
const OUTBOX_WARN_SECONDS = 15 * 60;
const QUEUE_WARN_SECONDS = 5 * 60;
/** The scheduler enqueues a sweep every minute; none completed for this long means no worker. */
const WORKER_SILENT_SECONDS = 5 * 60;

let expected: number | undefined;

/** The migrations this build ships with: read once, the folder does not change while running. */
function expectedMigrations(): number {
  expected ??= (JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;
  return expected;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]);
}

const holder = globalThis as unknown as { __dealershipaiHealth?: { at: number; value: Promise<Health> }; __dealershipaiDraining?: boolean };

/** Readiness turns fail at once on SIGTERM, so load balancers stop sending while requests finish. */
export function startDraining(): void {
  holder.__dealershipaiDraining = true;
  holder.__dealershipaiHealth = undefined;
}

const pkgVersion = (() => {
  try {
    return (JSON.parse(readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

async function compute(): Promise<Health> {
  const time = new Date().toISOString();
  const checks: Record<string, Check[]> = {};
  const started = performance.now();
  try {
    const db = await withTimeout(database(), TIMEOUT_MS);
    const row = await withTimeout(
      db.system.execute<{ applied: number; outbox_age: number | null; queue_age: number | null; sweep_age: number | null }>(sql`
        select (select count(*)::int from drizzle.__drizzle_migrations) as applied,
               (select extract(epoch from now() - min(created_at))::int from email_outbox where status = 'pending') as outbox_age,
               (select extract(epoch from now() - min(created_on))::int from pgboss.job where state = 'created' and start_after < now()) as queue_age,
               (select extract(epoch from now() - max(completed_on))::int from pgboss.job where name = 'sweep-reports' and state = 'completed') as sweep_age`),
      TIMEOUT_MS,
    ).then((r) => r.rows[0]!);
    checks['database:responseTime'] = [{ status: 'pass', observedValue: Math.round(performance.now() - started), observedUnit: 'ms', time }];
    const wanted = expectedMigrations();
    checks['database:migrations'] = [
      {
        status: row.applied >= wanted ? 'pass' : 'fail',
        observedValue: row.applied,
        observedUnit: 'applied',
        time,
        ...(row.applied < wanted ? { output: `expected ${wanted} migrations; run npm run db:migrate` } : {}),
      },
    ];
    const outboxAge = row.outbox_age ?? 0;
    checks['email:oldestPending'] = [{ status: outboxAge > OUTBOX_WARN_SECONDS ? 'warn' : 'pass', observedValue: outboxAge, observedUnit: 's', time }];
    const queueAge = row.queue_age ?? 0;
    checks['jobs:oldestWaiting'] = [{ status: queueAge > QUEUE_WARN_SECONDS ? 'warn' : 'pass', observedValue: queueAge, observedUnit: 's', time }];
    if (row.sweep_age !== null) {
      checks['jobs:workers'] = [
        {
          status: row.sweep_age > WORKER_SILENT_SECONDS ? 'warn' : 'pass',
          observedValue: row.sweep_age,
          observedUnit: 's since a worker last ran the minute sweep',
          time,
        },
      ];
    }
  } catch (err) {
    checks['database:responseTime'] = [{ status: 'fail', time, output: `database unreachable (${(err as Error).message.slice(0, 80)})` }];
  }
  const store = rateLimitStore();
  if (store !== 'none') {
    // Only the rate limiter depends on Redis, and it falls back to memory: warn, never fail.
    checks['redis:connection'] = [{ status: store === 'redis' ? 'pass' : 'warn', time, ...(store === 'redis' ? {} : { output: 'unreachable; rate limits are per instance until it returns' }) }];
  }
  const missing = isProduction() ? missingProductionSettings() : [];
  checks['environment:required'] = [{ status: missing.length ? 'fail' : 'pass', time, ...(missing.length ? { output: `missing: ${missing.join(', ')}` } : {}) }];
  if (holder.__dealershipaiDraining) checks['process:lifecycle'] = [{ status: 'fail', time, output: 'shutting down' }];

  const all = Object.values(checks).flat();
  const status: CheckStatus = all.some((c) => c.status === 'fail') ? 'fail' : all.some((c) => c.status === 'warn') ? 'warn' : 'pass';
  return { status, version: pkgVersion, releaseId: process.env.RELEASE_ID ?? process.env.VERCEL_GIT_COMMIT_SHA ?? 'dev', checks };
}

/** The checks, computed at most every 2 s however many probes arrive. */
export function healthChecks(): Promise<Health> {
  const cached = holder.__dealershipaiHealth;
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const value = compute();
  holder.__dealershipaiHealth = { at: Date.now(), value };
  return value;
}

/** Tests: forget the cached result. */
export function resetHealthCache(): void {
  holder.__dealershipaiHealth = undefined;
  holder.__dealershipaiDraining = undefined;
}

/** Readiness (RFC draft application/health+json): pass/warn 200, fail 503. */
export async function healthReport(): Promise<Response> {
  const health = await healthChecks();
  return new Response(JSON.stringify(health), {
    status: health.status === 'fail' ? 503 : 200,
    headers: { 'content-type': 'application/health+json', 'cache-control': 'no-store' },
  });
}

