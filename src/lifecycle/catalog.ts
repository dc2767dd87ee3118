import { sql } from 'drizzle-orm';
import type { Db } from '@/src/db/client';
import type { Tx } from '@/src/db/scope';
import { tenantOwnedTables } from '@/src/db/catalog';

/**
 * What export and deletion need to know about the tenant-owned tables, read from the catalog at
 * run time, so a table added later is covered without touching this code.
 */
export type TenantTable = {
  name: string;
  /** Columns of a unique, NOT NULL key: the keyset the export pages by. */
  key: string[];
  /** SQL types of the key columns, to cast the cursor back. */
  keyTypes: string[];
  columns: string[];
};

type Runner = Db | Tx;

/**
 * Every tenant-owned table with its paging key, chosen so each batch is an index range scan:
 * an index that starts with tenant_id and is unique, or contains the primary key (so its columns
 * identify a row), fewest columns first; else the primary key itself. A tenant table without a
 * primary key is an error: it could not be exported in batches.
 */
export async function tenantTables(db: Runner): Promise<TenantTable[]> {
  const names = await tenantOwnedTables(db);
  const { rows } = await db.execute<{ table: string; primary: boolean; unique: boolean; cols: string[]; types: string[]; not_null: boolean }>(sql`
    select c.relname as table, i.indisprimary as primary, i.indisunique as unique,
           array_agg(a.attname::text order by k.ord) as cols,
           array_agg(format_type(a.atttypid, a.atttypmod) order by k.ord) as types,
           bool_and(a.attnotnull) as not_null
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where n.nspname = 'public' and i.indpred is null and i.indexprs is null and i.indisvalid
    group by c.relname, i.indexrelid, i.indisprimary, i.indisunique`);
  const { rows: columns } = await db.execute<{ table: string; columns: string[] }>(sql`
    select c.relname as table, array_agg(a.attname::text order by a.attnum) as columns
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    group by c.relname`);
  return names.map((name) => {
    const indexes = rows.filter((r) => r.table === name);
    const primary = indexes.find((r) => r.primary);
    if (!primary) throw new Error(`tenant table ${name} has no primary key: export and deletion need one`);
    const identifies = (r: (typeof indexes)[number]) => r.unique || primary.cols.every((c) => r.cols.includes(c));
    const tenantLed = indexes
      .filter((r) => r.cols[0] === 'tenant_id' && r.not_null && identifies(r))
      .sort((x, y) => x.cols.length - y.cols.length || Number(y.unique) - Number(x.unique))[0];
    const key = tenantLed ?? primary;
    return { name, key: key.cols, keyTypes: key.types, columns: columns.find((c) => c.table === name)?.columns ?? [] };
  });
}

/**
 * The tenant-owned tables in an order that deletes every referencing row before the row it
 * references (foreign keys from pg_constraint). Throws on a cycle, which would need an explicit
 * order.
 */
export async function deletionOrder(db: Runner): Promise<string[]> {
  const tables = await tenantOwnedTables(db);
  const { rows } = await db.execute<{ child: string; parent: string }>(sql`
    select ch.relname as child, pa.relname as parent
    from pg_constraint c
    join pg_class ch on ch.oid = c.conrelid
    join pg_class pa on pa.oid = c.confrelid
    join pg_namespace n on n.oid = ch.relnamespace
    where c.contype = 'f' and n.nspname = 'public' and ch.oid <> pa.oid`);
  const set = new Set(tables);
  // parent -> children among tenant tables: a parent may go only when its children are gone.
  const children = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const r of rows) if (set.has(r.child) && set.has(r.parent)) children.get(r.parent)!.add(r.child);
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: string, path: string[]) => {
    if (state.get(t) === 'done') return;
    if (state.get(t) === 'visiting') throw new Error(`foreign keys form a cycle: ${[...path, t].join(' -> ')}; order these tables explicitly`);
    state.set(t, 'visiting');
    for (const c of [...children.get(t)!].sort()) visit(c, [...path, t]);
    state.set(t, 'done');
    order.push(t);
  };
  for (const t of tables) visit(t, []);
  return order;
}

/** Applied migrations: the export's schemaVersion. */
export async function schemaVersion(db: Runner): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return rows[0]?.n ?? 0;
}
