import { sql } from 'drizzle-orm';
import { withSystem, withTenant } from '@/src/db/scope';
import type { Principal } from '@/src/auth/principal';
import { appendAudit, type AuditActor } from '@/src/audit';
import type { Permission } from './permissions';
import type { Problem } from './problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let idTables: Promise<string[]> | undefined;

/** Tenant-owned tables with an `id` column, read once from the catalog. */
function tablesWithIds(): Promise<string[]> {
  idTables ??= withSystem('catalog: tenant tables with ids', async (tx) => {
    const { rows } = await tx.execute<{ table: string }>(sql`
      select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'id' and not a.attisdropped)`);
    return rows.map((r) => r.table);
  }).catch((err) => {
    idTables = undefined;
    throw err;
  });
  return idTables;
}

/** Whether any of the ids names something (or someone) that belongs only to another tenant. */
async function belongsToAnotherTenant(tenantId: string, ids: string[]): Promise<boolean> {
  const tables = await tablesWithIds();
  return withSystem('access violation: does a denied id belong to another tenant', async (tx) => {
    for (const id of ids) {
      for (const table of tables) {
        const { rows } = await tx.execute(sql`select 1 from ${sql.identifier(table)} where id = ${id} and tenant_id <> ${tenantId} limit 1`);
        if (rows.length > 0) return true;
      }
      const { rows } = await tx.execute(sql`
        select 1 from memberships where user_id = ${id} and tenant_id <> ${tenantId}
          and not exists (select 1 from memberships m where m.user_id = ${id} and m.tenant_id = ${tenantId}) limit 1`);
      if (rows.length > 0) return true;
    }
    return false;
  });
}

/**
 * TENANT_ACCESS_VIOLATION, recorded in the actor's own tenant after the denied request rolled
 * back: a role too low for the action, or an id that belongs to another tenant. The entry
 * holds only what the actor sent and was told, never anything of the other tenant.
 */
export async function recordAccessViolation(
  principal: Principal,
  actor: AuditActor,
  denied: { method: string; path: string; problem: Problem; params: unknown; permission: Permission },
): Promise<void> {
  let reason: 'role_too_low' | 'other_tenant_resource';
  if (denied.problem.status === 403 && denied.problem.code === 'forbidden') {
    reason = 'role_too_low';
  } else if (denied.problem.status === 404) {
    const ids = Object.values((denied.params ?? {}) as Record<string, unknown>).filter((v): v is string => typeof v === 'string' && UUID.test(v));
    const url = new URL(denied.path, 'http://x');
    for (const v of url.searchParams.values()) if (UUID.test(v)) ids.push(v);
    if (ids.length === 0 || !(await belongsToAnotherTenant(principal.tenantId, ids))) return;
    reason = 'other_tenant_resource';
  } else {
    return;
  }
  await withTenant({ tenantId: principal.tenantId, userId: principal.userId }, (tx) =>
    appendAudit(tx, principal.tenantId, actor, {
      action: 'TENANT_ACCESS_VIOLATION',
      resource: { type: 'route', id: `${denied.method} ${denied.path}` },
      metadata: { reason, permission: denied.permission, role: principal.role, status: denied.problem.status },
    }),
  );
}
