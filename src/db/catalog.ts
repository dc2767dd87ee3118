import { sql } from 'drizzle-orm';
import type { Db } from './client';
import type { Tx } from './scope';
import { APP_ROLE, SYSTEM_ROLE } from './scope';

/**
 * Invariants of the schema that keep tenants apart, read from the PostgreSQL catalog.
 * Returns human-readable violations; an empty list means the database is sound.
 */
export async function isolationViolations(db: Db | Tx): Promise<string[]> {
  const q = async (query: ReturnType<typeof sql>) => (await db.execute<{ problem: string }>(query)).rows.map((r) => r.problem);
  // Sequential: callers may hand in a single client, which runs one query at a time.
  const checks = [
    sql`
      select format('table %s has tenant_id but %s', c.relname,
        concat_ws(', ',
          case when not c.relrowsecurity then 'RLS is not enabled' end,
          case when not c.relforcerowsecurity then 'RLS is not forced' end,
          case when not exists (select 1 from pg_policy p where p.polrelid = c.oid) then 'it has no policy' end)) as problem
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
        and (not c.relrowsecurity or not c.relforcerowsecurity or not exists (select 1 from pg_policy p where p.polrelid = c.oid))`,
    sql`
      select format('the runtime role can reach table %s, which has no forced RLS', c.relname) as problem
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and (has_table_privilege(${APP_ROLE}, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
             or has_any_column_privilege(${APP_ROLE}, c.oid, 'SELECT, INSERT, UPDATE'))
        and not (c.relrowsecurity and c.relforcerowsecurity)`,
    sql`
      select format('role %s is %s', r.rolname,
        concat_ws(', ', case when r.rolsuper then 'a superuser' end,
                        case when r.rolbypassrls and r.rolname = ${APP_ROLE} then 'BYPASSRLS' end,
                        case when r.rolcreaterole then 'CREATEROLE' end)) as problem
      from pg_roles r
      where r.rolname in (${APP_ROLE}, ${SYSTEM_ROLE})
        and (r.rolsuper or r.rolcreaterole or (r.rolbypassrls and r.rolname = ${APP_ROLE}))`,
    sql`
      select format('role %s owns %s', r.rolname, c.relname) as problem
      from pg_class c join pg_roles r on r.oid = c.relowner
      where r.rolname in (${APP_ROLE}, ${SYSTEM_ROLE})`,
    sql`
      select format('role %s is a member of role %s, so it could SET ROLE to it', m.rolname, g.rolname) as problem
      from pg_auth_members am join pg_roles m on m.oid = am.member join pg_roles g on g.oid = am.roleid
      where m.rolname in (${APP_ROLE}, ${SYSTEM_ROLE})`,
    sql`
      select format('view %s does not use security_invoker', c.relname) as problem
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'v'
        and not coalesce(c.reloptions && array['security_invoker=true', 'security_invoker=on', 'security_invoker=1'], false)`,
    sql`
      select format('SECURITY DEFINER function %s is executable by PUBLIC', p.proname) as problem
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname not in ('pg_catalog', 'information_schema') and p.prosecdef
        and exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                    where a.grantee = 0 and a.privilege_type = 'EXECUTE')`,
  ];
  const problems: string[] = [];
  for (const check of checks) problems.push(...(await q(check)));
  return problems;
}

/** Every table that carries a tenant_id column: what export, deletion and isolation tests cover. */
export async function tenantOwnedTables(db: Db | Tx): Promise<string[]> {
  const { rows } = await db.execute<{ table: string }>(sql`
    select c.relname as table
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    order by 1`);
  return rows.map((r) => r.table);
}
