import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ownerQuery } from './support/db';
import { createTenant, insertDealership } from './support/app';
import { openPglite, runMigrations, type Database } from '@/src/db';
import { backupPglite, backupPostgres, newestManifest, type BackupManifest } from '@/src/lifecycle/backup';
import { DRILL_LOG, restoreDrill, type DrillRecord } from '@/src/lifecycle/drill';

const ADMIN_URL = process.env.TEST_DATABASE_URL;
const readLog = (dir: string) =>
  readFileSync(path.join(dir, DRILL_LOG), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as DrillRecord);

// pg_dump and pg_restore need a real server: PGlite is a library inside this process, with no
// socket pg_dump could speak to and no second database to restore into. Its own backup path
// (a data-directory tarball) is tested below on every run.
describe.skipIf(!ADMIN_URL)('backup and restore drill (real PostgreSQL)', { timeout: 120_000 }, () => {
  let db: Database & { ownerUrl?: string };
  let dir: string;
  let sourceName: string;
  let first: { manifest: BackupManifest; manifestPath: string; artifactPath: string };
  const databases = async () =>
    (await ownerQuery<{ datname: string }>(db, `select datname from pg_database where datname like 'dealershipai_drill%'`)).rows.map((r) => r.datname);

  beforeAll(async () => {
    db = await createTestDatabase();
    sourceName = new URL(db.ownerUrl!).pathname.slice(1);
    dir = mkdtempSync(path.join(tmpdir(), 'dealershipai-backup-'));
    for (const name of ['Backup Motors A', 'Backup Motors B']) {
      const t = await createTenant(db, name);
      await insertDealership(db, t.tenantId, `${name} Toyota`);
    }
  }, 180_000);
  afterAll(async () => {
    await db.close();
  });

  it('dumps with a manifest whose counts and checksums come from the dump\'s own snapshot', async () => {
    // Writers keep inserting while the backup runs: the manifest must still match the dump.
    let writing = true;
    const writer = new pg.Client({ connectionString: db.ownerUrl });
    await writer.connect();
    const [{ id: tenantId }] = (await writer.query<{ id: string }>('select id from tenants limit 1')).rows as [{ id: string }];
    const writes = (async () => {
      let n = 0;
      while (writing) {
        await writer.query(`insert into dealerships (tenant_id, name, website_url) values ($1, $2, 'https://w.example')`, [tenantId, `Writer ${n++}`]);
      }
      return n;
    })();
    try {
      first = await backupPostgres({ url: db.ownerUrl!, dir });
    } finally {
      writing = false;
      await writes;
      await writer.end();
    }
    const m = first.manifest;
    expect(m.kind).toBe('pg_dump');
    expect(m.database).toBe(sourceName);
    expect(m.artifact.file).toMatch(/\.dump$/);
    expect(m.artifact.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.tables['public.tenants']!.rows).toBe(2);
    expect(m.tables['public.users']!.rows).toBe(8);
    expect(m.tables['public.audit_log']!.rows).toBeGreaterThan(0);
    expect(Object.keys(m.tables)).toContain('drizzle.__drizzle_migrations');
    expect(m.schemaVersion).toBe(m.tables['drizzle.__drizzle_migrations']!.rows);
    expect(m.totals.rows).toBe(Object.values(m.tables).reduce((n, t) => n + t.rows, 0));
    expect((await newestManifest(dir))!.path).toBe(first.manifestPath);
  });

  it('a good backup passes the drill: every table matches, invariants hold, scratch dropped, logged', async () => {
    const lines: string[] = [];
    const record = await restoreDrill({ dir, adminUrl: ADMIN_URL, protectedNames: [sourceName], log: (l) => lines.push(l) });
    expect(record.error).toBeNull();
    expect(record.mismatches).toEqual([]);
    expect(record.invariants.violations).toEqual([]);
    expect(record.invariants.brokenChains).toEqual([]);
    expect(record.invariants.auditChains).toBeGreaterThanOrEqual(3); // two tenants and the platform chain
    expect(record.invariants.foreignKeys).toBeGreaterThan(5);
    expect(record.pass).toBe(true);
    expect(lines.at(-1)).toBe('PASS');
    expect(lines.some((l) => /^RTO \d+(\.\d+)? s · RPO /.test(l))).toBe(true);
    for (const p of ['verifyArtifact', 'createScratch', 'restore', 'analyze', 'compare', 'invariants', 'dropScratch']) expect(record.phases[p], p).toBeGreaterThanOrEqual(0);
    expect(record.rtoSeconds).toBeGreaterThan(0);
    expect(record.rpoSeconds).toBeGreaterThanOrEqual(0);
    expect(await databases()).not.toContain(record.scratch);
    expect(readLog(dir).at(-1)).toMatchObject({ pass: true, scratch: record.scratch });
    // The source was only read.
    expect((await ownerQuery(db, 'select 1 from tenants')).rowCount).toBe(2);
  });

  it('a corrupted row in the restored copy fails the drill naming the table (DRILL_CORRUPT_TABLE)', () => {
    const run = spawnSync('npx', ['tsx', 'scripts/restore-drill.ts'], {
      env: { ...process.env, BACKUP_DIR: dir, DRILL_ADMIN_URL: ADMIN_URL, DATABASE_OWNER_URL: db.ownerUrl, DRILL_CORRUPT_TABLE: 'audit_log' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(1);
    const last = run.stdout.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^FAIL: table public\.audit_log: content checksum differs/);
    expect(readLog(dir).at(-1)).toMatchObject({ pass: false, corrupted: 'public.audit_log' });
  }, 150_000);

  it('names whichever table was corrupted, and leaves no scratch database behind', async () => {
    const scratch: string[] = [];
    for (const table of ['memberships', 'drizzle.__drizzle_migrations']) {
      const record = await restoreDrill({ dir, adminUrl: ADMIN_URL, corruptTable: table });
      scratch.push(record.scratch);
      expect(record.pass, table).toBe(false);
      expect(record.mismatches, table).toEqual([expect.stringContaining(`table ${table.includes('.') ? table : `public.${table}`}: `)]);
    }
    const left = await databases();
    for (const name of scratch) expect(left).not.toContain(name);
  });

  it('refuses to restore into the source database, and fails on a damaged artifact without restoring', async () => {
    const refused = await restoreDrill({ dir, adminUrl: ADMIN_URL, scratchName: sourceName });
    expect(refused.pass).toBe(false);
    expect(refused.error).toMatch(/refusing to restore into/);
    expect((await ownerQuery(db, 'select 1 from tenants')).rowCount).toBe(2);

    const damaged = mkdtempSync(path.join(tmpdir(), 'dealershipai-damaged-'));
    const bytes = readFileSync(first.artifactPath);
    const middle = Math.floor(bytes.length / 2);
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle);
    writeFileSync(path.join(damaged, first.manifest.artifact.file), bytes);
    writeFileSync(path.join(damaged, path.basename(first.manifestPath)), JSON.stringify(first.manifest));
    const record = await restoreDrill({ dir: damaged, adminUrl: ADMIN_URL });
    expect(record.pass).toBe(false);
    expect(record.mismatches[0]).toMatch(/SHA-256 .* does not match/);
    expect(record.phases.restore).toBeUndefined();
  });
});

describe('backup of the embedded database (PGlite)', () => {
  let dir: string;
  let dataDir: string;

  beforeAll(async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'dealershipai-pglite-backup-'));
    dataDir = path.join(root, 'pglite');
    dir = path.join(root, 'backups');
    const lite = await openPglite(dataDir);
    try {
      await runMigrations(lite.pools.app);
      await lite.pools.app.query(`insert into tenants (id, name) values ('11111111-1111-4111-8111-111111111111', 'Embedded Motors')`);
      await lite.pools.app.query(
        `insert into dealerships (tenant_id, name, website_url) select '11111111-1111-4111-8111-111111111111', 'Store ' || g, 'https://e.example' from generate_series(1, 25) g`,
      );
    } finally {
      await lite.close();
    }
  }, 180_000);

  it('tars the data directory with the same manifest, and the drill restores it in memory', async () => {
    const result = await backupPglite({ dataDir, dir });
    expect(result.manifest.kind).toBe('pglite');
    expect(result.manifest.artifact.file).toMatch(/\.tar\.gz$/);
    expect(result.manifest.tables['public.dealerships']).toMatchObject({ rows: 25 });
    expect(result.manifest.tables['public.tenants']).toMatchObject({ rows: 1 });
    expect(readdirSync(dir).sort()).toEqual([result.manifest.artifact.file, path.basename(result.manifestPath)].sort());

    const good = await restoreDrill({ dir });
    expect(good.mismatches).toEqual([]);
    expect(good.error).toBeNull();
    expect(good.pass).toBe(true);

    const bad = await restoreDrill({ dir, corruptTable: 'dealerships' });
    expect(bad.pass).toBe(false);
    expect(bad.mismatches, JSON.stringify(bad)).toEqual([expect.stringMatching(/^table public\.dealerships: content checksum differs/)]);
    expect(readLog(dir).map((r) => r.pass)).toEqual([true, false]);
  }, 120_000);
});
