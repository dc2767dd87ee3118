/**
 * npm run bench:audit [-- --rows 100000 --tenants 100 …]
 *
 * Loads a synthetic audit trail (1,000,000 entries over 100 tenants by default) into a fresh
 * PostgreSQL database, then measures, through the app's own code (`withTenant`, `listAudit`,
 * `exportAudit`, `appendAudit`) on the RLS-bound runtime login:
 *
 *   1. first-page, filtered and deep-cursor pages of GET /api/settings/audit (minus HTTP),
 *      with the plan PostgreSQL chose for each;
 *   2. the export of one tenant's whole trail, as JSON Lines and as CSV;
 *   3. what an audited mutation pays over the same mutation without the audit entry, one
 *      writer at a time and with concurrent writers in one tenant.
 *
 * The database is dropped at the end, also on failure or Ctrl-C. See docs/benchmarks.md.
 */
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { seed } from './bench/sql';
import {
  ACTORS_PER_TENANT,
  DEALERSHIP_RESOURCES,
  actionsMissingFromMix,
  actorId,
  loadAuditTrail,
  resourceId,
  type BenchTenant,
  type LoadResult,
} from './bench/audit-data';
import type { AuditAction } from '../src/audit/actions';
import { prng } from './bench/prng';
import { checkInterrupted, cleanup, cleanupOnSignal, createScratchDatabase, interrupted, onCleanup, withDatabase } from './bench/teardown';
import { fmt, fmtInt, table } from './bench/report';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_PAGE_P95_MS = 20;
const TARGET_AUDIT_OVERHEAD_P50_MS = 2;

const HELP = `Usage: npm run bench:audit -- [options]

  --rows N            audit entries to load, spread evenly over the tenants (default 1000000)
  --tenants N         tenants (default 100)
  --iterations N      timed pages per query shape, over random tenants (default 200)
  --warmup N          untimed pages per query shape first (default 20)
  --export-runs N     exports per format; the median run is reported (default 3)
  --mutations N       timed mutations per variant, with and without audit (default 2000)
  --writers N         concurrent writers in one tenant for the contention run (default 10)
  --pool N            runtime-role pool size (default 10, the app's POOL_MAX)
  --pg URL            superuser URL of the server (default postgres://postgres@127.0.0.1:5432/postgres)
  --seed N            seed of the random choices (default 1)
  --with-stats        create extended statistics on (tenant_id, actor_id) and (tenant_id, resource_type,
                      resource_id) before ANALYZE: the recommended schema change, to compare plans
  --plans             print every full EXPLAIN (ANALYZE, BUFFERS) plan, not only its summary
  --json FILE         also write the results as JSON
  --strict            exit 2 when a target is missed
  --keep-db           do not drop the database (for inspection)
  -h, --help`;

type Args = {
  rows: number;
  tenants: number;
  iterations: number;
  warmup: number;
  exportRuns: number;
  mutations: number;
  writers: number;
  pool: number;
  pg: string;
  seed: number;
  withStats: boolean;
  plans: boolean;
  json: string | undefined;
  strict: boolean;
  keepDb: boolean;
};

