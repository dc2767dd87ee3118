/**
 * npm run bench:webhooks [-- --events 5000 --duplicates 0.2 --connections 50 …]
 *
 * Seeds a fresh PostgreSQL database (200 tenants, each with a Stripe customer in billing_accounts
 * and an owner, so emails get queued), then posts Stripe-signed events to POST /api/stripe/webhook:
 *   1. over HTTP against the production build (`next start`), with autocannon at N connections;
 *   2. in-process: the route handler called directly with Request objects, N at a time, which
 *      leaves out Next.js and HTTP and shows how much of the time is our own code and the database.
 * Each phase posts a warm-up batch (not recorded), then exactly --events deliveries of which
 * --duplicates are exact redeliveries of earlier events. It prints events/s and the p99
 * acknowledgement time, checks every answer (all 2xx, each event applied once, every redelivery
 * 'duplicate') and the database (inbox rows = unique events, queued emails, per-tenant last event).
 * The database is dropped and the server stopped at the end, also on failure or Ctrl-C.
 * See docs/benchmarks.md.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { ensureBuild, freePort, sleep, spawnServer } from './bench/server';
import { seed } from './bench/sql';
import { cpuBetween, cpuSnapshot, summarize, type CpuUse, type LatencySummary } from './bench/stats';
import { databaseBackendSeconds } from './bench/pg-cpu';
import { statementCounter, type StatementCounter } from './bench/pg-count';
import {
  BENCH_PRICES,
  BENCH_SECRET,
  EventStream,
  deliveries as buildDeliveries,
  expected,
  seedBilling,
  signatureFor,
  tally,
  warmupDeliveries,
  type Answer,
  type BenchTenant,
  type Delivery,
  type Tally,
} from './bench/webhook-events';
import { checkInterrupted, cleanup, cleanupOnSignal, createScratchDatabase, interrupted, onCleanup, trackLoad, withDatabase } from './bench/teardown';
import { revision, fmt, fmtInt, table } from './bench/report';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_EVENTS_PER_SEC = 300;
const TARGET_P99_MS = 100;
const WEBHOOK_PATH = '/api/stripe/webhook';

const HELP = `Usage: npm run bench:webhooks -- [options]

  --events N            measured deliveries per phase, duplicates included (default 5000)
  --duplicates F        share of those deliveries that redeliver an earlier event (default 0.2)
  --connections N       autocannon connections / in-process concurrency (default 50)
  --warmup N            fresh events posted first in each phase, not recorded (default 250)
  --tenants N           tenants with a Stripe customer (default 200)
  --mode M              http, in-process or both (default both)
  --same-header         redeliveries reuse the original Stripe-Signature (default: re-signed 1 s later)
  --seed N              event stream seed (default 1)
  --pg URL              superuser URL of the server (default postgres://postgres@127.0.0.1:5432/postgres)
  --app-dir DIR         built app to run for the HTTP phase (default: this repository)
  --port N              port for the server (default: a free one)
  --standalone          run node .next/standalone/server.js instead of next start
  --no-build            never build; fail when .next/BUILD_ID is missing
  --build               build even when .next/BUILD_ID exists
  --json FILE           also write the results as JSON
  --strict              exit 2 when the HTTP phase misses a target
  --keep-db             do not drop the database (for inspection)
  --cpu-prof DIR        write a V8 CPU profile of the server to DIR
  -h, --help

Targets (HTTP, --events 5000 --duplicates 0.2 --connections 50): at least ${TARGET_EVENTS_PER_SEC} events/s and p99 at most ${TARGET_P99_MS} ms.
The in-process phase always runs this checkout's source (app/api/stripe/webhook/route.ts), whatever --app-dir says.`;

type Mode = 'http' | 'in-process' | 'both';

type Args = {
  events: number;
  duplicates: number;
  connections: number;
  warmup: number;
  tenants: number;
  mode: Mode;
  sameHeader: boolean;
  seed: number;
  pg: string;
  appDir: string;
  port: number | undefined;
  standalone: boolean;
  build: 'auto' | 'never' | 'always';
  json: string | undefined;
  strict: boolean;
  keepDb: boolean;
  cpuProf: string | undefined;
};

function parse(): Args {
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      duplicates: { type: 'string' },
      connections: { type: 'string' },
      warmup: { type: 'string' },
      tenants: { type: 'string' },
      mode: { type: 'string' },
      'same-header': { type: 'boolean' },
      seed: { type: 'string' },
      pg: { type: 'string' },
      'app-dir': { type: 'string' },
      port: { type: 'string' },
      standalone: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      build: { type: 'boolean' },
      json: { type: 'string' },
      strict: { type: 'boolean' },
      'keep-db': { type: 'boolean' },
      'cpu-prof': { type: 'string' },
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
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer ≥ ${min} (got ${raw})`);
    return n;
  };
  if (values['no-build'] && values.build) throw new Error('--build and --no-build are exclusive');
  const duplicates = values.duplicates === undefined ? 0.2 : Number(values.duplicates);
  if (!(duplicates >= 0 && duplicates < 1))
    throw new Error(`--duplicates must be in [0, 1) (got ${values.duplicates})`);
  const mode = (values.mode ?? 'both') as Mode;
  if (!['http', 'in-process', 'both'].includes(mode))
    throw new Error(`--mode must be http, in-process or both (got ${mode})`);
  const events = int('events', values.events, 5000, 1);
  const connections = int('connections', values.connections, 50, 1);
  if (connections > events)
    throw new Error(`--connections (${connections}) cannot exceed --events (${events})`);
  return {
    events,
    duplicates,
    connections,
    warmup: int('warmup', values.warmup, 250, 0),
    tenants: int('tenants', values.tenants, 200, 1),
    mode,
    sameHeader: values['same-header'] ?? false,
    seed: int('seed', values.seed, 1, 0),
    pg: values.pg ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    appDir: path.resolve(values['app-dir'] ?? REPO_ROOT),
    port: values.port === undefined ? undefined : int('port', values.port, 0, 1),
    standalone: values.standalone ?? false,
    build: values['no-build'] ? 'never' : values.build ? 'always' : 'auto',
    json: values.json,
    strict: values.strict ?? false,
    keepDb: values['keep-db'] ?? false,
    cpuProf: values['cpu-prof'] === undefined ? undefined : path.resolve(values['cpu-prof']),
  };
}

// ---------------------------------------------------------------------------
// Cleanup: registered as resources are made, run in reverse on exit, failure or signal.
// ---------------------------------------------------------------------------

cleanupOnSignal('stopping the server and dropping the database');

// ---------------------------------------------------------------------------


/** What the server process and the in-process handler are configured with (besides the database). */
const STRIPE_ENV = { STRIPE_WEBHOOK_SECRET: BENCH_SECRET, ...BENCH_PRICES };

