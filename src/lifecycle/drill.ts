import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { verifyChain, PLATFORM_TENANT_ID } from '@/src/audit';
import type { Tx } from '@/src/db/scope';
import { libpqEnv, newestManifest, runTool, sha256File, type BackupManifest } from './backup';
import { applyStableSettings, compareStats, quoteTable, tableStats, type Queryable } from './checksums';
import { withDatabase } from '@/src/db/url';

/**
 * The restore drill (npm run restore-drill): restores the newest backup into a scratch database,
 * proves it is the data that was backed up (artifact SHA-256, then every table's row count and
 * checksum against the manifest), checks the invariants a good database keeps (foreign keys hold,
 * no tenant row without its tenant, every audit chain verifies), times each phase, and says PASS or
 * FAIL. The scratch database is dropped at the end; the source is never touched.
 */
export type DrillOptions = {
  dir: string;
  /** Any database on the server to restore to (the scratch database is created from it). pg_dump backups only. */
  adminUrl?: string;
  /** Name of the scratch database (default: a new dealershipai_drill_* name). */
  scratchName?: string;
  /** Names of databases the drill must never restore into, besides the backup's own. */
  protectedNames?: string[];
  /** Test hook: change one row of this table in the restored copy, so the drill must fail naming it. */
  corruptTable?: string;
  /** A particular manifest instead of the newest. */
  manifestPath?: string;
  log?: (line: string) => void;
};

export type DrillRecord = {
  at: string;
  pass: boolean;
  manifest: string;
  kind: BackupManifest['kind'];
  database: string;
  backupAt: string;
  scratch: string;
  /** Seconds per phase. */
  phases: Record<string, number>;
  /** Recovery time: artifact check to verified restore (dropping the scratch copy excluded). */
  rtoSeconds: number;
  /** Data age at the end of the drill: what a restore of this backup would lose. */
  rpoSeconds: number;
  tables: number;
  rows: number;
  mismatches: string[];
  invariants: { foreignKeys: number; violations: string[]; auditChains: number; brokenChains: string[] };
  corrupted: string | null;
  error: string | null;
};

export const DRILL_LOG = 'drill-log.jsonl';

const seconds = (ms: number) => Math.round(ms) / 1000;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Changes one row of `table` ("table" means public.table) with triggers off: a text column that no
 * constraint or index covers gets a suffix; a table without one loses a row.
 */
export async function corruptOneRow(db: Queryable, table: string): Promise<string> {
  const name = table.includes('.') ? table : `public.${table}`;
  const t = quoteTable(name);
  const { rows } = await db.query(
    `select a.attname::text as col from pg_attribute a
     where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped
       and a.atttypid in ('text'::regtype, 'varchar'::regtype)
       and not exists (select 1 from pg_constraint c where c.conrelid = a.attrelid and c.contype <> 'n' and a.attnum = any(c.conkey))
       and not exists (select 1 from pg_index i where i.indrelid = a.attrelid and a.attnum = any(i.indkey::int2[]))
     order by a.attnum`,
    [name],
  );
  await db.query('set session_replication_role = replica');
  try {
    for (const { col } of rows as { col: string }[]) {
      const changed = await db.query(
        `update ${t} set ${ident(col)} = ${ident(col)} || ' (corrupted)' where ctid = (select ctid from ${t} where ${ident(col)} is not null limit 1) returning 1`,
      );
      if (changed.rows.length === 1) return name;
    }
    const deleted = await db.query(`delete from ${t} where ctid = (select ctid from ${t} limit 1) returning 1`);
    if (deleted.rows.length !== 1) throw new Error(`DRILL_CORRUPT_TABLE=${table}: the table is empty, nothing to corrupt`);
    return name;
  } finally {
    await db.query('set session_replication_role = origin');
  }
}

type Invariants = DrillRecord['invariants'];

