import pg from 'pg';
import { summarize, type LatencySummary } from './stats';

/**
 * The statements one request issues, as drizzle and better-auth send them (column lists,
 * placeholders and all), so the direct `pg` timings measure the same SQL the app runs.
 */
export const SQL = {
  // better-auth getSession: session by token, then its user (two auto-commit queries, system role).
  sessionByToken:
    'select "id", "token", "user_id", "expires_at", "ip_address", "user_agent", "active_tenant_id", "created_at", "updated_at" from "sessions" where "sessions"."token" = $1',
  userById:
    'select "id", "name", "email", "email_verified", "image", "created_at", "updated_at" from "users" where "users"."id" = $1',
  // The gate: withUser → enterActiveTenant → enterTenant (src/db/scope.ts, src/auth/principal.ts).
  enterUser:
    "select set_config('role', $1, true), set_config('app.user_id', $2, true), set_config('app.tenant_id', $3, true)",
  activeMembership: `
    select tenant_id, role from memberships
    where user_id = $1
    order by (tenant_id = $2::uuid) desc nulls last, created_at, tenant_id
    limit 1`,
  enterTenant: "select set_config('app.tenant_id', $1, true)",
  // The handlers' data queries (src/dealerships/dealerships.ts listDealerships, src/dashboard/overview.ts).
  listDealerships:
    'select "id", "tenant_id", "name", "website_url", "address", "city", "state", "zip", "phone", "brands", "monthly_used_unit_sales", "avg_front_end_gross", "created_at", "updated_at" from "dealerships" order by "dealerships"."created_at" desc, "dealerships"."id" desc limit $1',
  dashboardOverview: `
    select (select count(*) from dealerships)::int as dealerships,
           (select count(*) from memberships where tenant_id = current_tenant_id())::int as members`,
} as const;

export type DataQuery = { text: string; values: unknown[] };

export const DATA_QUERIES = {
  dealerships: { text: SQL.listDealerships, values: [51] },
  overview: { text: SQL.dashboardOverview, values: [] },
} satisfies Record<string, DataQuery>;

export type SeedSize = { tenants: number; dealershipsPerTenant: number; membersPerTenant: number };

/**
 * Bulk seed as the owner (superuser: RLS does not apply). Tenants are numbered 1..N by name;
 * each has `membersPerTenant` users (the first one owner) and `dealershipsPerTenant` dealerships
 * with distinct created_at values. Ends with ANALYZE so the planner sees the real sizes.
 */
export async function seed(owner: pg.Pool, size: SeedSize): Promise<void> {
  const { tenants, dealershipsPerTenant: perTenant, membersPerTenant: members } = size;
  await owner.query(
    `insert into tenants (name, created_at, updated_at)
     select format('Bench Group %s', lpad(g::text, 5, '0')), now() - make_interval(secs => $1::int - g), now()
     from generate_series(1, $1::int) g`,
    [tenants],
  );
  await owner.query(`
    create temporary table bench_tenant_numbers as
    select id, row_number() over (order by name)::int as n from tenants`);
  await owner.query(
    `insert into dealerships (tenant_id, name, website_url, address, city, state, zip, phone, brands,
                              monthly_used_unit_sales, avg_front_end_gross, created_at, updated_at)
     select t.id,
            format('Bench Motors %s-%s', t.n, d),
            format('https://bench-%s-%s.example.com', t.n, d),
            format('%s Commerce Blvd', 100 + d),
            (array['Austin', 'Denver', 'Phoenix', 'Tampa', 'Columbus'])[1 + (t.n + d) % 5],
            (array['TX', 'CO', 'AZ', 'FL', 'OH'])[1 + (t.n + d) % 5],
            lpad(((t.n * 37 + d) % 99999)::text, 5, '0'),
            format('+1 555 %s', lpad(((t.n * 10 + d) % 10000)::text, 4, '0')),
            string_to_array((array['Ford,Lincoln', 'Toyota,Lexus', 'Honda,Acura', 'Chevrolet,GMC,Buick'])[1 + (t.n + d) % 4], ','),
            50 + (t.n * 7 + d * 13) % 400,
            1000 + (t.n * 31 + d * 17) % 3000,
            now() - make_interval(days => d, secs => t.n),
            now() - make_interval(days => d, secs => t.n)
     from bench_tenant_numbers t cross join generate_series(1, $1::int) d`,
    [perTenant],
  );
  if (members > 0) {
    await owner.query(
      `insert into users (name, email, email_verified)
       select format('Bench Member %s', g), format('member-%s@bench.invalid', g), true
       from generate_series(1, $1::int) g`,
      [tenants * members],
    );
    await owner.query(
      `insert into memberships (tenant_id, user_id, role, created_at)
       select t.id, u.id,
              case when m = 1 then 'owner' when m = 2 then 'admin' when m % 2 = 0 then 'manager' else 'viewer' end,
              now() - make_interval(secs => $1::int - m)
       from bench_tenant_numbers t
       cross join generate_series(1, $1::int) m
       join users u on u.email = format('member-%s@bench.invalid', (t.n - 1) * $1::int + m)`,
      [members],
    );
  }
  await owner.query('drop table bench_tenant_numbers');
  await owner.query('analyze');
}