/** autocannon 9 options beyond scripts/bench/autocannon.d.ts: one request entry set up per send. */
type RequestParams = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
type RequestsOptions = autocannon.Options & {
  requests: Array<
    RequestParams & {
      /** Called before every send; what it returns is sent. */
      setupRequest: (req: RequestParams, context: Record<string, unknown>) => RequestParams;
      /** Called with every response (body as text, header names as the server sent them). */
      onResponse: (
        status: number,
        body: string,
        context: Record<string, unknown>,
        headers: Record<string, string | string[]>,
      ) => void;
    }
  >;
};

type LoadResult = {
  answers: Map<string, Answer>;
  seconds: number;
  latencies: Float64Array;
  cpu: CpuUse | null;
  /** The database's backends, percent of one core over the load. */
  postgresPct: number | null;
  /** Deliveries whose prepared signature was about to expire and was made anew at send time. */
  resigned: number;
  /** In-process only: pg-boss statements (the email wake-ups) and statements outside any delivery. */
  pgBossStatements?: number;
  untrackedStatements?: number;
  /** autocannon's own histogram (whole milliseconds), HTTP only. */
  autocannon?: { p50: number; p99: number; errors: number; timeouts: number; non2xx: number };
};

const outcomeOf = (body: string): string | null => {
  try {
    const parsed = JSON.parse(body) as { outcome?: unknown };
    return typeof parsed.outcome === 'string' ? parsed.outcome : null;
  } catch {
    return null;
  }
};

