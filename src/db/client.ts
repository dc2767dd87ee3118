import path from 'node:path';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import * as schema from './schema';
import { env, isProduction } from '@/src/config/env';
import { logger } from '@/src/observability/logger';

export type Db = NodePgDatabase<typeof schema>;

export type Database = {
  kind: 'pglite' | 'postgres';
  /** Connects as (or switches to) the runtime role: every query is bound by RLS. */
  app: Db;
  /** Connects as (or switches to) the system role: crosses tenants, only via withSystem and auth. */
  system: Db;
  pools: { app: pg.Pool; system: pg.Pool };
  close(): Promise<void>;
};

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'drizzle');
const POOL_MAX = 10;

/** The schema (drizzle/ migrations) and the job queue's schema, applied as the owner. */
export async function runMigrations(ownerUrlOrPool: string | pg.Pool): Promise<void> {
  const pool =
    typeof ownerUrlOrPool === 'string' ? new pg.Pool({ connectionString: ownerUrlOrPool, max: 1 }) : ownerUrlOrPool;
  try {
    await migrate(drizzle(pool), { migrationsFolder: MIGRATIONS_FOLDER });
    const { installJobSchema } = await import('@/src/jobs/boss');
    await installJobSchema(pool);
  } finally {
    if (typeof ownerUrlOrPool === 'string') await pool.end();
  }
}

function fromPools(kind: Database['kind'], app: pg.Pool, system: pg.Pool, onClose: () => Promise<void>): Database {
  return {
    kind,
    app: drizzle(app, { schema }),
    system: drizzle(system, { schema }),
    pools: { app, system },
    async close() {
      await app.end();
      if (system !== app) await system.end();
      await onClose();
    },
  };
}

/** Real PostgreSQL: one login per role in production, one owner login (roles switched per transaction) in development. */
export function openPostgres(appUrl: string, systemUrl = appUrl, max = POOL_MAX): Database {
  const app = new pg.Pool({ connectionString: appUrl, max });
  const system = systemUrl === appUrl ? app : new pg.Pool({ connectionString: systemUrl, max });
  for (const pool of new Set([app, system])) pool.on('error', (err) => logger.error({ err }, 'idle database client error'));
  return fromPools('postgres', app, system, async () => {});
}

/**
 * Embedded PGlite behind its wire-protocol socket, so the app, the auth library and (later)
 * the job queue all talk plain `pg`. The socket's multiplexer serialises transactions.
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db: lite, host: '127.0.0.1', port: 0, maxConnections: POOL_MAX });
  await server.start();
  const address = server.getServerConn();
  // One connection: PGlite has one backend, and the socket's multiplexer keeps transactions
  // apart but can interleave the messages of two connections' standalone queries (seen as
  // "portal does not exist" when the job queue polled while a request read its session).
  const pool = new pg.Pool({ connectionString: `postgres://postgres@${address}/postgres`, max: 1 });
  pool.on('error', (err) => logger.error({ err }, 'idle PGlite client error'));
  return fromPools('pglite', pool, pool, async () => {
    await server.stop();
    await lite.close();
  });
}

async function openFromEnv(): Promise<Database> {
  const e = env();
  if (e.DATABASE_URL) {
    const db = openPostgres(e.DATABASE_URL, e.DATABASE_SYSTEM_URL ?? e.DATABASE_URL);
    // Development with a single owner login migrates itself; production runs `npm run db:migrate`.
    if (!isProduction() && !e.DATABASE_SYSTEM_URL) await runMigrations(db.pools.app);
    return db;
  }
  const db = await openPglite(path.join(e.DATA_DIR, 'pglite'));
  await runMigrations(db.pools.app);
  logger.info({ dataDir: e.DATA_DIR }, 'embedded PGlite database ready');
  return db;
}

// One database per process: Next.js dev re-imports modules on every change.
const holder = globalThis as unknown as { __dealershipaiDb?: Promise<Database> };

export function database(): Promise<Database> {
  holder.__dealershipaiDb ??= openFromEnv().catch((err) => {
    holder.__dealershipaiDb = undefined;
    throw err;
  });
  return holder.__dealershipaiDb;
}

/** Tests and scripts install their own database. */
export function installDatabase(db: Database | undefined): void {
  holder.__dealershipaiDb = db ? Promise.resolve(db) : undefined;
}