export type SqlResult = LatencySummary & {
  opsPerSec: number;
  elapsedMs: number;
  concurrency: number;
  poolSize: number;
};

/**
 * `concurrency` workers share `iterations` calls of fn; each call is timed on its own.
 * `warmup` calls run first and are not counted.
 */
export async function closedLoop(
  fn: () => Promise<void>,
  {
    concurrency,
    iterations,
    warmup,
    poolSize,
  }: { concurrency: number; iterations: number; warmup: number; poolSize: number },
  shouldStop: () => boolean = () => false,
): Promise<SqlResult> {
  const run = async (count: number, record: Float64Array | null) => {
    let next = 0;
    const worker = async () => {
      for (;;) {
        if (shouldStop()) throw new Error('interrupted');
        const i = next++;
        if (i >= count) return;
        const t0 = performance.now();
        await fn();
        if (record) record[i] = performance.now() - t0;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  await run(warmup, null);
  const samples = new Float64Array(iterations);
  const started = performance.now();
  await run(iterations, samples);
  const elapsedMs = performance.now() - started;
  return {
    ...summarize(samples),
    opsPerSec: (iterations * 1000) / elapsedMs,
    elapsedMs,
    concurrency,
    poolSize,
  };
}

/** The direct-SQL side of the run: pools that connect exactly as the app's runtime and system roles do. */
export function sqlPools(opts: { appUrl: string; systemUrl: string; poolSize: number; tenantId: string }) {
  const make = (config: pg.PoolConfig) => {
    const pool = new pg.Pool({ max: opts.poolSize, ...config });
    pool.on('error', (err) => console.error('idle bench client error:', err.message));
    return pool;
  };
  return {
    /** Runtime role with the tenant set for the whole connection: only the data query is sent. */
    bare: make({ connectionString: opts.appUrl, options: `-c app.tenant_id=${opts.tenantId}` }),
    /** Runtime role, settings per transaction, as the gate does it. */
    app: make({ connectionString: opts.appUrl }),
    /** System role, as better-auth's session lookup uses it. */
    system: make({ connectionString: opts.systemUrl }),
  };
}
export type SqlPools = ReturnType<typeof sqlPools>;

/** Just the handler's data query. */
export function bareQuery(pools: SqlPools, q: DataQuery): () => Promise<void> {
  return async () => {
    await pools.bare.query(q.text, q.values);
  };
}

/**
 * Every round trip one request makes, in order: the two session lookups, then the gate's
 * transaction (BEGIN, role and user settings, membership, tenant setting, data query, COMMIT).
 */
export function requestQueries(
  pools: SqlPools,
  q: DataQuery,
  ids: { token: string; userId: string; activeTenantId: string | null },
): () => Promise<void> {
  return async () => {
    const { rows } = await pools.system.query<{ user_id: string }>(SQL.sessionByToken, [ids.token]);
    if (!rows[0]) throw new Error('session token not found');
    await pools.system.query(SQL.userById, [rows[0].user_id]);
    const client = await pools.app.connect();
    try {
      await client.query('begin');
      await client.query(SQL.enterUser, ['dealershipai_app', ids.userId, '']);
      const m = await client.query<{ tenant_id: string }>(SQL.activeMembership, [
        ids.userId,
        ids.activeTenantId,
      ]);
      if (!m.rows[0]) throw new Error('membership not found');
      await client.query(SQL.enterTenant, [m.rows[0].tenant_id]);
      await client.query(q.text, q.values);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };
}