/** Posts the list over HTTP: autocannon, one request entry whose setupRequest takes the next delivery. */
async function httpLoad(
  baseUrl: string,
  list: Delivery[],
  connections: number,
  pgid: number,
): Promise<LoadResult> {
  const answers = new Map<string, Answer>();
  const latencies: number[] = [];
  let next = 0;
  let overflow = 0;
  let lastId: string | null = null;
  const signing = { resigned: 0 };
  const before = cpuSnapshot(pgid);
  const started = performance.now();
  const options: RequestsOptions = {
    url: `${baseUrl}${WEBHOOK_PATH}`,
    connections: Math.min(connections, list.length),
    amount: list.length,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: WEBHOOK_PATH,
        setupRequest: (req) => {
          const d = list[next++];
          if (!d) {
            overflow++;
            return req;
          }
          return {
            ...req,
            method: 'POST',
            path: WEBHOOK_PATH,
            headers: {
              'content-type': 'application/json; charset=utf-8',
              'stripe-signature': signatureFor(d, signing),
              'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
              'x-request-id': d.requestId,
            },
            body: d.event.payload,
          };
        },
        onResponse: (status, body, _context, headers) => {
          const key = Object.keys(headers).find((h) => h.toLowerCase() === 'x-request-id');
          const raw = key ? headers[key] : undefined;
          const id = Array.isArray(raw) ? raw[0] : raw;
          lastId = id ?? null;
          if (id) answers.set(id, { status, outcome: outcomeOf(body), body, ms: NaN });
        },
      },
    ],
  };
  const instance = autocannon(options);
  trackLoad(instance);
  // Emitted synchronously right after onResponse for the same response: ties the latency to it.
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    const a = lastId ? answers.get(lastId) : undefined;
    if (a) a.ms = responseTime;
    lastId = null;
  });
  const r = await instance;
  const seconds = (performance.now() - started) / 1000;
  trackLoad(undefined);
  const after = cpuSnapshot(pgid);
  checkInterrupted();
  if (overflow > 0)
    throw new Error(`autocannon asked for ${overflow} more requests than the ${list.length} prepared`);
  return {
    answers,
    seconds,
    latencies: Float64Array.from(latencies),
    cpu: cpuBetween(before, after),
    postgresPct: null,
    resigned: signing.resigned,
    autocannon: {
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors,
      timeouts: r.timeouts,
      non2xx: r.non2xx,
    },
  };
}

type Handler = (
  req: Request,
  ctx: { params: Promise<Record<string, string | string[] | undefined>> },
) => Promise<Response>;

/** Calls the route handler directly: `concurrency` workers take the next delivery each. */
async function inProcessLoad(
  handler: Handler,
  list: Delivery[],
  concurrency: number,
  counter: StatementCounter,
): Promise<LoadResult> {
  const answers = new Map<string, Answer>();
  const latencies = new Float64Array(list.length);
  const url = `http://127.0.0.1:3000${WEBHOOK_PATH}`;
  const ctx = { params: Promise.resolve({}) };
  let next = 0;
  const signing = { resigned: 0 };
  counter.reset();
  const before = cpuSnapshot(undefined);
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      checkInterrupted();
      const i = next++;
      const d = list[i];
      if (!d) return;
      const store = { statements: 0 };
      const t0 = performance.now();
      const res = await counter.track(store, () =>
        handler(
          new Request(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json; charset=utf-8',
              'stripe-signature': signatureFor(d, signing),
              'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
              'x-request-id': d.requestId,
              'x-forwarded-for': '127.0.0.1',
            },
            body: d.event.payload,
          }),
          ctx,
        ),
      );
      const body = await res.text();
      const ms = performance.now() - t0;
      latencies[i] = ms;
      answers.set(d.requestId, {
        status: res.status,
        outcome: outcomeOf(body),
        body,
        ms,
        statements: store.statements,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    answers,
    seconds,
    latencies,
    cpu: cpuBetween(before, cpuSnapshot(undefined)),
    postgresPct: null,
    resigned: signing.resigned,
    pgBossStatements: counter.totals.pgBoss,
    untrackedStatements: counter.totals.untracked,
  };
}

