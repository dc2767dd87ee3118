import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { database, MIGRATIONS_FOLDER } from '@/src/db/client';

type Check = { status: 'pass' | 'warn' | 'fail'; observedValue?: number | string; observedUnit?: string; time: string; output?: string };

const TIMEOUT_MS = 1000;

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

/** Readiness: database reachable within 1 s and migrated to the latest version. */
export async function healthReport(): Promise<Response> {
  const time = new Date().toISOString();
  const checks: Record<string, Check[]> = {};
  const started = performance.now();
  try {
    const applied = await withTimeout(
      (async () => {
        const db = await database();
        const { rows } = await db.system.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
        return rows[0]?.n ?? 0;
      })(),
      TIMEOUT_MS,
    );
    checks['database:responseTime'] = [
      { status: 'pass', observedValue: Math.round(performance.now() - started), observedUnit: 'ms', time },
    ];
    const wanted = expectedMigrations();
    checks['database:migrations'] = [
      {
        status: applied >= wanted ? 'pass' : 'fail',
        observedValue: applied,
        observedUnit: 'applied',
        time,
        ...(applied < wanted ? { output: `expected ${wanted} migrations; run npm run db:migrate` } : {}),
      },
    ];
  } catch {
    checks['database:responseTime'] = [{ status: 'fail', time, output: 'database unreachable' }];
  }
  const status = Object.values(checks).flat().some((c) => c.status === 'fail') ? 'fail' : 'pass';
  return new Response(JSON.stringify({ status, checks }), {
    status: status === 'fail' ? 503 : 200,
    headers: { 'content-type': 'application/health+json', 'cache-control': 'no-store' },
  });
}
