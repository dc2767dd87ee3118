import { sql } from 'drizzle-orm';
import { database, type Db } from './client';
import { logger } from '@/src/observability/logger';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const APP_ROLE = 'dealershipai_app';
export const SYSTEM_ROLE = 'dealershipai_system';

/**
 * Every setting is transaction-local (`set_config(..., true)`), so nothing outlives the
 * transaction on a pooled connection (PgBouncer/Supavisor transaction mode included).
 * Setting `role` also works on a connection that already logs in as that role.
 */
async function enter(tx: Tx, role: string, userId: string | null, tenantId: string | null): Promise<void> {
  await tx.execute(
    sql`select set_config('role', ${role}, true), set_config('app.user_id', ${userId ?? ''}, true), set_config('app.tenant_id', ${tenantId ?? ''}, true)`,
  );
}

/** Switch an open user transaction to a tenant the caller has just proven membership of. */
export async function enterTenant(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
}

/** Runs fn as the runtime role with one tenant set: RLS hides every other tenant. */
export async function withTenant<T>(
  scope: { tenantId: string; userId?: string | null },
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const db = await database();
  return db.app.transaction(async (tx) => {
    await enter(tx, APP_ROLE, scope.userId ?? null, scope.tenantId);
    return fn(tx);
  });
}

/**
 * Runs fn as the runtime role for a signed-in user, entered into the session's active tenant
 * when the user is still a member of it (else their oldest membership; null when none). With
 * `exact` (Clerk sessions: the token names the tenant) there is no fallback: that tenant or none.
 * A suspended tenant is never entered.
 */
export async function withMembership<T>(
  userId: string,
  activeTenantId: string | null,
  fn: (tx: Tx, membership: { tenantId: string; role: string; readOnly: boolean } | null) => Promise<T>,
  exact = false,
): Promise<T> {
  const db = await database();
  return db.app.transaction(async (tx) => {
    const { rows } = await tx.execute<{ tenant_id: string; role: string; read_only: boolean }>(
      sql`select tenant_id, role, read_only from app_enter_tenant(${userId}, ${activeTenantId}, ${exact})`,
    );
    const row = rows[0];
    return fn(tx, row ? { tenantId: row.tenant_id, role: row.role, readOnly: row.read_only } : null);
  });
}

/** Runs fn as the runtime role for a signed-in user with no tenant selected. */
export async function withUser<T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await database();
  return db.app.transaction(async (tx) => {
    await enter(tx, APP_ROLE, userId, null);
    return fn(tx);
  });
}

/**
 * The only way to cross tenants. The reason is logged so every use is visible and greppable.
 */
export async function withSystem<T>(reason: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await database();
  logger.debug({ reason }, 'withSystem');
  return db.system.transaction(async (tx) => {
    await enter(tx, SYSTEM_ROLE, null, null);
    return fn(tx);
  });
}
