import type PgBoss from 'pg-boss';

/**
 * The probe queue, in a module without dependencies so src/jobs/queues.ts can import it
 * (`statusProbe: STATUS_PROBE_QUEUE`) and `npm run db:migrate` creates it. One job a minute
 * cluster-wide (pg-boss cron); a failed probe is not retried: the next minute's probe is the retry.
 */
export const STATUS_PROBE_QUEUE = {
  name: 'status-probe',
  retryLimit: 0,
  expireInSeconds: 60,
} satisfies PgBoss.Queue;
