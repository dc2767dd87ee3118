import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  componentLabel,
  componentStatuses,
  computeStatusHistory,
  currentHealth,
  dailyUptime,
  DAY_MS,
  dayLevel,
  deriveIncidents,
  failingComponents,
  floorPercent,
  formatDuration,
  MINUTE_MS,
  overallUptime,
  parseHealth,
  publicHealth,
  readRuns,
  runStatusProbe,
  toRuns,
  worstStatus,
  type HealthResult,
  type HealthStatus,
  type Run,
} from '@/src/status';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import type { Database } from '@/src/db';
import { withSystem } from '@/src/db/scope';
import { isolationViolations } from '@/src/db/catalog';

const at = (iso: string) => new Date(iso);
const pass = (): HealthResult => ({
  status: 'pass',
  checks: { 'database:responseTime': [{ status: 'pass', observedValue: 3, observedUnit: 'ms' }] },
});
const fail = (component = 'database'): HealthResult => ({
  status: 'fail',
  checks: {
    'database:responseTime': [
      { status: component === 'database' ? 'fail' : 'pass', output: 'database unreachable' },
    ],
    ...(component !== 'database' ? { [`${component}:ping`]: [{ status: 'fail' as const }] } : {}),
  },
});

describe('health results', () => {
  it('worstStatus picks fail over warn over pass', () => {
    expect(worstStatus([])).toBe('pass');
    expect(worstStatus(['pass', 'warn'])).toBe('warn');
    expect(worstStatus(['warn', 'fail', 'pass'])).toBe('fail');
  });

  it('parseHealth never reports better than the worst check, and treats junk as failure', () => {
    expect(
      parseHealth({ status: 'pass', checks: { 'redis:ping': [{ status: 'warn', time: 't' }] } }).status,
    ).toBe('warn');
    expect(parseHealth(null)).toEqual({ status: 'fail', checks: {} });
    expect(parseHealth({ status: 'ok', checks: { 'a:b': [{ status: 'weird' }], 'c:d': 'nope' } })).toEqual({
      status: 'fail',
      checks: { 'a:b': [{ status: 'fail' }] },
    });
  });

  it('leaves per-instance checks out of the public status', () => {
    const health = publicHealth({
      status: 'fail',
      checks: {
        'database:responseTime': [{ status: 'pass' }],
        'process:lifecycle': [{ status: 'fail', output: 'shutting down' }],
      },
    });
    expect(health).toEqual({ status: 'pass', checks: { 'database:responseTime': [{ status: 'pass' }] } });
  });

  it('groups checks by component, worst measurement wins', () => {
    const components = componentStatuses({
      'database:responseTime': [{ status: 'pass', observedValue: 4, observedUnit: 'ms' }],
      'database:migrations': [{ status: 'fail', observedValue: 10, observedUnit: 'applied' }],
      'redis:responseTime': [{ status: 'warn' }],
    });
    expect(components.map((c) => [c.component, c.status])).toEqual([
      ['database', 'fail'],
      ['redis', 'warn'],
    ]);
    expect(components[0]!.measurements).toHaveLength(2);
    expect(
      failingComponents({ 'database:x': [{ status: 'fail' }], 'redis:y': [{ status: 'warn' }] }),
    ).toEqual(['database']);
    expect(componentLabel('database')).toBe('Database');
    expect(componentLabel('objectStorage')).toBe('Object storage');
  });
});