function parse(): Args {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      tenants: { type: 'string' },
      iterations: { type: 'string' },
      warmup: { type: 'string' },
      'export-runs': { type: 'string' },
      mutations: { type: 'string' },
      writers: { type: 'string' },
      pool: { type: 'string' },
      pg: { type: 'string' },
      seed: { type: 'string' },
      'with-stats': { type: 'boolean' },
      plans: { type: 'boolean' },
      json: { type: 'string' },
      strict: { type: 'boolean' },
      'keep-db': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, fallback: number, min: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer ≥ ${min} (got ${raw})`);
    return n;
  };
  const tenants = int('tenants', values.tenants, 100, 1);
  return {
    rows: int('rows', values.rows, 1_000_000, tenants),
    tenants,
    iterations: int('iterations', values.iterations, 200, 1),
    warmup: int('warmup', values.warmup, 20, 0),
    exportRuns: int('export-runs', values['export-runs'], 3, 1),
    mutations: int('mutations', values.mutations, 2000, 1),
    writers: int('writers', values.writers, 10, 1),
    pool: int('pool', values.pool, 10, 1),
    pg: values.pg ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    seed: int('seed', values.seed, 1, 0),
    withStats: values['with-stats'] ?? false,
    plans: values.plans ?? false,
    json: values.json,
    strict: values.strict ?? false,
    keepDb: values['keep-db'] ?? false,
  };
}

// ---------------------------------------------------------------------------
// Cleanup: registered as resources are made, run in reverse on exit, failure or signal.
// ---------------------------------------------------------------------------

cleanupOnSignal('dropping the database');

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------


/** mulberry32: repeatable random choices for a given --seed. */
function rng(seedValue: number) {
  const next = prng(seedValue >>> 0 || 0x9e3779b9);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}
type Rng = ReturnType<typeof rng>;

type Latency = { count: number; p50: number; p95: number; p99: number; mean: number; max: number };

/** Nearest-rank percentiles over raw samples (milliseconds), as scripts/bench/stats.ts, plus p95. */
function latency(samples: ArrayLike<number>): Latency {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  if (n === 0) return { count: 0, p50: NaN, p95: NaN, p99: NaN, mean: NaN, max: NaN };
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: n, p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: sum / n, max: sorted[n - 1]! };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;


// ---------------------------------------------------------------------------
// Plans: the SQL listAudit sends is captured from the pool and explained as the runtime role.
// ---------------------------------------------------------------------------

type CapturedQuery = { text: string; values: unknown[] };
let capturing = false;
let captured: CapturedQuery | undefined;

function captureAuditQueries(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const target = client as unknown as { query: (...a: unknown[]) => unknown };
    const original = target.query.bind(client);
    target.query = (...a: unknown[]) => {
      const first = a[0];
      if (capturing && typeof first === 'object' && first !== null && 'text' in first) {
        // drizzle sends (config, params); plain pg callers may put the values in the config.
        const q = first as { text: string; values?: unknown[] };
        const values = Array.isArray(a[1]) ? (a[1] as unknown[]) : (q.values ?? []);
        if (/from "audit_log"/.test(q.text)) captured = { text: q.text, values };
      }
      return original(...a);
    };
  });
}

type PlanSummary = {
  /** Node names from the top down, e.g. "Limit → Index Scan Backward using audit_log_tenant_action_idx". */
  shape: string;
  indexes: string[];
  sort: boolean;
  rowsRemovedByFilter: number;
  buffers: string;
  executionMs: number;
  lines: string[];
};

function summarizePlan(lines: string[]): PlanSummary {
  const nodes: string[] = [];
  const indexes = new Set<string>();
  let removed = 0;
  for (const line of lines) {
    const cost = line.indexOf('  (cost=');
    if (cost >= 0) {
      const node = line
        .slice(0, cost)
        .replace(/^\s*(->\s*)?/, '')
        .replace(/ on audit_log$/, '');
      nodes.push(node);
      const m = node.match(/ using (\S+)/) ?? node.match(/Bitmap Index Scan on (\S+)/);
      if (m) indexes.add(m[1]!);
    }
    const r = line.match(/Rows Removed by Filter: (\d+)/);
    if (r) removed += Number(r[1]);
  }
  const buffers =
    lines
      .find((l) => l.trim().startsWith('Buffers:'))
      ?.trim()
      .replace(/^Buffers:\s*/, '') ?? '';
  const exec = lines.find((l) => l.startsWith('Execution Time:'));
  return {
    shape: nodes.join(' → '),
    indexes: [...indexes],
    sort: nodes.some((n) => /\bSort\b/.test(n)),
    rowsRemovedByFilter: removed,
    buffers,
    executionMs: exec ? Number(exec.match(/([\d.]+) ms/)?.[1]) : NaN,
    lines,
  };
}

async function explain(
  pool: pg.Pool,
  scope: { tenantId: string; userId: string },
  q: CapturedQuery,
): Promise<PlanSummary> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    // As withTenant does it (src/db/scope.ts): the RLS predicate is part of the plan.
    await client.query(
      "select set_config('role', 'dealershipai_app', true), set_config('app.user_id', $1, true), set_config('app.tenant_id', $2, true)",
      [scope.userId, scope.tenantId],
    );
    const r = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${q.text}`, q.values);
    return summarizePlan(r.rows.map((row) => row['QUERY PLAN']));
  } finally {
    await client.query('rollback').catch(() => {});
    client.release();
  }
}

// ---------------------------------------------------------------------------
// Query shapes
// ---------------------------------------------------------------------------