type DbCheck = {
  inboxRows: number;
  inboxExpected: number;
  inboxOutcomes: Record<string, number>;
  emails: number;
  emailsExpected: number;
  tenantsChecked: number;
  lastEventMismatches: number;
};

type Counts = { inbox: number; emails: number };

async function counts(owner: pg.Pool): Promise<Counts> {
  const { rows } = await owner.query<Counts>(
    'select (select count(*) from webhook_events)::int as inbox, (select count(*) from email_outbox)::int as emails',
  );
  return rows[0]!;
}

async function checkDatabase(
  owner: pg.Pool,
  before: Counts,
  list: Delivery[],
  stream: EventStream,
): Promise<DbCheck> {
  const exp = expected(list);
  const after = await counts(owner);
  const { rows: outcomeRows } = await owner.query<{ outcome: string; n: number }>(
    `select outcome, count(*)::int as n from webhook_events where provider = 'stripe' and event_id = any($1::text[]) group by outcome order by outcome`,
    [exp.ids],
  );
  const { rows: accounts } = await owner.query<{ tenant_id: string; last_event_id: string | null }>(
    'select tenant_id, last_event_id from billing_accounts',
  );
  const last = new Map(accounts.map((a) => [a.tenant_id, a.last_event_id]));
  let mismatches = 0;
  for (const [tenantId, e] of stream.latestStateful) if (last.get(tenantId) !== e.id) mismatches++;
  return {
    inboxRows: after.inbox - before.inbox,
    inboxExpected: exp.unique,
    inboxOutcomes: Object.fromEntries(outcomeRows.map((r) => [r.outcome, r.n])),
    emails: after.emails - before.emails,
    emailsExpected: exp.emails,
    tenantsChecked: stream.latestStateful.size,
    lastEventMismatches: mismatches,
  };
}

type PhaseReport = {
  phase: 'http' | 'in-process';
  label: string;
  deliveries: number;
  unique: number;
  duplicates: number;
  seconds: number;
  eventsPerSec: number;
  latency: LatencySummary;
  latencyByOutcome: Record<string, LatencySummary>;
  autocannon?: LoadResult['autocannon'];
  cpu: CpuUse | null;
  postgresPct: number | null;
  resigned: number;
  /** In-process only: pg statements per delivery by outcome, and pg-boss statements per applied event. */
  statements?: { byOutcome: Record<string, number>; pgBossPerApplied: number; untracked: number };
  warmup: { deliveries: number; seconds: number; failures: number };
  tally: Tally;
  db: DbCheck;
  failures: string[];
};

function byOutcome(list: Delivery[], answers: Map<string, Answer>): Record<string, LatencySummary> {
  const groups = new Map<string, number[]>();
  for (const d of list) {
    const a = answers.get(d.requestId);
    if (!a || Number.isNaN(a.ms)) continue;
    const key = a.status >= 200 && a.status < 300 ? (a.outcome ?? '(none)') : `HTTP ${a.status}`;
    const g = groups.get(key) ?? [];
    g.push(a.ms);
    groups.set(key, g);
  }
  return Object.fromEntries([...groups].sort().map(([k, v]) => [k, summarize(Float64Array.from(v))]));
}

