import type PgBoss from 'pg-boss';
import { QUEUES } from '@/src/jobs/queues';
import { logger } from '@/src/observability/logger';
import { runLifecycleSweep, runTenantDeletion } from './deletion';

export type TenantDeletionJob = { tenantId: string };

/**
 * Makes this process run tenant deletions: the sweep every 15 minutes (UTC) sends 24-hour
 * reminders and queues one `tenant-deletion` job per due tenant (singleton per tenant: the queue
 * is `stately`), and the job deletes. Both are safe to run twice.
 */
export async function registerLifecycleWorkers(boss: PgBoss, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
  await boss.work<TenantDeletionJob>(QUEUES.tenantDeletion.name, { ...polling, batchSize: 1 }, async ([job]) => {
    if (!job) return;
    const outcome = await runTenantDeletion(job.data.tenantId);
    logger.info({ tenantId: job.data.tenantId, status: outcome.status, reason: 'reason' in outcome ? outcome.reason : undefined }, 'tenant deletion job');
  });
  await boss.work(QUEUES.lifecycleSweep.name, polling, async () => {
    const result = await runLifecycleSweep((tenantId) =>
      boss.send(QUEUES.tenantDeletion.name, { tenantId } satisfies TenantDeletionJob, { singletonKey: tenantId }),
    );
    if (result.reminded || result.enqueued || result.swept) logger.info(result, 'tenant lifecycle sweep');
  });
  await boss.schedule(QUEUES.lifecycleSweep.name, '*/15 * * * *');
}
