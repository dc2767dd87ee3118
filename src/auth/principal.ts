import { sql } from 'drizzle-orm';
import { enterTenant, type Tx } from '@/src/db/scope';
import { isRole, type Role } from '@/src/access/permissions';
import { auth } from './auth';

/** Who is calling, from the session only. */
export type SessionUser = {
  userId: string;
  sessionId: string;
  email: string;
  name: string;
  activeTenantId: string | null;
};

/** A signed-in user acting in one tenant with one role. */
export type Principal = SessionUser & { tenantId: string; role: Role };

export async function readSession(headers: Headers): Promise<SessionUser | null> {
  const result = await (await auth()).api.getSession({ headers });
  if (!result) return null;
  const session = result.session as typeof result.session & { activeTenantId?: string | null };
  return {
    userId: result.user.id,
    sessionId: session.id,
    email: result.user.email,
    name: result.user.name,
    activeTenantId: session.activeTenantId ?? null,
  };
}

/**
 * Inside a user transaction: find the membership for the session's active tenant (or, when
 * it is unset or no longer valid, the user's oldest membership), and switch the transaction
 * to that tenant. The tenant comes from the session and the memberships table, never from
 * the request.
 */
export async function enterActiveTenant(tx: Tx, user: SessionUser): Promise<Principal | null> {
  const { rows } = await tx.execute<{ tenant_id: string; role: string }>(sql`
    select tenant_id, role from memberships
    where user_id = ${user.userId}
    order by (tenant_id = ${user.activeTenantId}::uuid) desc nulls last, created_at, tenant_id
    limit 1`);
  const row = rows[0];
  if (!row || !isRole(row.role)) return null;
  await enterTenant(tx, row.tenant_id);
  return { ...user, tenantId: row.tenant_id, role: row.role };
}