type QueryInput = {
  action?: AuditAction;
  actorId?: string;
  resourceType?: string;
  resourceId?: string;
  from?: string;
  to?: string;
  cursor?: number;
  limit?: number;
};

type Shape = {
  key: string;
  label: string;
  /** Shapes the issue asked for carry the target; extras show where the index design ends. */
  primary: boolean;
  build: (t: BenchTenant, r: Rng) => QueryInput;
};

function shapes(load: LoadResult, actions: readonly AuditAction[]): Shape[] {
  const day = 86_400_000;
  const end = load.start.getTime() + load.perTenant * load.stepSeconds * 1000;
  const span = end - load.start.getTime();
  const window = Math.min(30 * day, span / 2);
  const iso = (ms: number) => new Date(ms).toISOString();
  const deep = Math.min(200, load.perTenant);
  return [
    { key: 'first', label: 'first page, no filter', primary: true, build: () => ({}) },
    { key: 'action', label: 'action', primary: true, build: (_t, r) => ({ action: r.pick(actions) }) },
    {
      key: 'actor',
      label: 'actorId',
      primary: true,
      build: (t, r) => ({ actorId: actorId(t.n, r.int(ACTORS_PER_TENANT)) }),
    },
    {
      key: 'resource',
      label: 'resourceType + resourceId',
      primary: true,
      build: (t, r) => ({
        resourceType: 'dealership',
        resourceId: resourceId(t.n, 'dealership', r.int(DEALERSHIP_RESOURCES)),
      }),
    },
    {
      key: 'range',
      label: 'from/to (30 days)',
      primary: true,
      build: (_t, r) => {
        const from = load.start.getTime() + r.next() * (span - window);
        return { from: iso(from), to: iso(from + window) };
      },
    },
    { key: 'deep', label: `deep cursor (seq < ${deep})`, primary: true, build: () => ({ cursor: deep }) },
    // Extras: filters the API accepts that no index serves in seq order.
    {
      key: 'type-only',
      label: 'resourceType only (dealership)',
      primary: false,
      build: () => ({ resourceType: 'dealership' }),
    },
    // resourceId without resourceType is refused by the API (400), so it is not a shape.
    {
      key: 'to-old',
      label: 'to = 6 months ago',
      primary: false,
      build: (_t, r) => ({ to: iso(end - span / 2 - r.next() * day) }),
    },
    {
      key: 'action-range',
      label: 'action + from/to (30 days)',
      primary: false,
      build: (_t, r) => {
        const from = load.start.getTime() + r.next() * (span - window);
        return { action: 'DEALERSHIP_UPDATED', from: iso(from), to: iso(from + window) };
      },
    },
    {
      key: 'action-deep',
      label: 'action + deep cursor',
      primary: false,
      build: () => ({ action: 'REPORT_DOWNLOADED', cursor: deep }),
    },
  ];
}

type Entry = {
  seq: number;
  occurredAt: string;
  actor: { id: string | null };
  action: string;
  resource: { type: string | null; id: string | null };
};

/** The page is newest first, below the cursor, and every row matches the filters. */
function checkPage(data: Entry[], q: QueryInput): string | null {
  for (let i = 0; i < data.length; i++) {
    const e = data[i]!;
    if (i > 0 && e.seq >= data[i - 1]!.seq) return `seq not descending at ${e.seq}`;
    if (q.cursor !== undefined && e.seq >= q.cursor) return `seq ${e.seq} not below cursor ${q.cursor}`;
    if (q.action && e.action !== q.action) return `action ${e.action} ≠ ${q.action}`;
    if (q.actorId && e.actor.id !== q.actorId) return `actor ${e.actor.id} ≠ ${q.actorId}`;
    if (q.resourceType && e.resource.type !== q.resourceType) return `resource type ${e.resource.type}`;
    if (q.resourceId && e.resource.id !== q.resourceId) return `resource id ${e.resource.id}`;
    if (q.from && e.occurredAt < new Date(q.from).toISOString())
      return `occurredAt ${e.occurredAt} before from`;
    if (q.to && e.occurredAt > new Date(q.to).toISOString()) return `occurredAt ${e.occurredAt} after to`;
  }
  return null;
}

