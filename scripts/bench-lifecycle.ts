/**
 * npm run bench:lifecycle [-- --rows 100000 --pg URL --json FILE --keep-db]
 *
 * One dealer group with --rows rows spread over its tables (dealerships, reports, a valid audit
 * chain, outbox, webhook inbox, idempotency keys), next to a second, smaller group, in a fresh
 * PostgreSQL database. Measures, through the app's own code on the two least-privilege logins:
 *
 *   1. the tenant export (src/lifecycle/export.ts): time, MB/s, peak RSS and heap while streaming;
 *   2. a backup of the whole database (pg_dump -Fc + manifest) and the restore drill (RTO);
 *   3. the deletion job for the big group (Stripe not configured: no subscription).
 *
 * Prints the figures (and writes them as JSON with --json). The database is dropped at the end,
 * also on failure or Ctrl-C. See docs/benchmarks.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { entryHash, GENESIS_HASH } from '../src/audit/chain';
import { installDatabase, openPostgres, runMigrations } from '../src/db/client';
import { exportChunks } from '../src/lifecycle/export';
import { runTenantDeletion } from '../src/lifecycle/deletion';
import { backupPostgres } from '../src/lifecycle/backup';
import { restoreDrill } from '../src/lifecycle/drill';
import { cleanup, cleanupOnSignal, createScratchDatabase, onCleanup, withDatabase } from './bench/teardown';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    pg: { type: 'string' },
    json: { type: 'string' },
    'keep-db': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('Usage: npm run bench:lifecycle -- [--rows 100000] [--pg postgres://postgres@127.0.0.1:5432/postgres] [--json FILE] [--keep-db]');
  process.exit(0);
}
const ROWS = Number((values.rows ?? '100000').replace(/_/g, ''));
if (!Number.isInteger(ROWS) || ROWS < 1000) throw new Error('--rows must be an integer ≥ 1000');
const ADMIN = values.pg ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = `dealershipai_bench_lifecycle_${randomBytes(4).toString('hex')}`;
const OWNER = withDatabase(ADMIN, DB);
const MB = 1024 * 1024;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

cleanupOnSignal('dropping the database');

/** The big tenant's rows per table: shares of --rows. */
function plan(rows: number) {
  const share = (f: number) => Math.floor(rows * f);
  const p = { dealerships: share(0.3), reports: share(0.3), audit_log: share(0.3), email_outbox: share(0.04), webhook_events: share(0.04) };
  return { ...p, idempotency_keys: rows - Object.values(p).reduce((a, b) => a + b, 0) };
}

