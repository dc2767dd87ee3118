/**
 * npm run backup
 *
 * Real PostgreSQL (DATABASE_OWNER_URL, else DATABASE_URL): pg_dump -Fc into BACKUP_DIR (default
 * .data/backups) with a manifest of per-table row counts and checksums taken in the same snapshot.
 * No URL: the embedded PGlite database in DATA_DIR (stop `npm run dev` first), as a tarball with the
 * same manifest. Prints the manifest's summary; exits non-zero on any failure. The login needs to
 * read every table past RLS: a superuser or a BYPASSRLS owner (Supabase's postgres is one).
 */
import path from 'node:path';
import { backupPglite, backupPostgres } from '../src/lifecycle/backup';

const dir = path.resolve(process.env.BACKUP_DIR ?? path.join('.data', 'backups'));
const url = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;

try {
  const result = url
    ? await backupPostgres({ url, dir })
    : await backupPglite({ dataDir: path.join(process.env.DATA_DIR ?? '.data', 'pglite'), dir });
  const m = result.manifest;
  console.log(`backup of ${m.database} (${m.kind}), data as of ${m.createdAt}`);
  console.log(`  artifact  ${result.artifactPath}  ${(m.artifact.bytes / 1048576).toFixed(2)} MB  sha256 ${m.artifact.sha256}`);
  console.log(`  manifest  ${result.manifestPath}`);
  console.log(`  ${m.totals.tables} tables, ${m.totals.rows} rows, schema version ${m.schemaVersion}, ${(m.durationMs / 1000).toFixed(1)} s`);
} catch (err) {
  console.error(`backup FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
