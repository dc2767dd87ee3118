import type PgBoss from 'pg-boss';
import { jobs } from '@/src/jobs/boss';
import { QUEUES } from '@/src/jobs/queues';
import { logger } from '@/src/observability/logger';
import { deliverDueEmails } from './deliver';

/** Wake-ups within this many seconds collapse into one job (pg-boss debounce). */
const WAKE_DEBOUNCE_SECONDS = 2;

/**
 * Makes this process deliver email: a job on `deliver-email` runs one delivery pass, and a
 * cron job (every minute, UTC) is the safety net that sends whatever is due without a wake-up.
 */
export async function registerEmailWorker(boss: PgBoss, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  await boss.work(QUEUES.email.name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 }, async () => {
    const result = await deliverDueEmails();
    if (result.sent || result.retrying || result.dead) logger.info(result, 'email delivery pass');
  });
  await boss.schedule(QUEUES.email.name, '* * * * *');
}

/**
 * Asks a worker to deliver now. Call it after the transaction that queued the email has
 * committed. Best effort: bursts collapse into one job, and a failure only means the message
 * waits for the minute sweep, so errors are logged, never thrown.
 */
export async function wakeEmailWorker(): Promise<void> {
  try {
    const boss = await jobs();
    await boss.sendDebounced(QUEUES.email.name, {}, {}, WAKE_DEBOUNCE_SECONDS, 'wake');
  } catch (err) {
    logger.warn({ err }, 'could not wake the email worker; the minute sweep will deliver');
  }
}
