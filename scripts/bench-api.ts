/**
 * npm run bench:api [-- --duration 20 --connections 50 …]
 *
 * Seeds a fresh PostgreSQL database (500 tenants × 10 dealerships by default), starts the
 * production build (`next start`, or the standalone server with --standalone), signs a user in, loads GET /api/dealerships and
 * GET /api/dashboard/overview with autocannon, then times the same SQL straight through `pg`
 * and prints both side by side. The database is dropped and the server stopped at the end,
 * also on failure or Ctrl-C. See docs/benchmarks.md.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { ensureBuild, freePort, sleep, spawnServer, type Server } from './bench/server';
import { mintOwnerSessions } from './bench/sessions';
import {
  DATA_QUERIES,
  bareQuery,
  closedLoop,
  requestQueries,
  seed,
  sqlPools,
  type SqlPools,
  type SqlResult,
} from './bench/sql';
import { cpuBetween, cpuSnapshot, type CpuUse } from './bench/stats';
import { checkInterrupted, cleanup, cleanupOnSignal, createScratchDatabase, interrupted, onCleanup, trackLoad, withDatabase } from './bench/teardown';
import { revision, fmt, fmtInt, table } from './bench/report';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_P99_MS = 50;

const HELP = `Usage: npm run bench:api -- [options]

  --duration S          seconds of load per endpoint (default 20)
  --connections N       autocannon connections, and direct-SQL workers (default 50)
  --warmup S            unrecorded load per endpoint before measuring (default 5)
  --tenants N           tenants to seed (default 500)
  --dealerships N       dealerships per tenant (default 10)
  --members N           seeded members per tenant besides the bench user (default 3)
  --sql-iterations N    timed direct-SQL calls per endpoint and mode (default 10000)
  --sql-pool N          direct-SQL pool size per role (default 10, the app's POOL_MAX)
  --pg URL              superuser URL of the server (default postgres://postgres@127.0.0.1:5432/postgres)
  --app-dir DIR         built app to run (default: this repository)
  --port N              port for the server (default: a free one)
  --baseline            also load GET /api/health (public, one query, no auth) for comparison
  --standalone          run node .next/standalone/server.js (the deployed form) instead of next start
  --no-build            never build; fail when .next/BUILD_ID is missing
  --build               build even when .next/BUILD_ID exists
  --json FILE           also write the results as JSON
  --strict              exit 2 when an endpoint misses the p99 target
  --keep-db             do not drop the database (for inspection)
  --cpu-prof DIR        write a V8 CPU profile of the server to DIR (open in Chrome DevTools)
  -h, --help`;

type Args = {
  duration: number;
  connections: number;
  warmup: number;
  tenants: number;
  dealerships: number;
  members: number;
  sqlIterations: number;
  sqlPool: number;
  pg: string;
  appDir: string;
  port: number | undefined;
  build: 'auto' | 'never' | 'always';
  json: string | undefined;
  strict: boolean;
  keepDb: boolean;
  cpuProf: string | undefined;
  standalone: boolean;
  baseline: boolean;
};

function parse(): Args {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      warmup: { type: 'string' },
      tenants: { type: 'string' },
      dealerships: { type: 'string' },
      members: { type: 'string' },
      'sql-iterations': { type: 'string' },
      'sql-pool': { type: 'string' },
      pg: { type: 'string' },
      'app-dir': { type: 'string' },
      port: { type: 'string' },
      'no-build': { type: 'boolean' },
      build: { type: 'boolean' },
      json: { type: 'string' },
      strict: { type: 'boolean' },
      'keep-db': { type: 'boolean' },
      'cpu-prof': { type: 'string' },
      standalone: { type: 'boolean' },
      baseline: { type: 'boolean' },
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
  return {
    duration: int('duration', values.duration, 20, 1),
    connections: int('connections', values.connections, 50, 1),
    warmup: int('warmup', values.warmup, 5, 0),
    tenants: int('tenants', values.tenants, 500, 1),
    dealerships: int('dealerships', values.dealerships, 10, 0),
    members: int('members', values.members, 3, 0),
    sqlIterations: int('sql-iterations', values['sql-iterations'], 10_000, 1),
    sqlPool: int('sql-pool', values['sql-pool'], 10, 1),
    pg: values.pg ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    appDir: path.resolve(values['app-dir'] ?? REPO_ROOT),
    port: values.port === undefined ? undefined : int('port', values.port, 0, 1),
    build: values['no-build'] ? 'never' : values.build ? 'always' : 'auto',
    json: values.json,
    strict: values.strict ?? false,
    keepDb: values['keep-db'] ?? false,
    standalone: values.standalone ?? false,
    baseline: values.baseline ?? false,
    cpuProf: values['cpu-prof'] === undefined ? undefined : path.resolve(values['cpu-prof']),
  };
}

// ---------------------------------------------------------------------------
// Cleanup: registered as resources are made, run in reverse on exit, failure or signal.
// ---------------------------------------------------------------------------

cleanupOnSignal('stopping the server and dropping the database');

// ---------------------------------------------------------------------------


type HttpResult = {
  endpoint: string;
  p50: number;
  p99: number;
  mean: number;
  max: number;
  rps: number;
  requests: number;
  cpu: CpuUse | null;
};

type EndpointReport = {
  path: string;
  /** The endpoint's data query, timed through pg as well; none for the baseline. */
  name?: keyof typeof DATA_QUERIES;
  http?: HttpResult;
  sqlBare?: SqlResult;
  sqlRequest?: SqlResult;
};

