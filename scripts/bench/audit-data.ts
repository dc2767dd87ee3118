import { createHash } from 'node:crypto';
import type pg from 'pg';
import { AUDIT_ACTIONS, type AuditAction } from '../../src/audit/actions';

/**
 * Synthetic audit trail for `npm run bench:audit`: what a year of a busy dealer group looks
 * like, generated in SQL (`generate_series`) as the owner, so a million rows load in about a
 * minute instead of an hour of `appendAudit` calls.
 *
 * The rows are realistic in shape and size, not in content: hashes are 64 hex characters but do
 * not form a valid chain (the benchmark never verifies the loaded rows), and every choice
 * (action, actor, resource) is derived from a hash of (tenant, seq), so runs are repeatable.
 */

/** [action, share per 1000 entries, resource type, distinct resource ids per tenant (0 = none)] */
const MIX: ReadonlyArray<readonly [AuditAction, number, string, number]> = [
  ['DEALERSHIP_UPDATED', 330, 'dealership', 50],
  ['REPORT_GENERATED', 150, 'report', 1000],
  ['REPORT_DOWNLOADED', 120, 'report', 1000],
  ['SETTINGS_CHANGED', 60, 'settings', 1],
  ['SIGN_IN_FAILED', 50, 'user', 20],
  ['MEMBER_INVITED', 40, 'invitation', 200],
  ['MEMBER_JOINED', 30, 'member', 20],
  ['MEMBER_ROLE_CHANGED', 30, 'member', 20],
  ['DEALERSHIP_CREATED', 30, 'dealership', 50],
  ['TENANT_ACCESS_VIOLATION', 30, 'route', 10],
  ['SUBSCRIPTION_UPDATED', 25, 'subscription', 2],
  ['USER_UPDATED', 20, 'user', 20],
  ['AUDIT_EXPORTED', 20, 'audit_log', 0],
  ['MEMBER_REMOVED', 15, 'member', 20],
  ['DEALERSHIP_DELETED', 15, 'dealership', 50],
  ['TENANT_EXPORTED', 10, 'tenant', 1],
  ['SUBSCRIPTION_CREATED', 10, 'subscription', 2],
  ['SUBSCRIPTION_CANCELED', 5, 'subscription', 2],
  ['USER_CREATED', 5, 'user', 20],
  ['USER_DELETED', 2, 'user', 20],
  ['TENANT_CREATED', 1, 'tenant', 1],
  ['TENANT_DELETION_REQUESTED', 1, 'tenant', 1],
  ['AUDIT_PURGED', 1, 'audit_log', 0],
];

export const ACTORS_PER_TENANT = 20;
/** Dealership resource ids per tenant: the resource filter picks one of these. */
export const DEALERSHIP_RESOURCES = 50;
/** The trail covers this many days, ending at load time. */
export const HISTORY_DAYS = 365;

/** The 1000 slots the per-row hash indexes into (action, resource type, resource id pool). */
function slots() {
  const actions: string[] = [];
  const types: string[] = [];
  const pools: number[] = [];
  for (const [action, share, type, pool] of MIX) {
    for (let i = 0; i < share; i++) {
      actions.push(action);
      types.push(type);
      pools.push(pool);
    }
  }
  if (actions.length !== 1000) throw new Error(`audit action mix adds up to ${actions.length}, not 1000`);
  return { actions, types, pools };
}

/** Actions the mix does not produce (a new action was added to src/audit/actions.ts). */
export function actionsMissingFromMix(): string[] {
  const have = new Set(MIX.map(([a]) => a));
  return AUDIT_ACTIONS.filter((a) => !have.has(a));
}

/** The share (0..1) of entries with this action. */
export function actionShare(action: AuditAction): number {
  return (MIX.find(([a]) => a === action)?.[1] ?? 0) / 1000;
}

