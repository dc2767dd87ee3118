import { STATUS_PROBE_QUEUE } from '@/src/status/queue';
import type PgBoss from 'pg-boss';

/**
 * Every queue, created once by `npm run db:migrate` (as the owner: pg-boss creates a table per
 * queue), so the running app needs no DDL rights.
 */
export const QUEUES = {
  scan: { name: 'scan-report', retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 5 * 60 },
  sweep: { name: 'sweep-reports', retryLimit: 0, expireInSeconds: 60 },
  auditRetention: { name: 'audit-retention', retryLimit: 2, expireInSeconds: 15 * 60 },
  email: { name: 'deliver-email', retryLimit: 0, expireInSeconds: 60 },
  idempotencyPurge: { name: 'purge-idempotency-keys', retryLimit: 2, expireInSeconds: 5 * 60 },
  tenantDeletion: { name: 'delete-tenant', policy: 'stately', retryLimit: 5, retryDelay: 60, retryBackoff: true, expireInSeconds: 30 * 60 },
  statusProbe: STATUS_PROBE_QUEUE,
  lifecycleSweep: { name: 'lifecycle-sweep', retryLimit: 0, expireInSeconds: 5 * 60 },
} satisfies Record<string, PgBoss.Queue>;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]['name'];
