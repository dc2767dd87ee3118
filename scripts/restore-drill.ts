/**
 * npm run restore-drill [-- --manifest <file>]
 *
 * Restores the newest backup in BACKUP_DIR (default .data/backups) into a scratch database on the
 * server of DRILL_ADMIN_URL (else DATABASE_OWNER_URL, else DATABASE_URL; a login that may CREATE
 * DATABASE), verifies it against the manifest and the invariants, prints every phase, RTO, RPO and
 * PASS or FAIL, appends a record to BACKUP_DIR/drill-log.jsonl, drops the scratch database and
 * exits non-zero on any mismatch. PGlite backups are restored in memory. See
 * docs/runbooks/restore-drill.md.
 *
 *   DRILL_DATABASE=<name>         scratch database name (refused if it is the backup's source)
 *   DRILL_CORRUPT_TABLE=<table>   test hook: corrupt one restored row; the drill must FAIL naming it
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { restoreDrill } from '../src/lifecycle/drill';

const { values } = parseArgs({ options: { manifest: { type: 'string' } } });
const dir = path.resolve(process.env.BACKUP_DIR ?? path.join('.data', 'backups'));
const sourceUrl = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;

try {
  const record = await restoreDrill({
    dir,
    manifestPath: values.manifest ? path.resolve(values.manifest) : undefined,
    adminUrl: process.env.DRILL_ADMIN_URL ?? sourceUrl,
    scratchName: process.env.DRILL_DATABASE || undefined,
    protectedNames: sourceUrl ? [new URL(sourceUrl).pathname.slice(1)] : [],
    corruptTable: process.env.DRILL_CORRUPT_TABLE || undefined,
    log: (line) => console.log(line),
  });
  process.exit(record.pass ? 0 : 1);
} catch (err) {
  console.error(`restore drill FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
