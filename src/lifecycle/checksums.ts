/**
 * Per-table row counts and content checksums of a whole database, used by the backup (inside the
 * snapshot the dump is taken from) and by the restore drill (on the restored copy). Runs over any
 * client with `query(text, values)`: node-postgres and PGlite alike.
 *
 * checksum = two sums, over every row, of 64-bit halves of md5(row::text). Order-independent, so
 * no sort and constant memory in the server however large the table; any changed, missing or
 * extra row changes it (not a defence against a forger, which is what the audit chain is for).
 */
export type Queryable = { query: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }> };
export type TableStat = { rows: number; checksum: string };

/**
 * Text forms of values depend on session settings; both sides set the same ones. row_security
 * off makes a login that RLS would filter fail loudly instead of checksumming nothing.
 */
export const STABLE_SETTINGS = [
  "set timezone = 'UTC'",
  "set datestyle = 'ISO, YMD'",
  "set intervalstyle = 'postgres'",
  'set extra_float_digits = 3',
  "set bytea_output = 'hex'",
  'set row_security = off',
];

export async function applyStableSettings(db: Queryable): Promise<void> {
  for (const statement of STABLE_SETTINGS) await db.query(statement);
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Every ordinary table outside the system schemas, as "schema.table". */
export async function listTables(db: Queryable): Promise<string[]> {
  const { rows } = await db.query(`
    select n.nspname || '.' || c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
    order by 1`);
  return (rows as { name: string }[]).map((r) => r.name);
}

export const quoteTable = (name: string) => {
  const dot = name.indexOf('.');
  return `${ident(name.slice(0, dot))}.${ident(name.slice(dot + 1))}`;
};

export async function tableStat(db: Queryable, table: string): Promise<TableStat> {
  const { rows } = await db.query(`
    select count(*)::text as n,
           coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0)::text as a,
           coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0)::text as b
    from (select md5(t::text) as h from ${quoteTable(table)} t) x`);
  const r = rows[0] as { n: string; a: string; b: string };
  return { rows: Number(r.n), checksum: `${r.a}/${r.b}` };
}

export async function tableStats(db: Queryable): Promise<Record<string, TableStat>> {
  const out: Record<string, TableStat> = {};
  for (const table of await listTables(db)) out[table] = await tableStat(db, table);
  return out;
}

/** Human-readable differences between two sets of table stats (empty = identical). */
export function compareStats(expected: Record<string, TableStat>, actual: Record<string, TableStat>): string[] {
  const problems: string[] = [];
  for (const [table, e] of Object.entries(expected)) {
    const a = actual[table];
    if (!a) problems.push(`table ${table}: missing from the restored database`);
    else if (a.rows !== e.rows) problems.push(`table ${table}: ${a.rows} rows restored, ${e.rows} backed up`);
    else if (a.checksum !== e.checksum) problems.push(`table ${table}: content checksum differs (${a.checksum} restored, ${e.checksum} backed up)`);
  }
  for (const table of Object.keys(actual)) if (!expected[table]) problems.push(`table ${table}: in the restored database but not in the backup manifest`);
  return problems;
}