async function seedTenant(owner: pg.Client, name: string, rows: number): Promise<{ tenantId: string; ownerId: string }> {
  const tenantId = randomUUID();
  const ownerId = randomUUID();
  const n = plan(rows);
  await owner.query('insert into tenants (id, name) values ($1, $2)', [tenantId, name]);
  await owner.query(`insert into users (id, name, email) values ($1, $2, $3)`, [ownerId, `${name} Owner`, `owner-${tenantId}@bench.invalid`]);
  await owner.query(`insert into memberships (tenant_id, user_id, role) values ($1, $2, 'owner')`, [tenantId, ownerId]);
  await owner.query(`insert into billing_accounts (tenant_id, plan) values ($1, 'enterprise')`, [tenantId]);
  const text = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(6);
  await owner.query(
    `insert into dealerships (tenant_id, name, website_url, address, city, state, zip, phone, brands, monthly_used_unit_sales, avg_front_end_gross)
     select $1, 'Bench Motors ' || g, 'https://bench-' || g || '.example.com', g || ' Commerce Blvd', 'Austin', 'TX', '78701', '+1 512 555 0100',
            '{Toyota,Lexus}', 120, 1800
     from generate_series(1, $2::int) g`,
    [tenantId, n.dealerships],
  );
  await owner.query(
    `with ds as (select array_agg(id) as ids from (select id from dealerships where tenant_id = $1 limit 100) x)
     insert into reports (tenant_id, dealership_id, status, result, overall_score, requested_by, created_at, finished_at)
     select $1, ds.ids[1 + g % array_length(ds.ids, 1)], 'succeeded',
            jsonb_build_object('overallScore', 40 + g % 50, 'pillars', jsonb_build_array(jsonb_build_object('id', 'access', 'score', g % 100, 'evidence', $3::text))),
            40 + g % 50, $4, now() - make_interval(secs => g), now() - make_interval(secs => g)
     from generate_series(1, $2::int) g, ds`,
    [tenantId, n.reports, text, ownerId],
  );
  // A valid audit chain, hashed here and loaded in batches (the drill verifies every chain).
  let prev = GENESIS_HASH;
  const start = Date.now() - n.audit_log * 1000;
  for (let from = 1; from <= n.audit_log; from += 2000) {
    const batch = [];
    for (let seq = from; seq < Math.min(from + 2000, n.audit_log + 1); seq++) {
      const row = {
        tenantId,
        seq,
        occurredAt: new Date(start + seq * 1000),
        actorType: 'user' as const,
        actorId: ownerId,
        actorName: `${name} Owner`,
        action: 'DEALERSHIP_UPDATED',
        resourceType: 'dealership',
        resourceId: randomUUID(),
        metadata: { changes: { name: { before: `Old ${seq}`, after: `New ${seq}` } }, note: text.slice(0, 120) },
        ipAddress: '203.0.113.7',
        userAgent: 'bench',
        requestId: randomUUID(),
      };
      const hash = entryHash(prev, row);
      batch.push({ ...row, occurredAt: row.occurredAt.toISOString(), prevHash: prev, hash });
      prev = hash;
    }
    await owner.query(
      `insert into audit_log (tenant_id, seq, occurred_at, actor_type, actor_id, actor_name, action, resource_type, resource_id, metadata, ip_address, user_agent, request_id, prev_hash, hash)
       select (r->>'tenantId')::uuid, (r->>'seq')::bigint, (r->>'occurredAt')::timestamptz, r->>'actorType', r->>'actorId', r->>'actorName', r->>'action',
              r->>'resourceType', r->>'resourceId', r->'metadata', r->>'ipAddress', r->>'userAgent', r->>'requestId', r->>'prevHash', r->>'hash'
       from jsonb_array_elements($1::jsonb) r`,
      [JSON.stringify(batch)],
    );
  }
  await owner.query(`insert into audit_heads (tenant_id, seq, hash, occurred_at) values ($1, $2, $3, $4)`, [
    tenantId,
    n.audit_log,
    prev,
    new Date(start + n.audit_log * 1000).toISOString(),
  ]);
  await owner.query(
    `insert into email_outbox (tenant_id, dedupe_key, template, to_address, subject, text_body, html_body, status, sent_at)
     select $1, 'bench:' || g, 'plan_changed', 'owner@bench.invalid', 'Your plan has changed', $3, '<p>' || $3 || '</p>', 'sent', now()
     from generate_series(1, $2::int) g`,
    [tenantId, n.email_outbox, text],
  );
  await owner.query(
    `insert into webhook_events (provider, event_id, type, tenant_id, outcome, payload)
     select 'stripe', 'evt_' || $1::text || '_' || g, 'invoice.paid', $1::uuid, 'applied',
            jsonb_build_object('id', 'evt_' || g, 'data', jsonb_build_object('object', jsonb_build_object('id', 'in_' || g, 'amount_paid', 49900, 'lines', $3::text)))
     from generate_series(1, $2::int) g`,
    [tenantId, n.webhook_events, text],
  );
  await owner.query(
    `insert into idempotency_keys (tenant_id, user_id, method, route, key, fingerprint, status, locked_until, response_status, response_body)
     select $1, $3, 'POST', '/api/dealerships', 'key-' || g, md5(g::text), 'completed', now(), 201, $4
     from generate_series(1, $2::int) g`,
    [tenantId, n.idempotency_keys, ownerId, text],
  );
  return { tenantId, ownerId };
}

const figures: Record<string, unknown> = { rows: ROWS, startedAt: new Date().toISOString() };