function statementsByOutcome(list: Delivery[], answers: Map<string, Answer>): Record<string, number> {
  const sums = new Map<string, { n: number; statements: number }>();
  for (const d of list) {
    const a = answers.get(d.requestId);
    if (!a || a.statements === undefined) continue;
    const key = a.status >= 200 && a.status < 300 ? (a.outcome ?? '(none)') : `HTTP ${a.status}`;
    const s = sums.get(key) ?? { n: 0, statements: 0 };
    s.n++;
    s.statements += a.statements;
    sums.set(key, s);
  }
  return Object.fromEntries([...sums].sort().map(([k, s]) => [k, s.statements / s.n]));
}

function verdicts(t: Tally, db: DbCheck): string[] {
  const f: string[] = [];
  if (t.missing > 0) f.push(`${t.missing} deliveries got no answer`);
  if (t.non2xx > 0) f.push(`${t.non2xx} non-2xx answers (${t.firstErrors.join(' | ')})`);
  if ((t.statusCodes['429'] ?? 0) > 0)
    f.push(
      'the webhook route answered 429: it is rate-limited per client IP, but Stripe delivers from a few addresses ' +
        'and treats 429 as a failure to retry; the route should opt out (defineRoute({ public: true, rateLimit: false }))',
    );
  if (t.notExactlyOnce > 0) f.push(`${t.notExactlyOnce} events were not applied exactly once`);
  if (t.duplicatesAnsweredDuplicate !== t.duplicates)
    f.push(
      `${t.duplicates - t.duplicatesAnsweredDuplicate} of ${t.duplicates} redeliveries did not answer 'duplicate'` +
        (t.copyWon > 0 ? ` (${t.copyWon} overtook their original, still in flight)` : ''),
    );
  if (db.inboxRows !== db.inboxExpected)
    f.push(`inbox grew by ${db.inboxRows} rows, expected ${db.inboxExpected} unique events`);
  if (db.emails !== db.emailsExpected) f.push(`${db.emails} emails queued, expected ${db.emailsExpected}`);
  if (db.lastEventMismatches > 0)
    f.push(
      `${db.lastEventMismatches} of ${db.tenantsChecked} tenants do not end on their newest state-changing event`,
    );
  return f;
}

