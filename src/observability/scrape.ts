import { timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { database } from '@/src/db/client';
import { env } from '@/src/config/env';
import { problems } from '@/src/access/problem';
import { metrics } from './metrics';

function authorized(header: string | null, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * Prometheus exposition for GET /api/metrics. Without METRICS_TOKEN the endpoint does not exist
 * (404); with it, a wrong or missing bearer token is a 401.
 */
export async function scrape(req: Request): Promise<Response> {
  const token = env().METRICS_TOKEN;
  if (!token) throw problems.notFound();
  if (!authorized(req.headers.get('authorization'), token)) throw problems.unauthenticated();
  const m = metrics();
  const db = await database();
  for (const [name, pool] of Object.entries(db.pools)) {
    m.dbPool.set({ pool: name, state: 'total' }, pool.totalCount);
    m.dbPool.set({ pool: name, state: 'idle' }, pool.idleCount);
    m.dbPool.set({ pool: name, state: 'waiting' }, pool.waitingCount);
  }
  const { rows } = await db.system.execute<{ n: number }>(sql`select count(*)::int as n from email_outbox where status = 'pending'`);
  m.outboxBacklog.set(rows[0]?.n ?? 0);
  return new Response(await m.registry.metrics(), { headers: { 'content-type': m.registry.contentType, 'cache-control': 'no-store' } });
}
