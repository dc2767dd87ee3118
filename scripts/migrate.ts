/**
 * Applies the SQL migrations in drizzle/ as the schema owner. Run once per release:
 *   DATABASE_OWNER_URL=postgres://owner@host/db npm run db:migrate
 * Without DATABASE_OWNER_URL it falls back to DATABASE_URL (development with one login).
 * With no URL at all it migrates the embedded PGlite database in DATA_DIR.
 */
import { openPglite, runMigrations } from '../src/db/client';
import { env } from '../src/config/env';
import path from 'node:path';

const url = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
if (url) {
  await runMigrations(url);
  console.log(`migrations applied to ${new URL(url).pathname.slice(1)}`);
} else {
  const db = await openPglite(path.join(env().DATA_DIR, 'pglite'));
  await runMigrations(db.pools.app);
  await db.close();
  console.log(`migrations applied to the embedded database in ${env().DATA_DIR}`);
}
