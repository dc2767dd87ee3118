import { withSystem } from '@/src/db/scope';
import {
  componentStatuses,
  dailyUptime,
  DAY_MS,
  deriveIncidents,
  overallUptime,
  type ComponentStatus,
  type DayStat,
  type HealthStatus,
  type Incident,
} from './math';
import { currentHealth } from './probe';
import { readDailyCounts, readRuns } from './store';

export const HISTORY_DAYS = 90;

export type StatusHistory = {
  days: DayStat[];
  uptimePercent: number | null;
  probes: number;
  incidents: Incident[];
  generatedAt: Date;
};

export type CurrentStatus = { status: HealthStatus; components: ComponentStatus[]; checkedAt: Date };

/** The page is public: each process computes at most one history a minute and one health check per 15 s. */
const HISTORY_TTL_MS = 60_000;
const CURRENT_TTL_MS = 15_000;
let historyCache: { at: number; value: Promise<StatusHistory> } | undefined;
let currentCache: { at: number; value: Promise<CurrentStatus> } | undefined;

export async function computeStatusHistory(now = new Date(), days = HISTORY_DAYS): Promise<StatusHistory> {
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(todayStart - (days - 1) * DAY_MS);
  const { counts, runs } = await withSystem('status page: probe history', async (tx) => ({
    counts: await readDailyCounts(tx, since),
    runs: await readRuns(tx, since),
  }));
  const stats = dailyUptime(counts, { now, days });
  const { uptimePercent, probes } = overallUptime(stats);
  return { days: stats, uptimePercent, probes, incidents: deriveIncidents(runs, { now }), generatedAt: now };
}

export function statusHistory(options: { fresh?: boolean } = {}): Promise<StatusHistory> {
  const now = Date.now();
  if (options.fresh || !historyCache || now - historyCache.at > HISTORY_TTL_MS) {
    const value = computeStatusHistory(new Date(now));
    historyCache = { at: now, value };
    value.catch(() => {
      if (historyCache?.value === value) historyCache = undefined;
    });
  }
  return historyCache.value;
}

export function currentStatus(options: { fresh?: boolean } = {}): Promise<CurrentStatus> {
  const now = Date.now();
  if (options.fresh || !currentCache || now - currentCache.at > CURRENT_TTL_MS) {
    const value = currentHealth().then((h) => ({
      status: h.status,
      components: componentStatuses(h.checks),
      checkedAt: new Date(now),
    }));
    currentCache = { at: now, value };
    value.catch(() => {
      if (currentCache?.value === value) currentCache = undefined;
    });
  }
  return currentCache.value;
}