async function load(
  url: string,
  cookies: string[],
  args: Args,
  seconds: number,
  pgid: number,
): Promise<HttpResult> {
  const before = cpuSnapshot(pgid);
  let nextClient = 0;
  const instance = autocannon({
    url,
    connections: args.connections,
    duration: seconds,
    headers: { accept: 'application/json' },
    // One signed-in owner per connection (see mintOwnerSessions).
    setupClient: (client) => {
      client.setHeaders({ cookie: cookies[nextClient++ % cookies.length]!, accept: 'application/json' });
    },
    timeout: 10,
  });
  trackLoad(instance);
  const r = await instance;
  trackLoad(undefined);
  const after = cpuSnapshot(pgid);
  checkInterrupted();
  const failures = r.non2xx + r.errors + r.timeouts;
  if (failures > 0 || r['2xx'] === 0) {
    const codes = Object.entries(r.statusCodeStats)
      .map(([code, s]) => `${code}×${s.count}`)
      .join(', ');
    throw new Error(
      `${url}: ${r.non2xx} non-2xx responses, ${r.errors} errors, ${r.timeouts} timeouts out of ${r.requests.sent} requests (status codes: ${codes || 'none'})`,
    );
  }
  return {
    endpoint: url,
    p50: r.latency.p50,
    p99: r.latency.p99,
    mean: r.latency.mean,
    max: r.latency.max,
    rps: r.requests.average,
    requests: r['2xx'],
    cpu: cpuBetween(before, after),
  };
}

