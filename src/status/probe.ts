import { withSystem } from '@/src/db/scope';
import { healthChecks } from '@/src/observability/health';
import { DAY_MS, parseHealth, publicHealth, type HealthResult } from './math';
import { purgeProbes, recordProbe, RETENTION_DAYS } from './store';

/** The health checks behind GET /api/health, as data, without the per-instance ones (see publicHealth). */
export async function currentHealth(): Promise<HealthResult> {
  return publicHealth(parseHealth(await healthChecks()));
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
