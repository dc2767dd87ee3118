import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, runMigrations, installDatabase, type Database } from '@/src/db';
import { stopJobs } from '@/src/jobs/boss';
import { withDatabase } from '@/src/db/url';

/** Stops this file's job queue (if a route woke it) before the pools it runs on close. */
function stoppingJobsFirst<T extends Database>(db: T): T {
  const close = db.close;
  return {
    ...db,
    close: async () => {
      await stopJobs({ graceful: false });
      await close();
    },
  };
}

/** Which engine the integration suites run on: PGlite by default, real Postgres with TEST_DATABASE_URL. */
export const engine: 'pglite' | 'postgres' = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database for one test file, installed as the app's database.
 * On real Postgres the runtime and system pools log in as their own roles, exactly as in
 * production, so a superuser connection can never hide a missing policy.
 */
export async function createTestDatabase(): Promise<Database & { ownerUrl?: string }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const db = stoppingJobsFirst(await openPglite(undefined));
    await runMigrations(db.pools.app);
    installDatabase(db);
    return db;
  }
  const name = `dealershipai_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const ownerUrl = withDatabase(adminUrl, name);
  await runMigrations(ownerUrl);
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  // Test servers use trust auth; production sets passwords (docs/database.md).
  await owner.query('alter role dealershipai_app login; alter role dealershipai_system login');
  await owner.end();
  const db = openPostgres(
    withDatabase(adminUrl, name, 'dealershipai_app'),
    withDatabase(adminUrl, name, 'dealershipai_system'),
  );
  const close = db.close;
  const wrapped = {
    ...db,
    ownerUrl,
    async close() {
      await stopJobs({ graceful: false });
      await close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
  installDatabase(wrapped);
  return wrapped;
}

/** A superuser/owner connection for tests that must act behind the app's back. */
export async function ownerQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(
  db: Database & { ownerUrl?: string },
  text: string,
  values: unknown[] = [],
): Promise<pg.QueryResult<T>> {
  if (db.ownerUrl) {
    const c = new pg.Client({ connectionString: db.ownerUrl });
    await c.connect();
    try {
      return await c.query<T>(text, values);
    } finally {
      await c.end();
    }
  }
  // PGlite: the socket connection is the superuser owner.
  return db.pools.app.query<T>(text, values);
}