async function runPhase(
  phase: PhaseReport['phase'],
  label: string,
  args: Args,
  stream: EventStream,
  owner: pg.Pool,
  dbName: string,
  loadList: (list: Delivery[], connections: number) => Promise<LoadResult>,
): Promise<PhaseReport> {
  const load = async (list: Delivery[], connections: number): Promise<LoadResult> => {
    const pgBefore = databaseBackendSeconds(dbName);
    const r = await loadList(list, connections);
    const pgAfter = databaseBackendSeconds(dbName);
    const postgresPct =
      pgBefore !== null && pgAfter !== null ? (100 * (pgAfter - pgBefore)) / r.seconds : null;
    return { ...r, postgresPct };
  };
  const prefix = phase === 'http' ? 'whk-http' : 'whk-inproc';
  let warm = { deliveries: 0, seconds: 0, failures: 0 };
  if (args.warmup > 0) {
    const list = warmupDeliveries(stream, args.warmup, Math.floor(Date.now() / 1000), `${prefix}-warm`);
    console.log(`• ${label}: warm-up, ${list.length} fresh events …`);
    const before = await counts(owner);
    const r = await load(list, args.connections);
    const t = tally(list, r.answers);
    const db = await checkDatabase(owner, before, list, stream);
    const failures = verdicts(t, db);
    if (failures.length > 0) throw new Error(`${label} warm-up failed: ${failures.join('; ')}`);
    warm = { deliveries: list.length, seconds: r.seconds, failures: failures.length };
  }
  const duplicates = Math.round(args.events * args.duplicates);
  const list = buildDeliveries(stream, {
    unique: args.events - duplicates,
    duplicates,
    minGap: 2 * args.connections,
    timestamp: Math.floor(Date.now() / 1000),
    sameHeader: args.sameHeader,
    seed: args.seed + (phase === 'http' ? 101 : 202),
    prefix,
  });
  console.log(
    `• ${label}: ${list.length} deliveries (${args.events - duplicates} events + ${duplicates} redeliveries) at ${args.connections} connections …`,
  );
  const before = await counts(owner);
  const r = await load(list, args.connections);
  const t = tally(list, r.answers);
  const db = await checkDatabase(owner, before, list, stream);
  const report: PhaseReport = {
    phase,
    label,
    deliveries: list.length,
    unique: args.events - duplicates,
    duplicates,
    seconds: r.seconds,
    eventsPerSec: list.length / r.seconds,
    latency: summarize(r.latencies),
    latencyByOutcome: byOutcome(list, r.answers),
    autocannon: r.autocannon,
    cpu: r.cpu,
    postgresPct: r.postgresPct,
    resigned: r.resigned,
    statements:
      r.pgBossStatements === undefined
        ? undefined
        : {
            byOutcome: statementsByOutcome(list, r.answers),
            pgBossPerApplied: r.pgBossStatements / Math.max(1, t.outcomes.applied ?? 0),
            untracked: r.untrackedStatements ?? 0,
          },
    warmup: warm,
    tally: t,
    db,
    failures: verdicts(t, db),
  };
  console.log(
    `  ${fmtInt(report.eventsPerSec)} events/s, p50 ${fmt(report.latency.p50, 1)} ms, p99 ${fmt(report.latency.p99, 1)} ms, max ${fmt(report.latency.max, 0)} ms` +
      (r.cpu
        ? ` (${phase === 'http' ? `server ${fmt(r.cpu.serverPct, 0)}% of a core, autocannon` : 'this process'} ${fmt(r.cpu.loaderPct, 0)}%, ` +
          `postgres ${fmt(r.postgresPct ?? NaN, 0)}%, machine ${fmt(r.cpu.machinePct, 0)}% busy)`
        : ''),
  );
  return report;
}



