import { sql } from 'drizzle-orm';
import { metrics } from '@/src/observability/metrics';
import { jobs } from './boss';
import { QUEUES } from './queues';
import { runReport, sweepReports, type ScanJob } from '@/src/reports/run';
import { registerEmailWorker } from '@/src/email';
import { registerStatusWorker } from '@/src/status/worker';
import { registerLifecycleWorkers } from '@/src/lifecycle/workers';
import { purgeExpiredKeys } from '@/src/idempotency';
import { purgeAuditBefore, PLATFORM_TENANT_ID } from '@/src/audit';
import { PLANS, type PlanId } from '@/src/billing/plans';
import { withSystem } from '@/src/db/scope';
import { logger } from '@/src/observability/logger';

/** Counts a handler's runs by queue and outcome. */
function counted<T extends unknown[]>(queue: string, handler: (...args: T) => Promise<void>) {
  return async (...args: T): Promise<void> => {
    try {
      await handler(...args);
      metrics().jobRuns.inc({ queue, outcome: 'completed' });
    } catch (err) {
      metrics().jobRuns.inc({ queue, outcome: 'failed' });
      throw err;
    }
  };
}

/** Retention per plan; the platform chain keeps the longest. */
export async function runAuditRetention(now = new Date()): Promise<{ tenant: string; purged: number }[]> {
  const chains = await withSystem('audit retention: list chains', async (tx) =>
    (
      await tx.execute<{ tenant_id: string; plan: PlanId | null }>(sql`
        select h.tenant_id, b.plan from audit_heads h left join billing_accounts b on b.tenant_id = h.tenant_id`)
    ).rows,
  );
  const results = [];
  for (const chain of chains) {
    const days = chain.tenant_id === PLATFORM_TENANT_ID ? PLANS.enterprise.auditRetentionDays : PLANS[chain.plan ?? 'free'].auditRetentionDays;
    const { purged } = await purgeAuditBefore(chain.tenant_id, new Date(now.getTime() - days * 86400_000));
    if (purged > 0) results.push({ tenant: chain.tenant_id, purged });
  }
  return results;
}

/** Registers this process as a worker for every queue, and the schedules (cron, UTC). */
export async function startWorkers(options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const boss = await jobs();
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
  await boss.work<ScanJob>(
    QUEUES.scan.name,
    { ...polling, batchSize: 1, includeMetadata: true },
    counted(QUEUES.scan.name, async ([job]) => {
      if (job) await runReport(job.data, { retryCount: job.retryCount, retryLimit: job.retryLimit });
    }),
  );
  await boss.work(
    QUEUES.sweep.name,
    polling,
    counted(QUEUES.sweep.name, async () => {
      const swept = await sweepReports();
      if (swept.requeued || swept.failed) logger.info(swept, 'swept stuck reports');
    }),
  );
  await boss.schedule(QUEUES.sweep.name, '* * * * *');
  await registerEmailWorker(boss, polling);
  await registerStatusWorker(boss, polling);
  await registerLifecycleWorkers(boss, polling);
  await boss.work(
    QUEUES.idempotencyPurge.name,
    polling,
    counted(QUEUES.idempotencyPurge.name, async () => {
      const purged = await withSystem('purge expired idempotency keys', (tx) => purgeExpiredKeys(tx));
      if (purged) logger.info({ purged }, 'purged idempotency keys');
    }),
  );
  await boss.schedule(QUEUES.idempotencyPurge.name, '17 * * * *');
  await boss.work(
    QUEUES.auditRetention.name,
    polling,
    counted(QUEUES.auditRetention.name, async () => {
      const purged = await runAuditRetention();
      if (purged.length) logger.info({ purged }, 'audit retention');
    }),
  );
  await boss.schedule(QUEUES.auditRetention.name, '41 3 * * *');
}
