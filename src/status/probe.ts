import { withSystem } from '@/src/db/scope';
import { healthReport } from '@/src/observability/health';
import { DAY_MS, parseHealth, type HealthResult } from './math';
import { purgeProbes, recordProbe, RETENTION_DAYS } from './store';

/** The health checks behind GET /api/health, as data. */
export async function currentHealth(): Promise<HealthResult> {
  const res = await healthReport();
  return parseHealth(await res.json().catch(() => null));
}

/**
 * One probe: run the health checks, record the result, drop probes past retention. When the
 * database itself is down nothing can be recorded; the page then shows the gap as "no data".
 */
export async function runStatusProbe(
  options: { now?: Date; check?: () => Promise<HealthResult> } = {},
): Promise<HealthResult> {
  const now = options.now ?? new Date();
  const result = await (options.check ?? currentHealth)();
  await withSystem('status probe: record', async (tx) => {
    await recordProbe(tx, result, now);
    await purgeProbes(tx, new Date(now.getTime() - RETENTION_DAYS * DAY_MS));
  });
  return result;
}