describe('daily uptime', () => {
  const now = at('2026-11-26T06:00:00Z');

  it('returns one entry per UTC day, oldest first, with no-data days filled in', () => {
    const days = dailyUptime([{ day: '2026-11-25', pass: 1430, warn: 0, fail: 10 }], { now, days: 90 });
    expect(days).toHaveLength(90);
    expect(days[0]!.day).toBe('2026-08-29');
    expect(days.at(-1)!.day).toBe('2026-11-26');
    expect(days.at(-2)).toMatchObject({
      day: '2026-11-25',
      total: 1440,
      uptimePercent: 99.3,
      coveragePercent: 100,
      level: 'partial-outage',
    });
    expect(days[0]).toMatchObject({ total: 0, uptimePercent: null, coveragePercent: 0, level: 'no-data' });
  });

  it("measures today's coverage against the minutes elapsed so far", () => {
    const days = dailyUptime([{ day: '2026-11-26', pass: 180, warn: 0, fail: 0 }], { now, days: 1 });
    expect(days).toEqual([
      {
        day: '2026-11-26',
        pass: 180,
        warn: 0,
        fail: 0,
        total: 180,
        uptimePercent: 100,
        coveragePercent: 50,
        level: 'operational',
      },
    ]);
  });

  it('counts warn as up but degraded; major outage below 95 %', () => {
    expect(dayLevel({ day: 'd', pass: 10, warn: 1, fail: 0 })).toBe('degraded');
    expect(dayLevel({ day: 'd', pass: 95, warn: 0, fail: 5 })).toBe('partial-outage');
    expect(dayLevel({ day: 'd', pass: 94, warn: 0, fail: 6 })).toBe('major-outage');
    expect(dayLevel({ day: 'd', pass: 0, warn: 0, fail: 0 })).toBe('no-data');
  });

  it('never rounds a failure up to 100 %, and weights overall uptime by probes', () => {
    expect(floorPercent((1439 / 1440) * 100)).toBe(99.93);
    expect(
      dailyUptime([{ day: '2026-11-25', pass: 14399, warn: 0, fail: 1 }], { now, days: 2 })[0]!.uptimePercent,
    ).toBe(99.99);
    expect(
      overallUptime([
        { day: 'a', pass: 1440, warn: 0, fail: 0 },
        { day: 'b', pass: 0, warn: 0, fail: 10 },
      ]),
    ).toEqual({ uptimePercent: 99.31, probes: 1450 });
    expect(overallUptime([])).toEqual({ uptimePercent: null, probes: 0 });
  });
});

/** Minute-by-minute probes from a compact script: P pass, W warn, F fail (database), R fail (redis). */
function script(start: Date, pattern: string) {
  return [...pattern].map((ch, i) => {
    const checkedAt = new Date(start.getTime() + i * MINUTE_MS);
    const status: HealthStatus = ch === 'P' ? 'pass' : ch === 'W' ? 'warn' : 'fail';
    const checks = ch === 'R' ? fail('redis').checks : ch === 'F' ? fail().checks : pass().checks;
    return { checkedAt, status, checks };
  });
}

describe('incidents', () => {
  const start = at('2026-11-20T10:00:00Z');
  const now = at('2026-11-20T12:00:00Z');

  it('needs two consecutive failures; ends at the first probe that does not fail', () => {
    const incidents = deriveIncidents(toRuns(script(start, 'PPFPPFFFPP')), { now, mergeWithinMs: 0 });
    expect(incidents).toEqual([
      {
        start: at('2026-11-20T10:05:00Z'),
        end: at('2026-11-20T10:08:00Z'),
        durationMs: 3 * MINUTE_MS,
        failedProbes: 3,
        components: ['database'],
      },
    ]);
  });

  it('is ongoing (no end) when the latest probes fail, measured up to now', () => {
    const [incident] = deriveIncidents(toRuns(script(start, 'PPFF')), { now });
    expect(incident!.end).toBeNull();
    expect(incident!.durationMs).toBe(now.getTime() - at('2026-11-20T10:02:00Z').getTime());
  });

  it('merges failures separated by a short recovery into one incident, newest first otherwise', () => {
    const probes = script(start, 'FFPFFRR' + 'P'.repeat(30) + 'FF' + 'P');
    const merged = deriveIncidents(toRuns(probes), { now });
    expect(merged).toHaveLength(2);
    expect(merged[1]).toMatchObject({
      start: at('2026-11-20T10:00:00Z'),
      end: at('2026-11-20T10:07:00Z'),
      failedProbes: 6,
      components: ['database', 'redis'],
    });
    expect(merged[0]).toMatchObject({
      start: at('2026-11-20T10:37:00Z'),
      end: at('2026-11-20T10:39:00Z'),
      failedProbes: 2,
    });
    expect(deriveIncidents(toRuns(probes), { now, mergeWithinMs: 0 })).toHaveLength(3);
  });

  it('warn runs are not incidents', () => {
    expect(deriveIncidents(toRuns(script(start, 'WWWWW')), { now })).toEqual([]);
  });

  it('formats durations', () => {
    expect(formatDuration(20_000)).toBe('less than a minute');
    expect(formatDuration(7 * MINUTE_MS)).toBe('7 min');
    expect(formatDuration(65 * MINUTE_MS)).toBe('1 h 5 min');
    expect(formatDuration(DAY_MS + 60 * MINUTE_MS)).toBe('1 d 1 h');
  });
});

// ---------------------------------------------------------------------------
// The recorder and the page's queries, on a real database.
// ---------------------------------------------------------------------------

/**
 * The migration proposed for status_probes (see the report / docs/runbooks/monitoring.md).
 * Applied here only when the migrations do not create the table yet.
 */
