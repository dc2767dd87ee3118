import { jobs } from './boss';
import { QUEUES } from './queues';
import { runReport, sweepReports, type ScanJob } from '@/src/reports/run';
import { logger } from '@/src/observability/logger';

/** Registers this process as a worker for every queue, and the schedules (cron, UTC). */
export async function startWorkers(options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const boss = await jobs();
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
  await boss.work<ScanJob>(QUEUES.scan.name, { ...polling, batchSize: 1, includeMetadata: true }, async ([job]) => {
    if (job) await runReport(job.data, { retryCount: job.retryCount, retryLimit: job.retryLimit });
  });
  await boss.work(QUEUES.sweep.name, polling, async () => {
    const swept = await sweepReports();
    if (swept.requeued || swept.failed) logger.info(swept, 'swept stuck reports');
  });
  await boss.schedule(QUEUES.sweep.name, '* * * * *');
}