async function signUp(server: Server, origin: string): Promise<{ cookie: string; userId: string }> {
  const email = `bench-${Date.now()}@bench.invalid`;
  const res = await fetch(`${server.baseUrl}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password: randomBytes(12).toString('base64url'), name: 'Bench User' }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sign-up → ${res.status}: ${text.slice(0, 500)}`);
  const body = JSON.parse(text) as { user?: { id?: string } };
  const userId = body.user?.id;
  if (!userId) throw new Error(`sign-up returned no user id: ${text.slice(0, 500)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!.trim())
    .filter((c) => c.includes('=') && !c.endsWith('='))
    .join('; ');
  if (!cookie) throw new Error('sign-up set no cookie');
  return { cookie, userId };
}

async function getJson<T>(server: Server, p: string, cookie: string): Promise<T> {
  const res = await fetch(`${server.baseUrl}${p}`, { headers: { cookie } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${p} → ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}



async function main(): Promise<number> {
  const args = parse();
  const started = new Date();
  const stamp = started.toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `bench_${stamp}_${process.pid}`;
  const ownerUrl = withDatabase(args.pg, dbName);
  const appUrl = withDatabase(args.pg, dbName, 'dealershipai_app');
  const systemUrl = withDatabase(args.pg, dbName, 'dealershipai_system');
  const [load1] = os.loadavg();

  console.log(
    `bench:api — ${args.tenants} tenants × ${args.dealerships} dealerships, ${args.connections} connections, ` +
      `${args.duration} s per endpoint (+${args.warmup} s warm-up), ${os.cpus().length} CPUs, load average ${fmt(load1)}`,
  );
  if ((load1 ?? 0) > 0.5) console.warn('! the machine is not idle: figures will be noisy');

  ensureBuild(args.appDir, args.build);

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
  const seedStarted = performance.now();
  await seed(owner, {
    tenants: args.tenants,
    dealershipsPerTenant: args.dealerships,
    membersPerTenant: args.members,
  });
  const counts = (
    await owner.query<{ tenants: number; dealerships: number; users: number; memberships: number }>(
      `select (select count(*) from tenants)::int as tenants, (select count(*) from dealerships)::int as dealerships,
              (select count(*) from users)::int as users, (select count(*) from memberships)::int as memberships`,
    )
  ).rows[0]!;
  console.log(
    `  seeded ${counts.tenants} tenants, ${counts.dealerships} dealerships, ${counts.users} users, ${counts.memberships} memberships ` +
      `in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
  );

  // 2. Server.
  const port = args.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const logFile = path.join(os.tmpdir(), `${dbName}-server.log`);
  const mode = args.standalone ? 'standalone' : 'next-start';
  console.log(
    `• ${args.standalone ? 'node .next/standalone/server.js' : 'next start'} on ${origin} (log: ${logFile}) …`,
  );
  const authSecret = randomBytes(32).toString('base64url');
  const server = spawnServer({
    appDir: args.appDir,
    mode,
    port,
    logFile,
    env: {
      NODE_ENV: 'production',
      DATABASE_URL: appUrl,
      DATABASE_SYSTEM_URL: systemUrl,
      BETTER_AUTH_SECRET: authSecret,
      APP_URL: origin,
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    nodeArgs: args.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${args.cpuProf}`] : [],
  });
  let serverStopped = false;
  const stopServer = async () => {
    if (serverStopped) return;
    serverStopped = true;
    await server.stop();
  };
  onCleanup('stop server', stopServer);
  await server.ready();

  // 3. A signed-in owner of the middle tenant.
  const { cookie, userId } = await signUp(server, origin);
  const tenant = (
    await owner.query<{ id: string }>(`select id from tenants order by name offset $1 limit 1`, [
      Math.floor((args.tenants - 1) / 2),
    ])
  ).rows[0]!;
  await owner.query(`insert into memberships (tenant_id, user_id, role) values ($1, $2, 'owner')`, [
    tenant.id,
    userId,
  ]);
  const session = (
    await owner.query<{ token: string; active_tenant_id: string | null }>(
      `select token, active_tenant_id from sessions where user_id = $1 order by created_at desc limit 1`,
      [userId],
    )
  ).rows[0];
  if (!session) throw new Error('the sign-up created no session row');

  // Sanity: the responses are the tenant's own rows, not an empty page or someone else's.
  const list = await getJson<{ data: Array<{ id: string }>; nextCursor: string | null }>(
    server,
    '/api/dealerships',
    cookie,
  );
  if (list.data.length !== Math.min(args.dealerships, 50)) {
    throw new Error(
      `GET /api/dealerships returned ${list.data.length} rows, expected ${Math.min(args.dealerships, 50)}`,
    );
  }
  const overview = await getJson<{ counts: { dealerships: number; members: number } }>(
    server,
    '/api/dashboard/overview',
    cookie,
  );
  if (overview.counts.dealerships !== args.dealerships || overview.counts.members !== args.members + 1) {
    throw new Error(
      `GET /api/dashboard/overview returned ${JSON.stringify(overview.counts)}, expected ${args.dealerships} dealerships and ${args.members + 1} members`,
    );
  }
  console.log(
    `  signed in as an owner of tenant ${tenant.id}; both endpoints answer 200 with the tenant's data`,
  );

  // One more owner per connection and endpoint, each in a tenant of its own (see load()), so
  // the second endpoint's run does not inherit the first one's rate-limit counters.
  const cookieName = cookie.split('=')[0]!;
  const tenantIds = (await owner.query<{ id: string }>(`select id from tenants order by name`)).rows.map((r) => r.id);
  const mint = (offset: number) =>
    mintOwnerSessions(owner, { tenantIds: [...tenantIds.slice(offset), ...tenantIds.slice(0, offset)], count: args.connections, cookieName, secret: authSecret });
  const cookieSets = [await mint(0), await mint(args.connections)];
  await getJson(server, '/api/dealerships', cookieSets[0]![0]!);

  const reports: EndpointReport[] = [
    { name: 'dealerships', path: '/api/dealerships' },
    { name: 'overview', path: '/api/dashboard/overview' },
    ...(args.baseline ? [{ path: '/api/health' }] : []),
  ];

  // 4. HTTP load.
  for (const [i, r] of reports.entries()) {
    const url = `${server.baseUrl}${r.path}`;
    if (args.warmup > 0) {
      console.log(`• GET ${r.path}: warm-up ${args.warmup} s …`);
      await load(url, cookieSets[i % 2]!, args, args.warmup, server.pid);
    }
    console.log(`• GET ${r.path}: ${args.duration} s at ${args.connections} connections …`);
    r.http = await load(url, cookieSets[i % 2]!, args, args.duration, server.pid);
    console.log(
      `  p50 ${fmt(r.http.p50, 0)} ms, p99 ${fmt(r.http.p99, 0)} ms, ${fmtInt(r.http.rps)} req/s` +
        (r.http.cpu
          ? ` (server ${fmt(r.http.cpu.serverPct, 0)}% of a core, autocannon ${fmt(r.http.cpu.loaderPct, 0)}%, machine ${fmt(r.http.cpu.machinePct, 0)}% busy)`
          : ''),
    );
    await sleep(500);
  }
  // The server's CPU and its 20 connections are out of the way for the SQL side.
  await stopServer();
  if (args.cpuProf) console.log(`• server CPU profile written to ${args.cpuProf}`);

  // 5. The same SQL through pg directly.
  const pools: SqlPools = sqlPools({ appUrl, systemUrl, poolSize: args.sqlPool, tenantId: tenant.id });
  onCleanup('sql pools', async () => {
    await Promise.all([pools.bare.end(), pools.app.end(), pools.system.end()]);
  });
  const loopOpts = {
    concurrency: args.connections,
    iterations: args.sqlIterations,
    warmup: Math.min(2000, args.sqlIterations),
    poolSize: args.sqlPool,
  };
  const ids = { token: session.token, userId, activeTenantId: session.active_tenant_id };
  for (const r of reports) {
    if (!r.name) continue;
    const q = DATA_QUERIES[r.name];
    console.log(
      `• SQL ${r.name}: ${args.sqlIterations} × data query, ${args.connections} workers, pool ${args.sqlPool} …`,
    );
    r.sqlBare = await closedLoop(bareQuery(pools, q), loopOpts, interrupted);
    console.log(
      `  p50 ${fmt(r.sqlBare.p50)} ms, p99 ${fmt(r.sqlBare.p99)} ms, ${fmtInt(r.sqlBare.opsPerSec)} ops/s`,
    );
    console.log(
      `• SQL ${r.name}: ${args.sqlIterations} × every statement of one request (session lookup + transaction) …`,
    );
    r.sqlRequest = await closedLoop(requestQueries(pools, q, ids), loopOpts, interrupted);
    console.log(
      `  p50 ${fmt(r.sqlRequest.p50)} ms, p99 ${fmt(r.sqlRequest.p99)} ms, ${fmtInt(r.sqlRequest.opsPerSec)} ops/s`,
    );
  }

  // 6. Summary.
  const rev = revision(args.appDir);
  const rows: string[][] = [
    ['', 'p50 ms', 'p99 ms', 'req/s', 'HTTP p50 ÷ this p50', `p99 < ${TARGET_P99_MS} ms`],
  ];
  let missed = false;
  for (const r of reports) {
    const h = r.http!;
    if (!r.name) {
      rows.push([`GET ${r.path} (HTTP, baseline)`, fmt(h.p50, 0), fmt(h.p99, 0), fmtInt(h.rps), '', '']);
      continue;
    }
    const ok = h.p99 < TARGET_P99_MS;
    missed ||= !ok;
    rows.push([`GET ${r.path} (HTTP)`, fmt(h.p50, 0), fmt(h.p99, 0), fmtInt(h.rps), '', ok ? 'yes' : 'NO']);
    for (const [label, s] of [
      ['  pg: data query only', r.sqlBare!],
      ['  pg: all statements of a request', r.sqlRequest!],
    ] as const) {
      rows.push([label, fmt(s.p50), fmt(s.p99), fmtInt(s.opsPerSec), `${fmt(h.p50 / s.p50, 1)}×`, '']);
    }
  }
  console.log(
    `\nResults (${started.toISOString()}, commit ${rev}, ${mode}, ${args.connections} connections/workers, ${args.duration} s HTTP per endpoint, ` +
      `${args.sqlIterations} pg calls per row, pg pool ${args.sqlPool} per role)\n`,
  );
  console.log(table(rows));
  const cpuRows = reports.filter((r) => r.http?.cpu);
  if (cpuRows.length > 0) {
    console.log('\nCPU during HTTP load (100% = one core):');
    for (const r of cpuRows) {
      const c = r.http!.cpu!;
      console.log(
        `  ${r.path.padEnd(24)} next server ${fmt(c.serverPct, 0)}%, autocannon ${fmt(c.loaderPct, 0)}%, machine ${fmt(c.machinePct, 0)}% busy of ${os.cpus().length} cores`,
      );
    }
  }
  console.log(`\nRatio = HTTP p50 ÷ pg p50 (HTTP latency is recorded in whole milliseconds by autocannon).`);
  if (missed)
    console.log(`Target missed: p99 must be under ${TARGET_P99_MS} ms at ${args.connections} connections.`);

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
          seeded: counts,
          endpoints: reports,
        },
        null,
        2,
      ),
    );
    console.log(`Wrote ${args.json}`);
  }
  return args.strict && missed ? 2 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  if (!interrupted()) console.error(`\n✗ bench:api failed: ${(err as Error).stack ?? err}`);
} finally {
  await cleanup();
}
if (!interrupted()) process.exit(code);