const STATUS_PROBES_SQL = `
  create table if not exists status_probes (
    id bigint generated always as identity primary key,
    checked_at timestamptz not null default now(),
    status text not null check (status in ('pass', 'warn', 'fail')),
    checks jsonb not null default '{}'::jsonb
  );
  create index if not exists status_probes_checked_at_idx on status_probes (checked_at);
  grant select, insert, delete on status_probes to dealershipai_system;`;

describe(`status probes on the database (${engine})`, () => {
  let db: Database & { ownerUrl?: string };
  beforeAll(async () => {
    db = await createTestDatabase();
    await ownerQuery(db, STATUS_PROBES_SQL);
  });
  afterAll(async () => {
    await db.close();
  });

  it('keeps the catalog invariants: only the system role can touch status_probes', async () => {
    const { rows } = await ownerQuery<{ app: boolean; system: boolean }>(
      db,
      `select has_table_privilege('dealershipai_app', 'status_probes', 'select, insert, update, delete') as app,
              has_table_privilege('dealershipai_system', 'status_probes', 'insert') as system`,
    );
    expect(rows[0]).toEqual({ app: false, system: true });
    expect(await isolationViolations(db.system)).toEqual([]);
  });

  it('records a probe of the real health checks', async () => {
    const health = await currentHealth();
    expect(health.status).toBe('pass');
    expect(Object.keys(health.checks)).toContain('database:responseTime');
    const now = at('2026-11-26T05:59:00Z');
    await runStatusProbe({ now });
    const { rows } = await ownerQuery<{ status: string; checks: Record<string, unknown> }>(
      db,
      `select status, checks from status_probes where checked_at = $1`,
      [now.toISOString()],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('pass');
    expect(rows[0]!.checks).toHaveProperty('database:responseTime');
  });

  it('computes runs in SQL exactly as the pure function does, and the page history from them', async () => {
    await ownerQuery(db, 'delete from status_probes');
    const start = at('2026-11-25T23:50:00Z');
    const probes = script(start, 'PPPFFFPPWWPFPP' + 'RR' + 'P'.repeat(12) + 'FF');
    for (const p of probes)
      await runStatusProbe({ now: p.checkedAt, check: async () => ({ status: p.status, checks: p.checks }) });

    const sqlRuns = await withSystem('test: runs', (tx) => readRuns(tx, at('2026-11-01T00:00:00Z')));
    const normalise = (runs: Run[]) =>
      runs.map((r) => ({ ...r, start: r.start.toISOString(), last: r.last.toISOString() }));
    expect(normalise(sqlRuns)).toEqual(normalise(toRuns(probes)));

    const now = new Date(probes.at(-1)!.checkedAt.getTime() + 30_000);
    const history = await computeStatusHistory(now);
    expect(history.days).toHaveLength(90);
    const [yesterday, today] = history.days.slice(-2);
    expect(yesterday).toMatchObject({
      day: '2026-11-25',
      pass: 5,
      fail: 3,
      warn: 2,
      total: 10,
      uptimePercent: 70,
      level: 'major-outage',
    });
    expect(today!.day).toBe('2026-11-26');
    expect(today!.pass + today!.warn + today!.fail).toBe(probes.length - 10);
    expect(history.probes).toBe(probes.length);
    // FFF (database), RR (redis), and the ongoing FF; the single F is no incident; recoveries of 8 and 12 min do not merge.
    expect(
      history.incidents.map((i) => [i.start.toISOString(), i.end?.toISOString() ?? null, i.components]),
    ).toEqual([
      ['2026-11-26T00:18:00.000Z', null, ['database']],
      ['2026-11-26T00:04:00.000Z', '2026-11-26T00:06:00.000Z', ['redis']],
      ['2026-11-25T23:53:00.000Z', '2026-11-25T23:56:00.000Z', ['database']],
    ]);
  });

  it('drops probes older than the retention period', async () => {
    const now = at('2026-11-26T06:00:00Z');
    await ownerQuery(db, `insert into status_probes (checked_at, status) values ($1, 'pass'), ($2, 'pass')`, [
      new Date(now.getTime() - 93 * DAY_MS).toISOString(),
      new Date(now.getTime() - 91 * DAY_MS).toISOString(),
    ]);
    await runStatusProbe({ now, check: async () => pass() });
    const { rows } = await ownerQuery<{ n: number }>(
      db,
      `select count(*)::int as n from status_probes where checked_at < $1`,
      [new Date(now.getTime() - 92 * DAY_MS).toISOString()],
    );
    expect(rows[0]!.n).toBe(0);
    const kept = await ownerQuery<{ n: number }>(
      db,
      `select count(*)::int as n from status_probes where checked_at < $1`,
      [new Date(now.getTime() - 90 * DAY_MS).toISOString()],
    );
    expect(kept.rows[0]!.n).toBe(1);
  });
});