/** Foreign keys hold (anti-join per constraint), tenant rows have their tenant, audit chains verify. */
async function checkInvariants(db: Queryable, verify: (tenantId: string) => Promise<{ ok: boolean; reason?: string }>): Promise<Invariants> {
  const violations: string[] = [];
  const { rows: fks } = await db.query(`
    select c.conname::text as name, cn.nspname::text as cs, cr.relname::text as ct, pn.nspname::text as ps, pr.relname::text as pt,
           (select array_agg(a.attname::text order by k.ord) from unnest(c.conkey) with ordinality k(n, ord)
              join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n) as child_cols,
           (select array_agg(a.attname::text order by k.ord) from unnest(c.confkey) with ordinality k(n, ord)
              join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n) as parent_cols
    from pg_constraint c
    join pg_class cr on cr.oid = c.conrelid join pg_namespace cn on cn.oid = cr.relnamespace
    join pg_class pr on pr.oid = c.confrelid join pg_namespace pn on pn.oid = pr.relnamespace
    where c.contype = 'f' order by 1`);
  for (const fk of fks as { name: string; cs: string; ct: string; ps: string; pt: string; child_cols: string[]; parent_cols: string[] }[]) {
    const child = `${ident(fk.cs)}.${ident(fk.ct)}`;
    const parent = `${ident(fk.ps)}.${ident(fk.pt)}`;
    const notNull = fk.child_cols.map((c) => `c.${ident(c)} is not null`).join(' and ');
    const match = fk.child_cols.map((c, i) => `p.${ident(fk.parent_cols[i]!)} = c.${ident(c)}`).join(' and ');
    const { rows } = await db.query(`select count(*)::int as n from ${child} c where ${notNull} and not exists (select 1 from ${parent} p where ${match})`);
    const n = (rows[0] as { n: number }).n;
    if (n > 0) violations.push(`foreign key ${fk.name} (${fk.cs}.${fk.ct} → ${fk.ps}.${fk.pt}): ${n} orphan row(s)`);
  }
  // Tables with tenant_id but no foreign key to tenants (audit trail, outbox, keys, inbox).
  const { rows: tenantTables } = await db.query(`
    select c.relname::text as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    order by 1`);
  for (const { t } of tenantTables as { t: string }[]) {
    const { rows } = await db.query(
      `select count(*)::int as n from public.${ident(t)} x where x.tenant_id is not null and x.tenant_id <> $1::uuid
         and not exists (select 1 from public.tenants t where t.id = x.tenant_id)`,
      [PLATFORM_TENANT_ID],
    );
    const n = (rows[0] as { n: number }).n;
    if (n > 0) violations.push(`table ${t}: ${n} row(s) of a tenant that does not exist`);
  }
  const { rows: chains } = await db.query('select tenant_id::text as id from public.audit_heads order by 1');
  const brokenChains: string[] = [];
  for (const { id } of chains as { id: string }[]) {
    const result = await verify(id);
    if (!result.ok) brokenChains.push(`audit chain of ${id}: ${result.reason}`);
  }
  return { foreignKeys: fks.length, violations, auditChains: chains.length, brokenChains };
}

const chainVerifier = (run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>) => async (tenantId: string) => {
  const r = await run((tx) => verifyChain(tx, tenantId));
  return r.ok ? { ok: true } : { ok: false, reason: `entry ${r.firstBroken.seq}: ${r.firstBroken.reason}` };
};

export async function restoreDrill(options: DrillOptions): Promise<DrillRecord> {
  const log = options.log ?? (() => {});
  const found = options.manifestPath
    ? { path: options.manifestPath, manifest: JSON.parse(await readFile(options.manifestPath, 'utf8')) as BackupManifest }
    : await newestManifest(options.dir);
  if (!found) throw new Error(`no backup manifest in ${options.dir}: run npm run backup first`);
  const { manifest } = found;
  const artifact = path.join(path.dirname(found.path), manifest.artifact.file);
  const phases: Record<string, number> = {};
  const started = performance.now();
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      phases[name] = seconds(performance.now() - t);
    }
  };
  const record: DrillRecord = {
    at: '',
    pass: false,
    manifest: path.basename(found.path),
    kind: manifest.kind,
    database: manifest.database,
    backupAt: manifest.createdAt,
    scratch: '',
    phases,
    rtoSeconds: 0,
    rpoSeconds: 0,
    tables: manifest.totals.tables,
    rows: manifest.totals.rows,
    mismatches: [],
    invariants: { foreignKeys: 0, violations: [], auditChains: 0, brokenChains: [] },
    corrupted: null,
    error: null,
  };
  log(`restore drill: ${manifest.artifact.file} (${manifest.kind}, ${(manifest.artifact.bytes / 1048576).toFixed(1)} MB, data as of ${manifest.createdAt})`);

  try {
    const digest = await phase('verifyArtifact', () => sha256File(artifact));
    if (digest !== manifest.artifact.sha256) {
      record.mismatches.push(`artifact ${manifest.artifact.file}: SHA-256 ${digest} does not match the manifest's ${manifest.artifact.sha256}`);
    } else if (manifest.kind === 'pg_dump') {
      await drillPostgres(options, manifest, artifact, record, phase);
    } else {
      await drillPglite(options, manifest, artifact, record, phase);
    }
  } catch (err) {
    record.error = err instanceof Error ? err.message : String(err);
  }
  record.rtoSeconds = seconds(performance.now() - started - (phases.dropScratch ?? 0) * 1000);
  record.at = new Date().toISOString();
  record.rpoSeconds = Math.round((Date.parse(record.at) - Date.parse(manifest.createdAt)) / 1000);
  record.pass =
    !record.error && record.mismatches.length === 0 && record.invariants.violations.length === 0 && record.invariants.brokenChains.length === 0;

  for (const [name, s] of Object.entries(phases)) log(`  ${name.padEnd(16)} ${s.toFixed(2)} s`);
  for (const line of [...record.mismatches, ...record.invariants.violations, ...record.invariants.brokenChains]) log(`  MISMATCH ${line}`);
  if (record.error) log(`  ERROR ${record.error}`);
  if (record.pass)
    log(`  ${record.tables} tables, ${record.rows} rows match the manifest; ${record.invariants.foreignKeys} foreign keys hold; ${record.invariants.auditChains} audit chains verify`);
  log(`RTO ${record.rtoSeconds.toFixed(1)} s · RPO ${formatAge(record.rpoSeconds)} (age of the backup's data)`);
  log(record.pass ? 'PASS' : `FAIL${record.mismatches[0] ? `: ${record.mismatches[0]}` : record.error ? `: ${record.error}` : ''}`);
  await mkdir(options.dir, { recursive: true });
  await appendFile(path.join(options.dir, DRILL_LOG), `${JSON.stringify(record)}\n`);
  return record;
}