/** Postgres `md5(text)::uuid::text`, computed in Node so the benchmark can name loaded ids. */
export function md5Uuid(s: string): string {
  const h = createHash('md5').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const actorId = (tenantNumber: number, actor: number) => md5Uuid(`${tenantNumber}:actor:${actor}`);
export const resourceId = (tenantNumber: number, type: string, k: number) =>
  md5Uuid(`${tenantNumber}:${type}:${k}`);

export type BenchTenant = { id: string; n: number };

export type LoadResult = {
  rows: number;
  perTenant: number;
  tenants: BenchTenant[];
  /** Timestamp of seq 1 (all tenants start within one step of it). */
  start: Date;
  /** Seconds between consecutive entries of one tenant. */
  stepSeconds: number;
  insertMs: number;
  vacuumMs: number;
  avgMetadataBytes: number;
  avgRowBytes: number;
  tableBytes: number;
  indexBytes: Array<{ name: string; bytes: number }>;
};

const INSERT = `
insert into audit_log (tenant_id, seq, occurred_at, actor_type, actor_id, actor_name, action, resource_type,
                       resource_id, metadata, ip_address, user_agent, request_id, prev_hash, hash)
select t.id,
       t.s,
       $3::timestamptz + make_interval(secs => ((t.s - 1) + (t.n % 97) / 97.0) * $4::float8),
       x.actor_type,
       case x.actor_type when 'user' then md5(format('%s:actor:%s', t.n, h.r / 1000 % ${ACTORS_PER_TENANT}))::uuid::text
                         when 'webhook' then 'stripe' end,
       case x.actor_type when 'user' then format('Bench User %s', h.r / 1000 % ${ACTORS_PER_TENANT})
                         when 'webhook' then 'Stripe' else 'System' end,
       m.action,
       m.rtype,
       case when m.pool > 0 then md5(format('%s:%s:%s', t.n, m.rtype, h.r / 20000 % m.pool))::uuid::text end,
       jsonb_build_object(
         'changes', jsonb_build_object(
           'name', jsonb_build_object('before', format('Bench Motors %s-%s', t.n, h.r % 50),
                                      'after', format('Bench Motors %s-%s Downtown', t.n, h.r % 50)),
           'phone', jsonb_build_object('before', format('+1 555 %s', lpad((h.r % 10000)::text, 4, '0')),
                                       'after', format('+1 555 %s', lpad((h.r / 7 % 10000)::text, 4, '0')))),
         'source', 'web',
         'path', format('/api/%ss/%s', m.rtype, h.r % 1000)),
       case when x.actor_type <> 'system' then format('203.0.%s.%s', h.r % 200, h.r / 200 % 250 + 1) end,
       case when x.actor_type = 'user' then (array[
         'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
         'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
         'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148'])[1 + h.r % 3]
         when x.actor_type = 'webhook' then 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' end,
       md5(format('%s:%s:req', t.n, t.s))::uuid::text,
       case when t.s = 1 then repeat('0', 64)
            else encode(sha256(convert_to(t.id::text || ':' || (t.s - 1), 'UTF8')), 'hex') end,
       encode(sha256(convert_to(t.id::text || ':' || t.s, 'UTF8')), 'hex')
-- Time order, tenants interleaved: a tenant's entries are spread over the heap as in production.
-- Only the narrow (seq, tenant) pairs are sorted; the wide rows are built in that order.
from (select g.s, b.n, b.id from generate_series($1::int, $2::int) g(s) cross join bench_tenant b order by g.s, b.n) t
cross join lateral (select hashtext(t.n || ':' || t.s)::bigint & 2147483647 as r) h
cross join lateral (select ($5::text[])[1 + h.r % 1000] as action, ($6::text[])[1 + h.r % 1000] as rtype,
                           ($7::int[])[1 + h.r % 1000] as pool) m
cross join lateral (select case when m.action like 'SUBSCRIPTION_%' then 'webhook'
                                when h.r / 7 % 100 < 8 then 'system' else 'user' end as actor_type) x
`;

/**
 * Loads `perTenant` entries for each of the existing tenants (numbered by name), as the owner:
 * RLS and the append-only trigger do not stand in the way of inserts, and every index is
 * maintained during the load, as it would be in production. Then VACUUM ANALYZE and one head
 * row per tenant, so `appendAudit` continues each chain at perTenant + 1.
 */
export async function loadAuditTrail(
  owner: pg.Client,
  opts: {
    perTenant: number;
    chunkRows: number;
    /** Create the extended statistics docs/benchmarks.md recommends before ANALYZE (to compare plans). */
    extendedStats?: boolean;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<LoadResult> {
  const { actions, types, pools } = slots();
  await owner.query(
    'create temporary table bench_tenant as select id, row_number() over (order by name)::int as n from tenants',
  );
  await owner.query('analyze bench_tenant');
  const tenants = (await owner.query<BenchTenant>('select id, n from bench_tenant order by n')).rows;
  if (tenants.length === 0) throw new Error('no tenants to load audit entries for');
  const total = tenants.length * opts.perTenant;
  const stepSeconds = (HISTORY_DAYS * 86_400) / opts.perTenant;
  const start = new Date(Date.now() - HISTORY_DAYS * 86_400_000);
  const seqsPerChunk = Math.max(1, Math.floor(opts.chunkRows / tenants.length));

  const t0 = performance.now();
  for (let from = 1; from <= opts.perTenant; from += seqsPerChunk) {
    const to = Math.min(opts.perTenant, from + seqsPerChunk - 1);
    await owner.query(INSERT, [from, to, start.toISOString(), stepSeconds, actions, types, pools]);
    opts.onProgress?.(to * tenants.length, total);
  }
  const insertMs = performance.now() - t0;

  await owner.query(
    `insert into audit_heads (tenant_id, seq, hash)
     select id, $1::bigint, encode(sha256(convert_to(id::text || ':' || $1::bigint, 'UTF8')), 'hex') from bench_tenant`,
    [opts.perTenant],
  );
  if (opts.extendedStats) {
    // An actor or resource id belongs to one tenant: without these the planner multiplies the
    // selectivities of tenant_id and actor_id as if independent, expects a handful of rows and
    // picks a bitmap scan + sort over all of them instead of the (tenant_id, actor_id, seq) index.
    await owner.query(
      'create statistics audit_log_tenant_actor_stats (dependencies) on tenant_id, actor_id from audit_log',
    );
    await owner.query(
      'create statistics audit_log_tenant_resource_stats (dependencies) on tenant_id, resource_type, resource_id from audit_log',
    );
  }
  const t1 = performance.now();
  await owner.query('vacuum (analyze) audit_log');
  await owner.query('analyze audit_heads');
  const vacuumMs = performance.now() - t1;

  const sizes = (
    await owner.query<{ meta: string; row: string; table_bytes: string }>(
      `select (select avg(octet_length(metadata::text)) from (select metadata from audit_log limit 10000) s)::float8 as meta,
              (select avg(pg_column_size(a.*)) from (select * from audit_log limit 10000) a)::float8 as row,
              pg_table_size('audit_log') as table_bytes`,
    )
  ).rows[0]!;
  const indexBytes = (
    await owner.query<{ name: string; bytes: string }>(
      `select indexrelid::regclass::text as name, pg_relation_size(indexrelid) as bytes
       from pg_index where indrelid = 'audit_log'::regclass order by 1`,
    )
  ).rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
  await owner.query('drop table bench_tenant');

  return {
    rows: total,
    perTenant: opts.perTenant,
    tenants,
    start,
    stepSeconds,
    insertMs,
    vacuumMs,
    avgMetadataBytes: Number(sizes.meta),
    avgRowBytes: Number(sizes.row),
    tableBytes: Number(sizes.table_bytes),
    indexBytes,
  };
}
