import type PgBoss from 'pg-boss';
import { logger } from '@/src/observability/logger';
import { metrics } from '@/src/observability/metrics';
import { runStatusProbe } from './probe';
import { STATUS_PROBE_QUEUE } from './queue';

/** Makes this process record status probes: one per minute (UTC cron), whichever worker picks it up. */
export async function registerStatusWorker(
  boss: PgBoss,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<void> {
  await boss.work(
    STATUS_PROBE_QUEUE.name,
    { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 },
    async () => {
      try {
        const result = await runStatusProbe();
        if (result.status !== 'pass')
          logger.warn({ status: result.status, checks: result.checks }, 'status probe not passing');
        metrics().jobRuns.inc({ queue: STATUS_PROBE_QUEUE.name, outcome: 'completed' });
      } catch (err) {
        metrics().jobRuns.inc({ queue: STATUS_PROBE_QUEUE.name, outcome: 'failed' });
        throw err;
      }
    },
  );
  await boss.schedule(STATUS_PROBE_QUEUE.name, '* * * * *');
}
