/**
 * The arithmetic of the status page: pure functions over health results and recorded probes.
 * Nothing here touches the database or the clock (callers pass `now`).
 */

export type HealthStatus = 'pass' | 'warn' | 'fail';

/** One measurement, as in the health check response format (application/health+json). */
export type HealthCheck = {
  status: HealthStatus;
  observedValue?: number | string;
  observedUnit?: string;
  time?: string;
  output?: string;
};

/** `{ status, checks }`, checks keyed `component:measurement`. */
export type HealthResult = { status: HealthStatus; checks: Record<string, HealthCheck[]> };

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;
/** One probe a minute. */
export const PROBES_PER_DAY = 1440;

const RANK: Record<HealthStatus, number> = { pass: 0, warn: 1, fail: 2 };

const isStatus = (v: unknown): v is HealthStatus => v === 'pass' || v === 'warn' || v === 'fail';

export function worstStatus(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'pass';
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

/**
 * Reads a health body defensively: unknown statuses count as 'fail', malformed checks are
 * dropped, and the overall status is never better than its worst check.
 */
export function parseHealth(body: unknown): HealthResult {
  const raw = (body && typeof body === 'object' ? body : {}) as { status?: unknown; checks?: unknown };
  const checks: Record<string, HealthCheck[]> = {};
  if (raw.checks && typeof raw.checks === 'object') {
    for (const [key, list] of Object.entries(raw.checks as Record<string, unknown>)) {
      if (!Array.isArray(list)) continue;
      checks[key] = list
        .filter((c): c is Record<string, unknown> => !!c && typeof c === 'object')
        .map((c) => ({
          status: isStatus(c.status) ? c.status : 'fail',
          ...(typeof c.observedValue === 'number' || typeof c.observedValue === 'string'
            ? { observedValue: c.observedValue }
            : {}),
          ...(typeof c.observedUnit === 'string' ? { observedUnit: c.observedUnit } : {}),
          ...(typeof c.time === 'string' ? { time: c.time } : {}),
          ...(typeof c.output === 'string' ? { output: c.output } : {}),
        }));
    }
  }
  const declared: HealthStatus = isStatus(raw.status) ? raw.status : 'fail';
  const status = worstStatus([
    declared,
    ...Object.values(checks)
      .flat()
      .map((c) => c.status),
  ]);
  return { status, checks };
}

/**
 * Checks about one instance rather than the service (`process:lifecycle` fails while an
 * instance drains during a deploy) are left out of the public status and the recorded history.
 */
export const INSTANCE_COMPONENTS = new Set(['process']);

export function publicHealth(health: HealthResult): HealthResult {
  const checks = Object.fromEntries(
    Object.entries(health.checks).filter(([key]) => !INSTANCE_COMPONENTS.has(key.split(':')[0]!)),
  );
  return {
    status: worstStatus(
      Object.values(checks)
        .flat()
        .map((c) => c.status),
    ),
    checks,
  };
}

// ---------------------------------------------------------------------------
// Components (current status)
// ---------------------------------------------------------------------------

export type Measurement = {
  name: string;
  status: HealthStatus;
  observedValue?: number | string;
  observedUnit?: string;
};
export type ComponentStatus = {
  component: string;
  label: string;
  status: HealthStatus;
  measurements: Measurement[];
};

const LABELS: Record<string, string> = {
  database: 'Database',
  environment: 'Configuration',
  redis: 'Rate limiting (Redis)',
  ratelimit: 'Rate limiting',
  jobs: 'Background jobs',
  queue: 'Background jobs',
  email: 'Email delivery',
  smtp: 'Email delivery',
  stripe: 'Billing (Stripe)',
  billing: 'Billing',
  scanner: 'Website scanner',
};

export function componentLabel(component: string): string {
  const known = LABELS[component.toLowerCase()];
  if (known) return known;
  const words = component
    .replace(/[-_]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : component;
}

/** Groups `component:measurement` checks by component; a component is as bad as its worst check. */
export function componentStatuses(checks: Record<string, HealthCheck[]>): ComponentStatus[] {
  const byComponent = new Map<string, Measurement[]>();
  for (const [key, list] of Object.entries(checks)) {
    const [component = key, name = ''] = key.split(':');
    const measurements = byComponent.get(component) ?? [];
    for (const c of list) {
      measurements.push({
        name,
        status: c.status,
        ...(c.observedValue !== undefined ? { observedValue: c.observedValue } : {}),
        ...(c.observedUnit !== undefined ? { observedUnit: c.observedUnit } : {}),
      });
    }
    byComponent.set(component, measurements);
  }
  return [...byComponent.entries()]
    .map(([component, measurements]) => ({
      component,
      label: componentLabel(component),
      status: worstStatus(measurements.map((m) => m.status)),
      measurements,
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The components that failed in one probe's checks. */
export function failingComponents(checks: Record<string, HealthCheck[]>): string[] {
  return componentStatuses(checks)
    .filter((c) => c.status === 'fail')
    .map((c) => c.component)
    .sort();
}

// ---------------------------------------------------------------------------
// Daily uptime
// ---------------------------------------------------------------------------

/** Probe counts of one UTC day, `day` as YYYY-MM-DD. */
export type DayCount = { day: string; pass: number; warn: number; fail: number };

export type DayLevel = 'operational' | 'degraded' | 'partial-outage' | 'major-outage' | 'no-data';

export type DayStat = DayCount & {
  total: number;
  /** (pass + warn) / total, in percent; null without probes. */
  uptimePercent: number | null;
  /** Recorded probes / expected probes (one a minute; today: minutes elapsed), in percent. */
  coveragePercent: number;
  level: DayLevel;
};

/** Below this a day with failures is a major outage rather than a partial one (≈ 72 minutes down). */
export const MAJOR_OUTAGE_BELOW_PERCENT = 95;

export const LEVEL_LABELS: Record<DayLevel, string> = {
  operational: 'Operational',
  degraded: 'Degraded performance',
  'partial-outage': 'Partial outage',
  'major-outage': 'Major outage',
  'no-data': 'No data',
};

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Rounds down to 2 decimals, so 99.999 % never shows as 100 %. */
export function floorPercent(value: number): number {
  return Math.floor(value * 100 + 1e-9) / 100;
}

export function dayLevel(c: DayCount): DayLevel {
  const total = c.pass + c.warn + c.fail;
  if (total === 0) return 'no-data';
  if (c.fail === 0) return c.warn > 0 ? 'degraded' : 'operational';
  return ((c.pass + c.warn) / total) * 100 >= MAJOR_OUTAGE_BELOW_PERCENT ? 'partial-outage' : 'major-outage';
}

/**
 * One entry per UTC day for the `days` days ending today (oldest first), days without probes
 * included as 'no-data'. Warn counts as up (degraded, not down).
 */
export function dailyUptime(counts: DayCount[], options: { now: Date; days?: number }): DayStat[] {
  const days = options.days ?? 90;
  const byDay = new Map(counts.map((c) => [c.day, c]));
  const todayStart = Date.UTC(
    options.now.getUTCFullYear(),
    options.now.getUTCMonth(),
    options.now.getUTCDate(),
  );
  const out: DayStat[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const start = todayStart - i * DAY_MS;
    const day = utcDay(new Date(start));
    const c = byDay.get(day) ?? { day, pass: 0, warn: 0, fail: 0 };
    const total = c.pass + c.warn + c.fail;
    const expected =
      i === 0 ? Math.max(1, Math.floor((options.now.getTime() - start) / MINUTE_MS)) : PROBES_PER_DAY;
    out.push({
      day,
      pass: c.pass,
      warn: c.warn,
      fail: c.fail,
      total,
      uptimePercent: total === 0 ? null : floorPercent(((c.pass + c.warn) / total) * 100),
      coveragePercent: Math.min(100, floorPercent((total / expected) * 100)),
      level: dayLevel(c),
    });
  }
  return out;
}

/** Uptime over several days, weighted by probes (not an average of daily percentages). */
export function overallUptime(stats: DayCount[]): { uptimePercent: number | null; probes: number } {
  let up = 0;
  let total = 0;
  for (const s of stats) {
    up += s.pass + s.warn;
    total += s.pass + s.warn + s.fail;
  }
  return { uptimePercent: total === 0 ? null : floorPercent((up / total) * 100), probes: total };
}

// ---------------------------------------------------------------------------
// Incidents
// ---------------------------------------------------------------------------

/** Consecutive probes with one status, oldest first. `components`: what failed, for fail runs. */
export type Run = { status: HealthStatus; start: Date; last: Date; probes: number; components?: string[] };

export type Incident = {
  start: Date;
  /** When the first probe after the failures succeeded; null while it is still going on. */
  end: Date | null;
  durationMs: number;
  failedProbes: number;
  components: string[];
};

/** Probes → runs of equal status (what the database computes for the page; used by tests). */
export function toRuns(
  probes: { checkedAt: Date; status: HealthStatus; checks?: Record<string, HealthCheck[]> }[],
): Run[] {
  const sorted = [...probes].sort((a, b) => a.checkedAt.getTime() - b.checkedAt.getTime());
  const runs: Run[] = [];
  for (const p of sorted) {
    const current = runs.at(-1);
    const failing = p.status === 'fail' && p.checks ? failingComponents(p.checks) : [];
    if (current && current.status === p.status) {
      current.last = p.checkedAt;
      current.probes += 1;
      if (p.status === 'fail')
        current.components = [...new Set([...(current.components ?? []), ...failing])].sort();
    } else {
      runs.push({
        status: p.status,
        start: p.checkedAt,
        last: p.checkedAt,
        probes: 1,
        ...(p.status === 'fail' ? { components: failing } : {}),
      });
    }
  }
  return runs;
}

/**
 * An incident is at least `minConsecutive` failed probes in a row. It ends when the next
 * probe does not fail. Incidents separated by less than `mergeWithinMs` of recovery are one
 * incident (a flapping dependency is one event, not ten). Newest first.
 */
export function deriveIncidents(
  runs: Run[],
  options: { now: Date; minConsecutive?: number; mergeWithinMs?: number },
): Incident[] {
  const minConsecutive = options.minConsecutive ?? 2;
  const mergeWithinMs = options.mergeWithinMs ?? 5 * MINUTE_MS;
  const sorted = [...runs].sort((a, b) => a.start.getTime() - b.start.getTime());
  const incidents: Incident[] = [];
  sorted.forEach((run, i) => {
    if (run.status !== 'fail' || run.probes < minConsecutive) return;
    const end = sorted[i + 1]?.start ?? null;
    const previous = incidents.at(-1);
    if (previous && previous.end && run.start.getTime() - previous.end.getTime() < mergeWithinMs) {
      previous.end = end;
      previous.failedProbes += run.probes;
      previous.components = [...new Set([...previous.components, ...(run.components ?? [])])].sort();
      return;
    }
    incidents.push({
      start: run.start,
      end,
      durationMs: 0,
      failedProbes: run.probes,
      components: [...(run.components ?? [])].sort(),
    });
  });
  for (const incident of incidents)
    incident.durationMs = Math.max(0, (incident.end ?? options.now).getTime() - incident.start.getTime());
  return incidents.reverse();
}

/** "1 h 5 min", "7 min", "less than a minute". */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / MINUTE_MS);
  if (minutes < 1) return 'less than a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days ? `${days} d` : '', hours ? `${hours} h` : '', rest ? `${rest} min` : '']
    .filter(Boolean)
    .join(' ');
}