type QueryResult = {
  key: string;
  label: string;
  primary: boolean;
  /** BEGIN, settings, the page query and COMMIT: what the route's transaction costs. */
  tx: Latency;
  /** listAudit alone, inside the transaction. */
  query: Latency;
  avgRows: number;
  emptyPages: number;
  pagesPerSec: number;
  rowsPerSec: number;
  plan: PlanSummary | null;
  meetsTarget: boolean;
};

// ---------------------------------------------------------------------------

async function main(): Promise<number> {
  const args = parse();
  const perTenant = Math.floor(args.rows / args.tenants);
  const started = new Date();
  const stamp = started.toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `bench_audit_${stamp}_${process.pid}`;
  const ownerUrl = withDatabase(args.pg, dbName);
  const appUrl = withDatabase(args.pg, dbName, 'dealershipai_app');
  const systemUrl = withDatabase(args.pg, dbName, 'dealershipai_system');
  const [load1] = os.loadavg();
  const random = rng(args.seed);

  console.log(
    `bench:audit — ${fmtInt(perTenant * args.tenants)} entries over ${args.tenants} tenants (${fmtInt(perTenant)} each), ` +
      `${args.iterations} pages per shape, ${args.mutations} mutations per variant, ${os.cpus().length} CPUs, load average ${fmt(load1)}`,
  );
  if ((load1 ?? 0) > 0.5) console.warn('! the machine is not idle: figures will be noisy');
  const missing = actionsMissingFromMix();
  if (missing.length > 0)
    console.warn(`! actions not in the synthetic mix (scripts/bench/audit-data.ts): ${missing.join(', ')}`);

  // The app's modules read the working directory (migrations) and the environment (logger).
  process.chdir(REPO_ROOT);
  process.env.LOG_LEVEL ??= 'warn';
  const { runMigrations, openPostgres, installDatabase } = await import('../src/db/client');
  const { withTenant } = await import('../src/db/scope');
  const { dealerships, auditLog } = await import('../src/db/schema');
  const { AuditQuery, AuditExportQuery, listAudit, exportAudit } = await import('../src/audit/query');
  const { appendAudit } = await import('../src/audit/chain');
  const { AUDIT_ACTIONS } = await import('../src/audit/actions');
  const { eq, sql, and, gt } = await import('drizzle-orm');

  // 1. Database.
  await createScratchDatabase(args.pg, dbName, args.keepDb);
  console.log(`• database ${dbName}: migrating …`);
  await runMigrations(ownerUrl);
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  onCleanup('owner connection', () => owner.end());
  await owner.query('alter role dealershipai_app login');
  await owner.query('alter role dealershipai_system login');
  checkInterrupted();

  // 2. Tenants, dealerships (the mutation target), then the trail.
  const dealershipsPerTenant = Math.max(args.writers, 10);
  const ownerPool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
  try {
    await seed(ownerPool, { tenants: args.tenants, dealershipsPerTenant, membersPerTenant: 0 });
  } finally {
    await ownerPool.end();
  }
  console.log(
    `• loading ${fmtInt(perTenant * args.tenants)} audit entries (time order, tenants interleaved) …`,
  );
  let lastPrint = 0;
  const load = await loadAuditTrail(owner, {
    perTenant,
    chunkRows: 100_000,
    extendedStats: args.withStats,
    onProgress: (done, total) => {
      checkInterrupted();
      const now = performance.now();
      if (now - lastPrint > 10_000 || done === total) {
        lastPrint = now;
        console.log(`  ${fmtInt(done)} / ${fmtInt(total)}`);
      }
    },
  });
  const loadRowsPerSec = (load.rows * 1000) / load.insertMs;
  console.log(
    `  inserted ${fmtInt(load.rows)} rows in ${fmt(load.insertMs / 1000, 1)} s (${fmtInt(loadRowsPerSec)} rows/s, 5 indexes maintained); ` +
      `VACUUM ANALYZE ${fmt(load.vacuumMs / 1000, 1)} s${args.withStats ? ' (with extended statistics)' : ''}`,
  );
  console.log(
    `  table ${mib(load.tableBytes)} (avg row ${fmtInt(load.avgRowBytes)} B, metadata ${fmtInt(load.avgMetadataBytes)} B); indexes: ` +
      load.indexBytes.map((i) => `${i.name.replace(/^audit_log_/, '')} ${mib(i.bytes)}`).join(', '),
  );
  checkInterrupted();

  // 3. The app's database handle, logging in as the two roles as in production.
  const db = openPostgres(appUrl, systemUrl, args.pool);
  captureAuditQueries(db.pools.app);
  installDatabase(db);
  onCleanup('app pools', () => db.close());
  const userId = randomUUID();

  // 4. Pages.
  const queryResults: QueryResult[] = [];
  for (const shape of shapes(load, AUDIT_ACTIONS)) {
    const txSamples: number[] = [];
    const querySamples: number[] = [];
    let rows = 0;
    let empty = 0;
    const runOne = async (record: boolean) => {
      const tenant = random.pick(load.tenants);
      const input = shape.build(tenant, random);
      const q = AuditQuery.parse({ limit: 50, ...input });
      let qMs = 0;
      const t0 = performance.now();
      const page = await withTenant({ tenantId: tenant.id, userId }, async (tx) => {
        const t1 = performance.now();
        const result = await listAudit(tx, tenant.id, q);
        qMs = performance.now() - t1;
        return result;
      });
      const txMs = performance.now() - t0;
      const problem = checkPage(page.data as Entry[], input);
      if (problem) throw new Error(`${shape.label}: wrong page for ${JSON.stringify(input)}: ${problem}`);
      if (!record) return;
      txSamples.push(txMs);
      querySamples.push(qMs);
      rows += page.data.length;
      if (page.data.length === 0) empty += 1;
    };
    for (let i = 0; i < args.warmup; i++) await runOne(false);
    const startedAt = performance.now();
    for (let i = 0; i < args.iterations; i++) {
      checkInterrupted();
      await runOne(true);
    }
    const elapsed = performance.now() - startedAt;

    // One more sample, its SQL captured and explained.
    const tenant = random.pick(load.tenants);
    const input = shape.build(tenant, random);
    capturing = true;
    captured = undefined;
    try {
      await withTenant({ tenantId: tenant.id, userId }, (tx) =>
        listAudit(tx, tenant.id, AuditQuery.parse({ limit: 50, ...input })),
      );
    } finally {
      capturing = false;
    }
    const plan = captured ? await explain(db.pools.app, { tenantId: tenant.id, userId }, captured) : null;

    const tx = latency(txSamples);
    const result: QueryResult = {
      key: shape.key,
      label: shape.label,
      primary: shape.primary,
      tx,
      query: latency(querySamples),
      avgRows: rows / args.iterations,
      emptyPages: empty,
      pagesPerSec: (args.iterations * 1000) / elapsed,
      rowsPerSec: (rows * 1000) / elapsed,
      plan,
      meetsTarget: tx.p95 <= TARGET_PAGE_P95_MS,
    };
    queryResults.push(result);
    console.log(
      `• ${shape.primary ? '' : '(extra) '}${shape.label}: p50 ${fmt(tx.p50)} ms, p95 ${fmt(tx.p95)} ms ` +
        `(listAudit alone p50 ${fmt(result.query.p50)}, p95 ${fmt(result.query.p95)}), ${fmt(result.avgRows, 1)} rows/page` +
        (empty > 0 ? `, ${empty} empty pages` : ''),
    );
    if (plan) {
      console.log(`    plan: ${plan.shape}`);
      console.log(
        `          rows removed by filter ${fmtInt(plan.rowsRemovedByFilter)}, buffers ${plan.buffers || '—'}, execution ${fmt(plan.executionMs, 3)} ms`,
      );
      if (args.plans) console.log(plan.lines.map((l) => `      ${l}`).join('\n'));
    }
  }

  // 5. Export: one tenant's whole trail, both formats, through the stream the route returns.
  type ExportRun = { ms: number; rows: number; bytes: number; rssGrowth: number };
  const exportTenant = load.tenants[Math.floor(load.tenants.length / 3)]!;
  const exportResults: Array<{
    format: 'jsonl' | 'csv';
    runs: ExportRun[];
    median: ExportRun;
    rowsPerSec: number;
    mibPerSec: number;
  }> = [];
  for (const format of ['jsonl', 'csv'] as const) {
    const runs: ExportRun[] = [];
    for (let i = 0; i < args.exportRuns; i++) {
      checkInterrupted();
      const rssBefore = process.memoryUsage.rss();
      let peak = rssBefore;
      let bytes = 0;
      let newlines = 0;
      const t0 = performance.now();
      const reader = exportAudit(
        { tenantId: exportTenant.id, userId },
        AuditExportQuery.parse({ format }),
      ).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        for (let j = 0; j < value.length; j++) if (value[j] === 10) newlines += 1;
        peak = Math.max(peak, process.memoryUsage.rss());
      }
      const ms = performance.now() - t0;
      const rows = format === 'csv' ? newlines - 1 : newlines;
      if (rows !== load.perTenant)
        throw new Error(`${format} export returned ${rows} rows, expected ${load.perTenant}`);
      runs.push({ ms, rows, bytes, rssGrowth: peak - rssBefore });
    }
    const median = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!;
    const r = {
      format,
      runs,
      median,
      rowsPerSec: (median.rows * 1000) / median.ms,
      mibPerSec: median.bytes / 1024 / 1024 / (median.ms / 1000),
    };
    exportResults.push(r);
    console.log(
      `• export ${format}: ${fmtInt(median.rows)} rows, ${mib(median.bytes)} in ${fmt(median.ms, 0)} ms ` +
        `(${fmtInt(r.rowsPerSec)} rows/s, ${fmt(r.mibPerSec, 1)} MiB/s), RSS +${mib(median.rssGrowth)} (median of ${runs.length})`,
    );
  }

  // 6. Mutations with and without the audit entry, in one tenant.
  const mutationTenant = load.tenants[Math.floor(load.tenants.length / 2)]!;
  const targets = (
    await owner.query<{ id: string; name: string }>(
      'select id, name from dealerships where tenant_id = $1 order by created_at desc, id limit $2',
      [mutationTenant.id, args.writers],
    )
  ).rows;
  if (targets.length < args.writers)
    throw new Error(`tenant has ${targets.length} dealerships, need ${args.writers}`);
  const actor = {
    type: 'user' as const,
    id: userId,
    name: 'Bench Owner',
    ip: '203.0.113.10',
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
    requestId: randomUUID(),
  };
  const scope = { tenantId: mutationTenant.id, userId };
  let counter = 0;
  /** One PATCH /api/dealerships/:id transaction, minus HTTP; `audit` adds the entry the gate writes. */
  const mutate = async (
    dealership: { id: string; name: string },
    audit: boolean,
    appendSamples?: number[],
  ) => {
    const name = `${dealership.name} #${++counter}`;
    await withTenant(scope, async (tx) => {
      await tx
        .update(dealerships)
        .set({ name, updatedAt: sql`now()` })
        .where(eq(dealerships.id, dealership.id));
      if (!audit) return;
      const t = performance.now();
      await appendAudit(
        tx,
        mutationTenant.id,
        { ...actor, requestId: randomUUID() },
        {
          action: 'DEALERSHIP_UPDATED',
          resource: { type: 'dealership', id: dealership.id },
          metadata: { changes: { name: { before: dealership.name, after: name } } },
        },
      );
      appendSamples?.push(performance.now() - t);
    });
  };

  // Sequential: the two variants alternate, so drift on a busy machine hits both alike.
  console.log(
    `• mutations, one writer: ${args.mutations} with and ${args.mutations} without audit, alternating …`,
  );
  const warm = Math.min(100, args.mutations);
  for (let i = 0; i < warm; i++) {
    await mutate(targets[0]!, false);
    await mutate(targets[0]!, true);
  }
  const plain: number[] = [];
  const audited: number[] = [];
  const appendOnly: number[] = [];
  for (let i = 0; i < args.mutations; i++) {
    checkInterrupted();
    const order = i % 2 === 0 ? [false, true] : [true, false];
    for (const audit of order) {
      const t0 = performance.now();
      await mutate(targets[0]!, audit, audit ? appendOnly : undefined);
      (audit ? audited : plain).push(performance.now() - t0);
    }
  }
  const seqPlain = latency(plain);
  const seqAudited = latency(audited);
  const seqAppend = latency(appendOnly);
  const overheadP50 = seqAudited.p50 - seqPlain.p50;
  console.log(
    `  without audit p50 ${fmt(seqPlain.p50)} ms, p95 ${fmt(seqPlain.p95)} ms; with audit p50 ${fmt(seqAudited.p50)} ms, p95 ${fmt(seqAudited.p95)} ms; ` +
      `overhead p50 ${fmt(overheadP50)} ms (appendAudit alone p50 ${fmt(seqAppend.p50)}, p95 ${fmt(seqAppend.p95)})`,
  );

  // Concurrent: `writers` workers in one tenant, each on its own dealership (no row conflicts),
  // so only the audit head row serialises them. Blocks of each variant alternate.
  console.log(`• mutations, ${args.writers} concurrent writers in one tenant …`);
  const rounds = 4;
  const concurrent = { plain: [] as number[], audited: [] as number[], plainMs: 0, auditedMs: 0 };
  const runBlock = async (audit: boolean, count: number, record: boolean) => {
    let next = 0;
    const samples = audit ? concurrent.audited : concurrent.plain;
    const t0 = performance.now();
    await Promise.all(
      targets.map(async (d) => {
        for (;;) {
          checkInterrupted();
          if (next++ >= count) return;
          const s = performance.now();
          await mutate(d, audit);
          if (record) samples.push(performance.now() - s);
        }
      }),
    );
    if (record) concurrent[audit ? 'auditedMs' : 'plainMs'] += performance.now() - t0;
  };
  await runBlock(false, warm, false);
  await runBlock(true, warm, false);
  const perBlock = Math.max(1, Math.ceil(args.mutations / rounds));
  for (let r = 0; r < rounds; r++) {
    for (const audit of r % 2 === 0 ? [false, true] : [true, false]) await runBlock(audit, perBlock, true);
  }
  const conPlain = latency(concurrent.plain);
  const conAudited = latency(concurrent.audited);
  const conPlainOps = (concurrent.plain.length * 1000) / concurrent.plainMs;
  const conAuditedOps = (concurrent.audited.length * 1000) / concurrent.auditedMs;
  console.log(
    `  without audit p50 ${fmt(conPlain.p50)} ms, p95 ${fmt(conPlain.p95)} ms, ${fmtInt(conPlainOps)} tx/s; ` +
      `with audit p50 ${fmt(conAudited.p50)} ms, p95 ${fmt(conAudited.p95)} ms, ${fmtInt(conAuditedOps)} tx/s`,
  );

  // The appended entries form one gap-free chain continuing the loaded one.
  const appended = (
    await withTenant(scope, (tx) =>
      tx
        .select({
          n: sql<number>`count(*)::int`,
          min: sql<number>`min(seq)::int`,
          max: sql<number>`max(seq)::int`,
        })
        .from(auditLog)
        .where(and(eq(auditLog.tenantId, mutationTenant.id), gt(auditLog.seq, load.perTenant))),
    )
  )[0]!;
  const expectedAppended = 2 * warm + args.mutations + rounds * perBlock;
  if (
    appended.n !== expectedAppended ||
    appended.min !== load.perTenant + 1 ||
    appended.max !== load.perTenant + appended.n
  )
    throw new Error(
      `appended chain: ${JSON.stringify(appended)}, expected ${expectedAppended} entries from seq ${load.perTenant + 1}`,
    );
  const links = (
    await owner.query<{ broken: number }>(
      `select count(*)::int as broken from (
         select prev_hash, lag(hash) over (order by seq) as prev from audit_log where tenant_id = $1 and seq > $2
       ) s where prev is not null and prev_hash <> prev`,
      [mutationTenant.id, load.perTenant],
    )
  ).rows[0]!;
  if (links.broken > 0) throw new Error(`${links.broken} appended entries do not link to their predecessor`);
  console.log(
    `  ${fmtInt(appended.n)} appended entries: seq ${appended.min}–${appended.max}, gap-free, every prev_hash links`,
  );

  // 7. Summary.
  const primary = queryResults.filter((r) => r.primary);
  const missedPages = primary.filter((r) => !r.meetsTarget);
  const overheadOk = overheadP50 <= TARGET_AUDIT_OVERHEAD_P50_MS;
  console.log(
    `\nSummary (${fmtInt(load.rows)} entries, ${args.tenants} tenants; page = withTenant + listAudit, limit 50)\n`,
  );
  console.log(
    table([
      ['Page', 'p50 ms', 'p95 ms', 'pages/s', 'rows/s', `p95 ≤ ${TARGET_PAGE_P95_MS}`, 'index'],
      ...queryResults.map((r) => [
        `${r.primary ? '' : '(extra) '}${r.label}`,
        fmt(r.tx.p50),
        fmt(r.tx.p95),
        fmtInt(r.pagesPerSec),
        fmtInt(r.rowsPerSec),
        r.meetsTarget ? 'yes' : 'NO',
        (r.plan?.indexes.map((i) => i.replace(/^audit_log_/, '')).join('+') ?? '?') +
          (r.plan?.sort ? ' +sort' : ''),
      ]),
    ]),
  );
  console.log('');
  console.log(
    table([
      ['Bulk work', 'rows', 'seconds', 'rows/s', 'MiB/s', 'RSS growth'],
      [
        'load (insert, 5 indexes)',
        fmtInt(load.rows),
        fmt(load.insertMs / 1000, 1),
        fmtInt(loadRowsPerSec),
        '',
        '',
      ],
      ...exportResults.map((e) => [
        `export ${e.format} (one tenant)`,
        fmtInt(e.median.rows),
        fmt(e.median.ms / 1000, 2),
        fmtInt(e.rowsPerSec),
        fmt(e.mibPerSec, 1),
        mib(e.median.rssGrowth),
      ]),
    ]),
  );
  console.log('');
  console.log(
    table([
      ['Mutation (UPDATE dealerships)', 'p50 ms', 'p95 ms', 'tx/s'],
      ['1 writer, without audit', fmt(seqPlain.p50), fmt(seqPlain.p95), fmtInt(1000 / seqPlain.mean)],
      ['1 writer, with audit', fmt(seqAudited.p50), fmt(seqAudited.p95), fmtInt(1000 / seqAudited.mean)],
      ['  appendAudit alone', fmt(seqAppend.p50), fmt(seqAppend.p95), ''],
      [`${args.writers} writers, without audit`, fmt(conPlain.p50), fmt(conPlain.p95), fmtInt(conPlainOps)],
      [
        `${args.writers} writers, with audit`,
        fmt(conAudited.p50),
        fmt(conAudited.p95),
        fmtInt(conAuditedOps),
      ],
    ]),
  );
  console.log(
    `\nTargets: page p95 ≤ ${TARGET_PAGE_P95_MS} ms — ${missedPages.length === 0 ? 'met' : `MISSED by ${missedPages.map((r) => r.label).join(', ')}`}; ` +
      `audit overhead p50 ≤ ${TARGET_AUDIT_OVERHEAD_P50_MS} ms — ${overheadOk ? 'met' : 'MISSED'} (${fmt(overheadP50)} ms)`,
  );
  for (const r of queryResults.filter((x) => !x.meetsTarget)) {
    const wasted = r.plan ? r.plan.rowsRemovedByFilter > 0 || r.plan.sort : false;
    console.log(
      `  ${r.primary ? '' : '(extra) '}${r.label}: p95 ${fmt(r.tx.p95)} ms; plan ${r.plan?.shape ?? '?'} — ` +
        `${fmtInt(r.plan?.rowsRemovedByFilter)} rows read and thrown away` +
        (r.plan?.sort ? ', all matches sorted before the limit' : '') +
        (r.plan && !wasted
          ? ` (the plan reads one page, ${fmt(r.plan.executionMs, 3)} ms: the time went to round trips and machine load)`
          : ''),
    );
  }

  if (args.json) {
    writeFileSync(
      args.json,
      JSON.stringify(
        {
          date: started.toISOString(),
          loadAverage: load1,
          cpus: os.cpus().length,
          args,
          load: { ...load, tenants: load.tenants.length, rowsPerSec: loadRowsPerSec },
          pages: queryResults.map((r) => ({ ...r, plan: r.plan && { ...r.plan, lines: r.plan.lines } })),
          export: exportResults,
          mutations: {
            sequential: { plain: seqPlain, audited: seqAudited, appendAudit: seqAppend, overheadP50 },
            concurrent: {
              writers: args.writers,
              plain: conPlain,
              audited: conAudited,
              plainTxPerSec: conPlainOps,
              auditedTxPerSec: conAuditedOps,
            },
          },
        },
        null,
        2,
      ),
    );
    console.log(`• results written to ${args.json}`);
  }
  return args.strict && (missedPages.length > 0 || !overheadOk) ? 2 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  if (!interrupted()) console.error(err);
} finally {
  await cleanup();
}
process.exit(interrupted() ? 130 : code);
