import { sql } from 'drizzle-orm';
import type { Tx } from '@/src/db/scope';
import type { DayCount, HealthResult, HealthStatus, Run } from './math';

/**
 * `status_probes` (not tenant-owned; only the system role reads and writes it): one row per
 * probe, written by the status worker once a minute, read by the public status page.
 */

/** Probes are kept this long: the page shows 90 days, plus a margin for time zones and late reads. */
export const RETENTION_DAYS = 92;

export async function recordProbe(tx: Tx, result: HealthResult, checkedAt: Date): Promise<void> {
  await tx.execute(
    sql`insert into status_probes (checked_at, status, checks) values (${checkedAt.toISOString()}, ${result.status}, ${JSON.stringify(result.checks)}::jsonb)`,
  );
}

export async function purgeProbes(tx: Tx, before: Date): Promise<number> {
  const { rows } = await tx.execute<{ n: number }>(
    sql`with gone as (delete from status_probes where checked_at < ${before.toISOString()} returning 1) select count(*)::int as n from gone`,
  );
  return rows[0]?.n ?? 0;
}

/** Probe counts per UTC day since `since`. */
export async function readDailyCounts(tx: Tx, since: Date): Promise<DayCount[]> {
  const { rows } = await tx.execute<{ day: string; pass: number; warn: number; fail: number }>(sql`
    select to_char(checked_at at time zone 'UTC', 'YYYY-MM-DD') as day,
           count(*) filter (where status = 'pass')::int as pass,
           count(*) filter (where status = 'warn')::int as warn,
           count(*) filter (where status = 'fail')::int as fail
    from status_probes
    where checked_at >= ${since.toISOString()}
    group by 1
    order by 1`);
  return rows.map((r) => ({ day: r.day, pass: Number(r.pass), warn: Number(r.warn), fail: Number(r.fail) }));
}

/**
 * Runs of consecutive probes with the same status since `since` (gaps and islands: a run starts
 * where the status differs from the previous probe's; one sort), with the components that failed
 * during each failing run. A few hundred rows even for 90 days of probes.
 */
export async function readRuns(tx: Tx, since: Date): Promise<Run[]> {
  const { rows } = await tx.execute<{
    status: HealthStatus;
    started: string | Date;
    last: string | Date;
    probes: number;
    components: string[] | null;
  }>(sql`
    with q as (
      select id, checked_at, status,
             case when status is distinct from lag(status) over (order by checked_at, id) then 1 else 0 end as starts
      from status_probes
      where checked_at >= ${since.toISOString()}
    ),
    p as (
      select id, checked_at, status, sum(starts) over (order by checked_at, id) as grp from q
    ),
    runs as (
      select grp, min(status) as status, min(checked_at) as started, max(checked_at) as last, count(*)::int as probes
      from p group by grp
    ),
    failed as (
      select p.grp, array_agg(distinct split_part(e.key, ':', 1) order by split_part(e.key, ':', 1)) as components
      from p
      join status_probes s on s.id = p.id
      cross join lateral jsonb_each(case when jsonb_typeof(s.checks) = 'object' then s.checks else '{}'::jsonb end) as e(key, value)
      where p.status = 'fail'
        and jsonb_typeof(e.value) = 'array'
        and exists (select 1 from jsonb_array_elements(e.value) x where x ->> 'status' = 'fail')
      group by p.grp
    )
    select r.status, r.started, r.last, r.probes, f.components
    from runs r left join failed f on f.grp = r.grp
    order by r.started`);
  return rows.map((r) => ({
    status: r.status,
    start: new Date(r.started),
    last: new Date(r.last),
    probes: Number(r.probes),
    ...(r.status === 'fail' ? { components: r.components ?? [] } : {}),
  }));
}
