/**
 * npx tsx scripts/bench-flags.ts [-- --flags 50 --overrides 10000 …]
 *
 * Flag evaluation on the hot path: evaluations per second and the latency of one evaluation
 * (p50/p99/p99.9/max), with 50 flags, 10,000 tenant overrides over 10,000 tenants and a mix of
 * rules (off, 0 %, partial rollouts, 100 %), loaded from a real database (embedded PGlite by
 * default, PostgreSQL with --pg) through the app's own loader and FlagStore. It then proves
 * that evaluation does no I/O: every database pool's checkouts and the loader's calls are
 * counted across the timed loops and must stay at zero (exit 1 otherwise).
 *
 * Also measured: all 50 flags for one tenant (what evaluatedFlagsFor does per page), the same
 * evaluation through OpenFeature's standard client (async, hooks), and one cache refresh (the
 * two selects that run every 15 s). See docs/benchmarks.md.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { OpenFeature } from '@openfeature/server-sdk';
import { installDatabase, openPglite, openPostgres, runMigrations, type Database } from '../src/db';
import type { Definitions, FlagDefinition } from '../src/flags/definitions';
import { FlagStore, loadFromDatabase } from '../src/flags/store';
import { DealershipFlagProvider } from '../src/flags/provider';
import { prng as rng } from './bench/prng';

const HELP = `Usage: npx tsx scripts/bench-flags.ts [options]

  --flags N          declared flags (default 50; a third boolean, string, number)
  --tenants N        tenants in the database (default 10000)
  --overrides N      tenant overrides, distinct (tenant, flag) pairs (default 10000)
  --evaluations N    timed evaluations for the throughput loop (default 2000000)
  --samples N        individually timed evaluations for the latency percentiles (default 300000)
  --openfeature N    evaluations through the OpenFeature client (default 100000)
  --pg URL           run on PostgreSQL: a superuser URL; a fresh database is created and dropped
  --seed N           seed of the workload (default 1)
  --json FILE        also write the results as JSON
  -h, --help`;

const { values: args } = parseArgs({
  options: {
    flags: { type: 'string', default: '50' },
    tenants: { type: 'string', default: '10000' },
    overrides: { type: 'string', default: '10000' },
    evaluations: { type: 'string', default: '2000000' },
    samples: { type: 'string', default: '300000' },
    openfeature: { type: 'string', default: '100000' },
    pg: { type: 'string' },
    seed: { type: 'string', default: '1' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(HELP);
  process.exit(0);
}
const FLAG_COUNT = Number(args.flags);
const TENANTS = Number(args.tenants);
const OVERRIDES = Number(args.overrides);
const EVALUATIONS = Number(args.evaluations);
const SAMPLES = Number(args.samples);
const OPENFEATURE = Number(args.openfeature);
if (OVERRIDES > TENANTS * FLAG_COUNT) throw new Error('more overrides than (tenant, flag) pairs');

const random = rng(Number(args.seed));
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** Nearest-rank percentile of sorted nanoseconds. */
const pct = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// ---------------------------------------------------------------------------------------------
// Definitions, database, rows
// ---------------------------------------------------------------------------------------------

const types = ['boolean', 'string', 'number'] as const;
const definitions: Definitions = Object.fromEntries(
  Array.from({ length: FLAG_COUNT }, (_, i): [string, FlagDefinition] => {
    const type = types[i % 3]!;
    const key = `benchFlag${String(i).padStart(2, '0')}`;
    const def = type === 'boolean' ? false : type === 'string' ? 'control' : 0;
    return [key, { type, description: `benchmark flag ${i}`, default: def, owner: 'bench' } as FlagDefinition];
  }),
);
const keys = Object.keys(definitions);
const valueFor = (type: string, i: number) => (type === 'boolean' ? i % 2 === 0 : type === 'string' ? `variant-${i % 4}` : i % 100);

type Setup = { db: Database; ownerQuery: (text: string, values?: unknown[]) => Promise<pg.QueryResult>; cleanup: () => Promise<void>; engine: string };