async function main(): Promise<number> {
  const args = parse();
  const started = new Date();
  const stamp = started.toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `bench_hooks_${stamp}_${process.pid}`;
  const ownerUrl = withDatabase(args.pg, dbName);
  const appUrl = withDatabase(args.pg, dbName, 'dealershipai_app');
  const systemUrl = withDatabase(args.pg, dbName, 'dealershipai_system');
  const [load1] = os.loadavg();
  const duplicates = Math.round(args.events * args.duplicates);

  console.log(
    `bench:webhooks — ${args.events} deliveries (${duplicates} redeliveries) per phase over ${args.tenants} tenants, ` +
      `${args.connections} connections, mode ${args.mode}, ${os.cpus().length} CPUs, load average ${fmt(load1)}`,
  );
  if ((load1 ?? 0) > 0.5) console.warn('! the machine is not idle: figures will be noisy');

  // Before anything imports src/: the logger reads LOG_LEVEL once, env() caches on first use.
  Object.assign(process.env, { LOG_LEVEL: 'warn', JOB_WORKERS: '0', ...STRIPE_ENV });
  delete process.env.STRIPE_SECRET_KEY; // no Stripe API calls: ties cannot happen, but never reach out

  if (args.mode !== 'in-process') ensureBuild(args.appDir, args.build);

  // 1. Database: create, migrate, seed.
  await createScratchDatabase(args.pg, dbName, args.keepDb);
  console.log(`• database ${dbName}: migrating and seeding …`);
  // The migrator reads ./drizzle relative to the working directory.
  process.chdir(REPO_ROOT);
  const { runMigrations } = await import('../src/db/client');
  await runMigrations(ownerUrl);
  const owner = new pg.Pool({ connectionString: ownerUrl, max: 2 });
  onCleanup('owner pool', () => owner.end());
  await owner.query('alter role dealershipai_app login');
  await owner.query('alter role dealershipai_system login');
  await seed(owner, { tenants: args.tenants, dealershipsPerTenant: 0, membersPerTenant: 3 });
  const tenants: BenchTenant[] = await seedBilling(owner);
  const owners = tenants.reduce((s, t) => s + t.owners, 0);
  console.log(
    `  seeded ${tenants.length} tenants with a Stripe customer and ${owners} owners (3 members each)`,
  );
  const stream = new EventStream(tenants, args.seed);

  const reports: PhaseReport[] = [];

  // 2. HTTP against the production build.
  if (args.mode !== 'in-process') {
    const port = args.port ?? (await freePort());
    const origin = `http://127.0.0.1:${port}`;
    const logFile = path.join(os.tmpdir(), `${dbName}-server.log`);
    const mode = args.standalone ? 'standalone' : 'next-start';
    console.log(
      `• ${args.standalone ? 'node .next/standalone/server.js' : 'next start'} in ${args.appDir} on ${origin} (log: ${logFile}) …`,
    );
    const server = spawnServer({
      appDir: args.appDir,
      mode,
      port,
      logFile,
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: appUrl,
        DATABASE_SYSTEM_URL: systemUrl,
        BETTER_AUTH_SECRET: randomBytes(32).toString('base64url'),
        APP_URL: origin,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        JOB_WORKERS: '0',
        ...STRIPE_ENV,
      },
      nodeArgs: args.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${args.cpuProf}`] : [],
    });
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    };
    onCleanup('stop server', stop);
    await server.ready();
    try {
      reports.push(
        await runPhase(
          'http',
          `HTTP (${args.standalone ? 'standalone' : 'next start'})`,
          args,
          stream,
          owner,
          dbName,
          (list, c) => httpLoad(server.baseUrl, list, c, server.pid),
        ),
      );
    } catch (err) {
      if (!interrupted()) console.error(`server log tail:\n${server.tail()}`);
      throw err;
    }
    await stop();
    if (args.cpuProf) console.log(`• server CPU profile written to ${args.cpuProf}`);
    await sleep(500);
  }

  // 3. In-process: the same route handler, no Next.js and no HTTP.
  if (args.mode !== 'http') {
    Object.assign(process.env, { NODE_ENV: 'production' });
    process.env.APP_URL = 'http://127.0.0.1:3000';
    const { openPostgres, installDatabase } = await import('../src/db/client');
    const { resetEnvCache } = await import('../src/config/env');
    const { stopJobs } = await import('../src/jobs/boss');
    resetEnvCache();
    const db = openPostgres(appUrl, systemUrl);
    installDatabase(db);
    onCleanup('in-process database', async () => {
      // The route wakes the email worker (not awaited), which starts pg-boss in this process:
      // let the last wake-ups finish before their pool closes.
      await sleep(1000);
      await stopJobs({ graceful: false });
      installDatabase(undefined);
      await db.close();
    });
    const route = await import('../app/api/stripe/webhook/route');
    const handler = route.POST as unknown as Handler;
    const counter = statementCounter();
    onCleanup('statement counter', async () => counter.restore());
    reports.push(
      await runPhase('in-process', 'in-process (route handler)', args, stream, owner, dbName, (list, c) =>
        inProcessLoad(handler, list, c, counter),
      ),
    );
  }

  // 4. Summary.
  const rev = revision(REPO_ROOT);
  console.log(
    `\nResults (${started.toISOString()}, commit ${rev}, ${args.events} deliveries with ${duplicates} redeliveries, ` +
      `${args.connections} connections, ${args.tenants} tenants, warm-up ${args.warmup} per phase)\n`,
  );
  const rows: string[][] = [
    [
      '',
      'events/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      `≥ ${TARGET_EVENTS_PER_SEC}/s`,
      `p99 ≤ ${TARGET_P99_MS} ms`,
    ],
  ];
  let missed = false;
  for (const r of reports) {
    const fast = r.eventsPerSec >= TARGET_EVENTS_PER_SEC;
    const quick = r.latency.p99 <= TARGET_P99_MS;
    if (r.phase === 'http') missed = !fast || !quick;
    rows.push([
      r.label,
      fmtInt(r.eventsPerSec),
      fmt(r.latency.p50, 1),
      fmt(r.latency.p99, 1),
      fmt(r.latency.max, 0),
      r.phase === 'http' ? (fast ? 'yes' : 'NO') : '',
      r.phase === 'http' ? (quick ? 'yes' : 'NO') : '',
    ]);
  }
  console.log(table(rows));

  for (const r of reports) {
    const t = r.tally;
    const outcomes = Object.entries(t.outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const lat = Object.entries(r.latencyByOutcome)
      .map(([k, s]) => `${k} ${fmt(s.p50, 1)}/${fmt(s.p99, 1)}`)
      .join(', ');
    console.log(`\n${r.label}:`);
    console.log(`  answers: ${outcomes}; non-2xx ${t.non2xx}${t.missing ? `, unanswered ${t.missing}` : ''}`);
    console.log(`  p50/p99 ms by outcome: ${lat}`);
    if (r.statements)
      console.log(
        `  pg statements per delivery (round trips, BEGIN/COMMIT included): ${Object.entries(
          r.statements.byOutcome,
        )
          .map(([k, v]) => `${k} ${fmt(v, 1)}`)
          .join(
            ', ',
          )}; pg-boss wake-up statements per applied event ${fmt(r.statements.pgBossPerApplied, 2)}`,
      );
    if (r.autocannon)
      console.log(
        `  autocannon histogram (whole ms): p50 ${r.autocannon.p50}, p99 ${r.autocannon.p99}; errors ${r.autocannon.errors}, timeouts ${r.autocannon.timeouts}`,
      );
    console.log(
      `  redeliveries answered 'duplicate': ${t.duplicatesAnsweredDuplicate} of ${t.duplicates}; events applied exactly once: ${r.unique - t.notExactlyOnce} of ${r.unique}`,
    );
    console.log(
      `  inbox +${r.db.inboxRows} rows (unique events ${r.db.inboxExpected}; stored outcomes ${Object.entries(
        r.db.inboxOutcomes,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}); emails queued +${r.db.emails} (expected ${r.db.emailsExpected}); ` +
        `tenants on their newest event ${r.db.tenantsChecked - r.db.lastEventMismatches} of ${r.db.tenantsChecked}`,
    );
    console.log(
      `  mean body ${fmtInt(t.bodyBytesMean)} bytes; warm-up ${r.warmup.deliveries} events in ${fmt(r.warmup.seconds, 1)} s` +
        (r.resigned > 0 ? `; ${r.resigned} signatures re-made at send time (the run took over 4 min)` : ''),
    );
    console.log(
      r.failures.length === 0 ? '  checks: all passed' : `  ✗ checks failed: ${r.failures.join('; ')}`,
    );
  }
  const failed = reports.some((r) => r.failures.length > 0);
  if (missed)
    console.log(
      `\nTarget missed: HTTP needs ≥ ${TARGET_EVENTS_PER_SEC} events/s and p99 ≤ ${TARGET_P99_MS} ms at ${args.connections} connections.`,
    );

  if (args.json) {
    writeFileSync(
      args.json,
      JSON.stringify(
        {
          date: started.toISOString(),
          commit: rev,
          machine: {
            cpus: os.cpus().length,
            model: os.cpus()[0]?.model,
            memoryGiB: Math.round(os.totalmem() / 2 ** 30),
            loadAverage1m: load1,
          },
          args: { ...args, pg: undefined },
          targets: { eventsPerSec: TARGET_EVENTS_PER_SEC, p99Ms: TARGET_P99_MS },
          phases: reports,
        },
        null,
        2,
      ),
    );
    console.log(`Wrote ${args.json}`);
  }
  if (failed) return 1;
  return args.strict && missed ? 2 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  if (!interrupted()) console.error(`\n✗ bench:webhooks failed: ${(err as Error).stack ?? err}`);
} finally {
  await cleanup();
}
if (!interrupted()) process.exit(code);
