import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { applyStableSettings, tableStats, type Queryable, type TableStat } from './checksums';

/**
 * Backups (npm run backup). Real PostgreSQL: `pg_dump -Fc` of the database, taken from a snapshot
 * exported by a REPEATABLE READ transaction that computes every table's row count and checksum
 * while the dump runs, so the manifest describes exactly the dumped data. Embedded PGlite: its
 * data directory as a tarball (dumpDataDir), with the same manifest.
 *
 * Files: <name>.dump | <name>.tar.gz, and <name>.manifest.json next to it. The manifest is written
 * last: an artifact without one is an interrupted backup and is ignored by the drill.
 */
export type BackupManifest = {
  formatVersion: 1;
  kind: 'pg_dump' | 'pglite';
  /** When the snapshot was taken (database clock): the data is as of this instant. */
  createdAt: string;
  database: string;
  serverVersion: string;
  /** Applied migrations. */
  schemaVersion: number;
  artifact: { file: string; bytes: number; sha256: string };
  tables: Record<string, TableStat>;
  totals: { tables: number; rows: number };
  durationMs: number;
};

export const MANIFEST_SUFFIX = '.manifest.json';

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** libpq connection settings for a child process: the password travels in the environment, never argv. */
export function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env, PGHOST: decodeURIComponent(u.hostname || 'localhost'), PGPORT: u.port || '5432', PGDATABASE: decodeURIComponent(u.pathname.slice(1)) };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const ssl = u.searchParams.get('sslmode');
  if (ssl) env.PGSSLMODE = ssl;
  return env;
}

/** Runs a PostgreSQL client tool; rejects with its stderr on a non-zero exit. */
export function runTool(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + String(d)).slice(-8000)));
    child.on('error', (err) => reject(new Error(`${cmd} could not start: ${err.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}: ${stderr.trim()}`))));
  });
}

async function writeManifest(dir: string, base: string, manifest: BackupManifest): Promise<string> {
  const file = path.join(dir, `${base}${MANIFEST_SUFFIX}`);
  await writeFile(`${file}.partial`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${file}.partial`, file);
  return file;
}

const totals = (tables: Record<string, TableStat>) => ({
  tables: Object.keys(tables).length,
  rows: Object.values(tables).reduce((n, t) => n + t.rows, 0),
});

export type BackupResult = { manifest: BackupManifest; manifestPath: string; artifactPath: string };

/** pg_dump -Fc of `url` into `dir`, with counts and checksums from the same snapshot. */
export async function backupPostgres(options: { url: string; dir: string }): Promise<BackupResult> {
  const started = performance.now();
  await mkdir(options.dir, { recursive: true });
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  let artifactPath: string | undefined;
  try {
    await client.query('begin isolation level repeatable read, read only');
    await applyStableSettings(client);
    const { rows } = await client.query<{ snapshot: string; at: Date; db: string; version: string; migrations: number | null }>(`
      select pg_export_snapshot() as snapshot, now() as at, current_database() as db, current_setting('server_version') as version,
             (select count(*)::int from drizzle.__drizzle_migrations) as migrations`);
    const info = rows[0]!;
    const base = `dealershipai-${info.db}-${stamp(new Date(info.at))}`;
    artifactPath = path.join(options.dir, `${base}.dump`);
    const partial = `${artifactPath}.partial`;
    // The dump and the checksums read the same snapshot, at the same time; the snapshot stays
    // valid while this transaction is open, i.e. until both are done.
    const dump = runTool('pg_dump', ['--format=custom', `--snapshot=${info.snapshot}`, '--no-password', `--file=${partial}`], libpqEnv(options.url));
    const [tables] = await Promise.all([tableStats(client), dump]);
    await client.query('commit');
    await rename(partial, artifactPath);
    const manifest: BackupManifest = {
      formatVersion: 1,
      kind: 'pg_dump',
      createdAt: new Date(info.at).toISOString(),
      database: info.db,
      serverVersion: info.version,
      schemaVersion: info.migrations ?? 0,
      artifact: { file: path.basename(artifactPath), bytes: (await stat(artifactPath)).size, sha256: await sha256File(artifactPath) },
      tables,
      totals: totals(tables),
      durationMs: Math.round(performance.now() - started),
    };
    return { manifest, artifactPath, manifestPath: await writeManifest(options.dir, base, manifest) };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    if (artifactPath) await rm(`${artifactPath}.partial`, { force: true });
    throw err;
  } finally {
    await client.end();
  }
}

/**
 * The embedded database: its data directory as a gzipped tarball. PGlite is single-process, so
 * stop `npm run dev` first (a second process on the same directory would corrupt it).
 */
export async function backupPglite(options: { dataDir: string; dir: string }): Promise<BackupResult> {
  const started = performance.now();
  await mkdir(options.dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const lite = await PGlite.create(options.dataDir);
  try {
    const db: Queryable = lite;
    await db.query('begin isolation level repeatable read, read only');
    await applyStableSettings(db);
    const { rows } = await db.query(`
      select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, current_setting('server_version') as version,
             (select count(*)::int from drizzle.__drizzle_migrations) as migrations`);
    const info = rows[0] as { at: string; version: string; migrations: number };
    const tables = await tableStats(db);
    await db.query('commit');
    // Nothing else can write: this process is the database's only user.
    const blob = await lite.dumpDataDir('gzip');
    const at = new Date(info.at);
    const base = `dealershipai-pglite-${stamp(at)}`;
    const artifactPath = path.join(options.dir, `${base}.tar.gz`);
    await writeFile(`${artifactPath}.partial`, Buffer.from(await blob.arrayBuffer()));
    await rename(`${artifactPath}.partial`, artifactPath);
    const manifest: BackupManifest = {
      formatVersion: 1,
      kind: 'pglite',
      createdAt: at.toISOString(),
      database: `pglite:${path.resolve(options.dataDir)}`,
      serverVersion: info.version,
      schemaVersion: info.migrations,
      artifact: { file: path.basename(artifactPath), bytes: (await stat(artifactPath)).size, sha256: await sha256File(artifactPath) },
      tables,
      totals: totals(tables),
      durationMs: Math.round(performance.now() - started),
    };
    return { manifest, artifactPath, manifestPath: await writeManifest(options.dir, base, manifest) };
  } finally {
    await lite.close();
  }
}

/** The newest complete backup in `dir` (by snapshot time), or null. */
export async function newestManifest(dir: string): Promise<{ path: string; manifest: BackupManifest } | null> {
  let newest: { path: string; manifest: BackupManifest } | null = null;
  const files = await readdir(dir).catch(() => [] as string[]);
  for (const f of files.filter((name) => name.endsWith(MANIFEST_SUFFIX))) {
    const file = path.join(dir, f);
    const manifest = JSON.parse(await readFile(file, 'utf8')) as BackupManifest;
    if (!newest || Date.parse(manifest.createdAt) > Date.parse(newest.manifest.createdAt)) newest = { path: file, manifest };
  }
  return newest;
}