try {
  await createScratchDatabase(ADMIN, DB, values['keep-db'] ?? false);
  await runMigrations(OWNER);
  const owner = new pg.Client({ connectionString: OWNER });
  await owner.connect();
  onCleanup('owner connection', () => owner.end());
  await owner.query('alter role dealershipai_app login; alter role dealershipai_system login');
  console.log(`database ${DB}: seeding ${ROWS.toLocaleString('en-US')} rows for one dealer group and ${(ROWS / 5).toLocaleString('en-US')} for another …`);
  let t = performance.now();
  const big = await seedTenant(owner, 'Big Group', ROWS);
  await seedTenant(owner, 'Other Group', Math.floor(ROWS / 5));
  // As a tenant's rows are in production: vacuumed (hint bits and visibility map set), so the
  // export does not pay for the bulk load's first-read writes, and analysed.
  await owner.query('vacuum (analyze)');
  figures.seedSeconds = (performance.now() - t) / 1000;
  console.log(`  seeded in ${s(performance.now() - t)}`);

  const db = openPostgres(withDatabase(ADMIN, DB, 'dealershipai_app'), withDatabase(ADMIN, DB, 'dealershipai_system'));
  installDatabase(db);
  onCleanup('app pools', () => db.close());

  // 1. Export
  globalThis.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  let bytes = 0;
  t = performance.now();
  for await (const chunk of exportChunks(big.tenantId)) {
    bytes += Buffer.byteLength(chunk);
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }
  const exportMs = performance.now() - t;
  figures.export = {
    seconds: exportMs / 1000,
    megabytes: bytes / MB,
    mbPerSecond: bytes / MB / (exportMs / 1000),
    rowsPerSecond: ROWS / (exportMs / 1000),
    rssBeforeMb: base.rss / MB,
    peakRssMb: peakRss / MB,
    rssGrowthMb: (peakRss - base.rss) / MB,
    heapGrowthMb: (peakHeap - base.heapUsed) / MB,
  };
  console.log(
    `export     ${s(exportMs)}  ${(bytes / MB).toFixed(1)} MB (${(bytes / MB / (exportMs / 1000)).toFixed(1)} MB/s, ${Math.round(ROWS / (exportMs / 1000)).toLocaleString('en-US')} rows/s)  peak RSS ${(peakRss / MB).toFixed(0)} MB (+${((peakRss - base.rss) / MB).toFixed(0)} MB), heap +${((peakHeap - base.heapUsed) / MB).toFixed(0)} MB`,
  );

  // 2. Backup and restore drill
  const dir = mkdtempSync(path.join(tmpdir(), 'dealershipai-bench-backup-'));
  onCleanup('backup directory', async () => rmSync(dir, { recursive: true, force: true }));
  t = performance.now();
  const backup = await backupPostgres({ url: OWNER, dir });
  const backupMs = performance.now() - t;
  const drill = await restoreDrill({ dir, adminUrl: ADMIN, protectedNames: [DB] });
  figures.backup = { seconds: backupMs / 1000, megabytes: backup.manifest.artifact.bytes / MB, tables: backup.manifest.totals.tables, rows: backup.manifest.totals.rows };
  figures.drill = { pass: drill.pass, rtoSeconds: drill.rtoSeconds, phases: drill.phases, mismatches: drill.mismatches, error: drill.error };
  console.log(`backup     ${s(backupMs)}  ${(backup.manifest.artifact.bytes / MB).toFixed(1)} MB, ${backup.manifest.totals.rows.toLocaleString('en-US')} rows in ${backup.manifest.totals.tables} tables`);
  console.log(
    `drill      ${drill.pass ? 'PASS' : 'FAIL'}  RTO ${drill.rtoSeconds.toFixed(2)} s  (${Object.entries(drill.phases)
      .map(([k, v]) => `${k} ${v.toFixed(2)} s`)
      .join(', ')})`,
  );
  if (!drill.pass) console.log(`           ${[...drill.mismatches, drill.error].filter(Boolean).join('; ')}`);

  // 3. Deletion
  await owner.query(
    `insert into tenant_deletions (tenant_id, requested_by, requested_at, delete_after, reminder_sent_at)
     values ($1, $2, now() - interval '8 days', now() - interval '1 minute', now() - interval '25 hours')`,
    [big.tenantId, big.ownerId],
  );
  t = performance.now();
  const perTable: Record<string, number> = {};
  let mark = 0;
  const outcome = await runTenantDeletion(big.tenantId, {
    afterTable: (table) => {
      const now = performance.now();
      if (mark) perTable[table] = (now - mark) / 1000;
      else perTable[table] = NaN; // the first table's start is not observed
      mark = now;
    },
  });
  const deleteMs = performance.now() - t;
  const deleted = outcome.status === 'deleted' ? Object.values(outcome.tombstone.deletedCounts).reduce((a, b) => a + b, 0) : 0;
  figures.deletion = { seconds: deleteMs / 1000, status: outcome.status, rowsDeleted: deleted, secondsPerTable: perTable };
  console.log(`deletion   ${s(deleteMs)}  ${outcome.status}, ${deleted.toLocaleString('en-US')} rows in one transaction`);
  const slow = Object.entries(perTable).filter(([, v]) => v >= 0.5).map(([k, v]) => `${k} ${v.toFixed(1)} s`);
  if (slow.length) console.log(`           slowest tables: ${slow.join(', ')}`);

  const load = (await import('node:os')).loadavg();
  figures.loadAverage = load;
  console.log(`load average ${load.map((l) => l.toFixed(2)).join(' ')} on ${(await import('node:os')).cpus().length} CPUs`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(figures, null, 2)}\n`);
  if (!drill.pass || outcome.status !== 'deleted') process.exitCode = 1;
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
}