export function formatAge(s: number): string {
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} days`;
}

type Phase = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

async function drillPostgres(options: DrillOptions, manifest: BackupManifest, artifact: string, record: DrillRecord, phase: Phase): Promise<void> {
  if (!options.adminUrl) throw new Error('set DRILL_ADMIN_URL (or DATABASE_OWNER_URL): the server to restore the scratch copy on');
  const scratch = options.scratchName ?? `dealershipai_drill_${Date.now()}_${randomBytes(3).toString('hex')}`;
  record.scratch = scratch;
  const forbidden = new Set([manifest.database, new URL(options.adminUrl).pathname.slice(1), ...(options.protectedNames ?? [])].filter(Boolean));
  if (forbidden.has(scratch) || !/^[a-z_][a-z0-9_]{0,62}$/.test(scratch))
    throw new Error(`refusing to restore into ${scratch}: it is the source (or a protected) database, or not a plain name`);

  const admin = new pg.Client({ connectionString: options.adminUrl });
  await admin.connect();
  let created = false;
  try {
    await phase('createScratch', async () => {
      await admin.query(`create database ${ident(scratch)}`);
      created = true;
    });
    const url = withDatabase(options.adminUrl, scratch);
    await phase('restore', () => runTool('pg_restore', ['--no-owner', '--exit-on-error', '--jobs=2', '--no-password', `--dbname=${scratch}`, artifact], libpqEnv(url)));
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    // Dropping the scratch database ends its connections; an idle client's error is expected then.
    pool.on('error', () => {});
    try {
      const client = await pool.connect();
      try {
        await applyStableSettings(client);
        // pg_restore leaves the planner without statistics; the invariant anti-joins then pick
        // nested loops and grow with rows². A real restore runs ANALYZE before taking traffic too.
        await phase('analyze', () => client.query('analyze'));
        if (options.corruptTable) record.corrupted = await corruptOneRow(client, options.corruptTable);
        const restored = await phase('compare', () => tableStats(client));
        record.mismatches.push(...compareStats(manifest.tables, restored));
      } finally {
        client.release();
      }
      const db = drizzle(pool);
      record.invariants = await phase('invariants', () =>
        checkInvariants(pool, chainVerifier((fn) => db.transaction((tx) => fn(tx as unknown as Tx)))),
      );
    } finally {
      await pool.end();
    }
  } finally {
    if (created)
      await phase('dropScratch', () => admin.query(`drop database if exists ${ident(scratch)} with (force)`)).catch((err) => {
        record.error ??= `could not drop the scratch database ${scratch}: ${err instanceof Error ? err.message : String(err)}`;
      });
    await admin.end();
  }
}

async function drillPglite(options: DrillOptions, manifest: BackupManifest, artifact: string, record: DrillRecord, phase: Phase): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle: drizzleLite } = await import('drizzle-orm/pglite');
  record.scratch = 'pglite (in memory)';
  const lite = await phase('restore', async () => PGlite.create({ loadDataDir: new Blob([await readFile(artifact)]) }));
  try {
    await applyStableSettings(lite);
    if (options.corruptTable) record.corrupted = await corruptOneRow(lite, options.corruptTable);
    const restored = await phase('compare', () => tableStats(lite));
    record.mismatches.push(...compareStats(manifest.tables, restored));
    const db = drizzleLite(lite);
    record.invariants = await phase('invariants', () =>
      checkInvariants(lite, chainVerifier((fn) => db.transaction((tx) => fn(tx as unknown as Tx)))),
    );
  } finally {
    await lite.close();
  }
}
