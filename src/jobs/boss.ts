import PgBoss from 'pg-boss';
import type pg from 'pg';
import { database, type Database } from '@/src/db/client';
import { env } from '@/src/config/env';
import { logger } from '@/src/observability/logger';
import { QUEUES } from './queues';

export const JOB_SCHEMA = 'pgboss';

/** pg-boss over one of our pools, so PGlite's socket and production share one code path. */
const adapter = (pool: pg.Pool): PgBoss.Db => ({
  executeSql: async (text, values) => pool.query(text, values),
});

/**
 * Installs (or upgrades) the pg-boss schema and creates every queue, as the schema owner, and
 * lets the system role use them. Part of `npm run db:migrate`.
 */
export async function installJobSchema(ownerPool: pg.Pool): Promise<void> {
  const boss = new PgBoss({ db: adapter(ownerPool), schema: JOB_SCHEMA, migrate: true, supervise: false, schedule: false });
  boss.on('error', (err) => logger.error({ err }, 'pg-boss (install) error'));
  await boss.start();
  for (const queue of Object.values(QUEUES)) {
    const existing = await boss.getQueue(queue.name);
    // pg-boss cannot change a queue's policy in place; other settings are updated.
    if (existing) await boss.updateQueue(queue.name, queue).catch((err) => logger.warn({ err: String(err), queue: queue.name }, 'queue not updated'));
    else await boss.createQueue(queue.name, queue);
  }
  // pg-boss cron hands due schedules to this internal queue; the system role cannot create it.
  if (!(await boss.getQueue('__pgboss__send-it'))) await boss.createQueue('__pgboss__send-it');
  await boss.stop({ graceful: false, wait: true, close: false });
  await ownerPool.query(`
    GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO dealershipai_system;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO dealershipai_system;`);
}

const instances = new WeakMap<Database, Promise<PgBoss>>();

/** The process's pg-boss, running as the system role (jobs serve every tenant). */
export async function jobs(): Promise<PgBoss> {
  const db = await database();
  let instance = instances.get(db);
  if (!instance) {
    instance = (async () => {
      const boss = new PgBoss({
        db: adapter(db.pools.system),
        schema: JOB_SCHEMA,
        migrate: false,
        // Web-only instances (JOB_WORKERS=0) still enqueue, but leave maintenance and cron to workers.
        supervise: env().JOB_WORKERS > 0,
        schedule: env().JOB_WORKERS > 0,
      });
      boss.on('error', (err) => logger.error({ err }, 'pg-boss error'));
      await boss.start();
      return boss;
    })();
    instances.set(db, instance);
    instance.catch(() => instances.delete(db));
  }
  return instance;
}

/** Stops the process's pg-boss: in-flight jobs finish (or are retried after expiry elsewhere). */
export async function stopJobs(options: { graceful?: boolean } = {}): Promise<void> {
  const db = await database();
  const instance = instances.get(db);
  if (!instance) return;
  instances.delete(db);
  const boss = await instance;
  await boss.stop({ graceful: options.graceful ?? true, wait: true, close: false, timeout: 10_000 });
}