async function setupDatabase(): Promise<Setup> {
  if (!args.pg) {
    const db = await openPglite(undefined);
    await runMigrations(db.pools.app);
    installDatabase(db);
    return { db, ownerQuery: (t, v) => db.pools.app.query(t, v), cleanup: () => db.close(), engine: 'PGlite (in process)' };
  }
  const name = `bench_flags_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: args.pg });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(args.pg);
  url.pathname = `/${name}`;
  const ownerUrl = url.toString();
  await runMigrations(ownerUrl);
  const owner = new pg.Pool({ connectionString: ownerUrl, max: 2 });
  await owner.query('alter role dealershipai_app login; alter role dealershipai_system login');
  const as = (user: string) => {
    const u = new URL(ownerUrl);
    u.username = user;
    u.password = '';
    return u.toString();
  };
  const db = openPostgres(as('dealershipai_app'), as('dealershipai_system'));
  installDatabase(db);
  const { rows } = await owner.query<{ v: string }>("select current_setting('server_version') as v");
  return {
    db,
    ownerQuery: (t, v) => owner.query(t, v),
    engine: `PostgreSQL ${rows[0]!.v}`,
    cleanup: async () => {
      await db.close();
      await owner.end();
      const a = new pg.Client({ connectionString: args.pg });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

async function seedRows(s: Setup): Promise<{ tenantIds: string[]; overridden: string[] }> {
  const tenantIds = Array.from({ length: TENANTS }, () => randomUUID());
  for (let i = 0; i < tenantIds.length; i += 1000) {
    const chunk = tenantIds.slice(i, i + 1000);
    await s.ownerQuery(`insert into tenants (id, name) select id, 'Bench group ' || n from unnest($1::uuid[]) with ordinality as t(id, n)`, [chunk]);
  }
  // Rules: a fifth off, then 0 %, partial rollouts and 100 %, plus two unknown keys.
  const percentages = [0, 1, 10, 25, 50, 75, 90, 99, 100];
  for (const [i, key] of keys.entries()) {
    const def = definitions[key]!;
    await s.ownerQuery('insert into flag_rules (key, enabled, percentage, value) values ($1, $2, $3, $4::jsonb)', [
      key,
      i % 5 !== 0,
      percentages[i % percentages.length],
      def.type === 'boolean' && i % 2 === 0 ? null : JSON.stringify(valueFor(def.type, i + 1)),
    ]);
  }
  await s.ownerQuery(`insert into flag_rules (key, enabled, percentage) values ('retiredFlagA', true, 50), ('retiredFlagB', false, 0)`);
  const pairs = new Set<string>();
  while (pairs.size < OVERRIDES) pairs.add(`${pick(tenantIds)}|${pick(keys)}`);
  const list = [...pairs].map((p) => p.split('|') as [string, string]);
  for (let i = 0; i < list.length; i += 1000) {
    const chunk = list.slice(i, i + 1000);
    await s.ownerQuery(
      `insert into flag_overrides (tenant_id, flag_key, value) select t, k, v::jsonb from unnest($1::uuid[], $2::text[], $3::text[]) as x(t, k, v)`,
      [chunk.map((c) => c[0]), chunk.map((c) => c[1]), chunk.map(([, k], j) => JSON.stringify(valueFor(definitions[k]!.type, i + j)))],
    );
  }
  return { tenantIds, overridden: [...new Set(list.map((c) => c[0]))] };
}

// ---------------------------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------------------------

async function main() {
  const loadBefore = os.loadavg();
  const started = new Date();
  console.log(`bench-flags: ${FLAG_COUNT} flags, ${fmt(TENANTS)} tenants, ${fmt(OVERRIDES)} overrides; node ${process.version}, ${os.cpus().length} cores`);
  console.log(`load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}${loadBefore[0]! > 0.5 ? '  (BUSY MACHINE: figures are inflated, not results)' : ''}`);

  const setup = await setupDatabase();
  let exitCode = 0;
  try {
    const { tenantIds, overridden } = await seedRows(setup);

    let loads = 0;
    const store = new FlagStore(
      definitions,
      async () => {
        loads++;
        return loadFromDatabase();
      },
      { env: () => ({}) },
    );
    const refreshMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      if (!(await store.refresh())) throw new Error(`load failed: ${store.status().lastError}`);
      refreshMs.push(performance.now() - t0);
    }
    refreshMs.sort((a, b) => a - b);
    const status = store.status();
    console.log(`${setup.engine}: cache holds ${status.rules} rules (${status.unknownKeys.length} unknown keys ignored) and ${fmt(status.overrides)} overrides`);
    console.log(`cache refresh (2 selects + index): median ${refreshMs[2]!.toFixed(1)} ms, max ${refreshMs[4]!.toFixed(1)} ms`);

    // Count every database checkout from here on: the timed loops must make none.
    let checkouts = 0;
    for (const pool of new Set([setup.db.pools.app, setup.db.pools.system])) pool.on('acquire', () => checkouts++);
    const loadsBefore = loads;

    // Workload: half the evaluations for tenants that have overrides, a quarter for other known
    // tenants, a quarter for tenants unknown to the database; flags uniform.
    const W = 1 << 20;
    const wKeys: string[] = new Array(W);
    const wTenants: string[] = new Array(W);
    const strangers = Array.from({ length: 2000 }, () => randomUUID());
    for (let i = 0; i < W; i++) {
      wKeys[i] = pick(keys);
      const r = random();
      wTenants[i] = r < 0.5 ? pick(overridden) : r < 0.75 ? pick(tenantIds) : pick(strangers);
    }
    const reasons = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const e = store.evaluate(wKeys[i]!, wTenants[i]!);
      reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
    }
    console.log(`reason mix over 100,000: ${[...reasons].map(([r, n]) => `${r} ${((n / 1000) | 0)}%`).join(', ')}`);

    // Throughput: a tight loop, no timing inside. Warm-up first.
    let sink = 0;
    for (let i = 0; i < 500_000; i++) if (store.evaluate(wKeys[i & (W - 1)]!, wTenants[i & (W - 1)]!).value) sink++;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < EVALUATIONS; i++) if (store.evaluate(wKeys[i & (W - 1)]!, wTenants[i & (W - 1)]!).value) sink++;
    const loopNs = Number(process.hrtime.bigint() - t0);
    const perSecond = EVALUATIONS / (loopNs / 1e9);

    // Latency: each evaluation timed on its own (includes the hrtime call's own cost, reported).
    const overhead = new Float64Array(100_000);
    for (let i = 0; i < overhead.length; i++) {
      const a = process.hrtime.bigint();
      overhead[i] = Number(process.hrtime.bigint() - a);
    }
    overhead.sort();
    const lat = new Float64Array(SAMPLES);
    for (let i = 0; i < SAMPLES; i++) {
      const k = wKeys[(i * 7919) & (W - 1)]!;
      const t = wTenants[(i * 104729) & (W - 1)]!;
      const a = process.hrtime.bigint();
      if (store.evaluate(k, t).value) sink++;
      lat[i] = Number(process.hrtime.bigint() - a);
    }
    lat.sort();

    // One page's worth: all flags for one tenant.
    const pageLat = new Float64Array(20_000);
    for (let i = 0; i < pageLat.length; i++) {
      const t = wTenants[(i * 31) & (W - 1)]!;
      const a = process.hrtime.bigint();
      for (const k of keys) if (store.evaluate(k, t).value) sink++;
      pageLat[i] = Number(process.hrtime.bigint() - a);
    }
    pageLat.sort();

    const syncIo = { checkouts, loads: loads - loadsBefore };

    // The same through OpenFeature's standard client (async: one promise and the hook pipeline per call).
    const provider = new DealershipFlagProvider(() => store);
    await OpenFeature.setProviderAndWait('bench', provider);
    store.stop(); // initialize() started the 15 s refresh timer: keep it out of the timed loop
    const client = OpenFeature.getClient('bench');
    const [checkoutsBeforeOf, loadsBeforeOf] = [checkouts, loads];
    const ofLat = new Float64Array(OPENFEATURE);
    const ofStart = process.hrtime.bigint();
    for (let i = 0; i < OPENFEATURE; i++) {
      const k = wKeys[i & (W - 1)]!;
      const ctx = { targetingKey: wTenants[i & (W - 1)]! };
      const type = definitions[k]!.type;
      const a = process.hrtime.bigint();
      const d =
        type === 'boolean'
          ? await client.getBooleanDetails(k, false, ctx)
          : type === 'string'
            ? await client.getStringDetails(k, 'control', ctx)
            : await client.getNumberDetails(k, 0, ctx);
      ofLat[i] = Number(process.hrtime.bigint() - a);
      if (d.value) sink++;
    }
    const ofPerSecond = OPENFEATURE / (Number(process.hrtime.bigint() - ofStart) / 1e9);
    ofLat.sort();

    const io = { checkouts: syncIo.checkouts + (checkouts - checkoutsBeforeOf), loads: syncIo.loads + (loads - loadsBeforeOf) };
    const loadAfter = os.loadavg();
    const us = (ns: number) => (ns / 1000).toFixed(2);
    console.log('');
    console.log(`store.evaluate (sync, in memory):   ${fmt(perSecond)} evaluations/s over ${fmt(EVALUATIONS)}`);
    console.log(
      `  one evaluation, ${fmt(SAMPLES)} timed: p50 ${us(pct(lat, 0.5))} µs, p99 ${us(pct(lat, 0.99))} µs, p99.9 ${us(pct(lat, 0.999))} µs, max ${us(lat[lat.length - 1]!)} µs (timer overhead p50 ${us(pct(overhead, 0.5))} µs)`,
    );
    console.log(`  all ${FLAG_COUNT} flags for one tenant: p50 ${us(pct(pageLat, 0.5))} µs, p99 ${us(pct(pageLat, 0.99))} µs`);
    console.log(`OpenFeature client (async):          ${fmt(ofPerSecond)} evaluations/s; p50 ${us(pct(ofLat, 0.5))} µs, p99 ${us(pct(ofLat, 0.99))} µs`);
    console.log(`I/O during the timed loops: ${io.checkouts} database checkouts, ${io.loads} loads ${io.checkouts + io.loads === 0 ? '(none: evaluation is in memory)' : '(UNEXPECTED)'}`);
    console.log(`load average after: ${loadAfter.map((l) => l.toFixed(2)).join(' ')}   (sink ${sink})`);
    if (io.checkouts + io.loads > 0) exitCode = 1;

    const result = {
      date: started.toISOString(),
      engine: setup.engine,
      node: process.version,
      cores: os.cpus().length,
      loadBefore,
      loadAfter,
      flags: FLAG_COUNT,
      tenants: TENANTS,
      overrides: OVERRIDES,
      refreshMs: { median: refreshMs[2], max: refreshMs[4] },
      evaluate: {
        perSecond,
        evaluations: EVALUATIONS,
        p50us: pct(lat, 0.5) / 1000,
        p99us: pct(lat, 0.99) / 1000,
        p999us: pct(lat, 0.999) / 1000,
        maxUs: lat[lat.length - 1]! / 1000,
        timerOverheadP50us: pct(overhead, 0.5) / 1000,
      },
      allFlagsForOneTenant: { p50us: pct(pageLat, 0.5) / 1000, p99us: pct(pageLat, 0.99) / 1000 },
      openFeature: { perSecond: ofPerSecond, p50us: pct(ofLat, 0.5) / 1000, p99us: pct(ofLat, 0.99) / 1000 },
      io,
      reasons: Object.fromEntries(reasons),
    };
    if (args.json) writeFileSync(args.json, JSON.stringify(result, null, 2));
    await OpenFeature.close();
  } finally {
    await setup.cleanup().catch((err) => console.error('cleanup failed', err));
  }
  process.exit(exitCode);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
