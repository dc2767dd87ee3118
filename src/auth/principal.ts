import { withMembership, type Tx } from '@/src/db/scope';
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
export type Principal = SessionUser & {
  tenantId: string;
  role: Role;
  /** Past due beyond the grace period: mutations are refused until the invoice is paid. */
  readOnly: boolean;
};

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

/** Runs fn in a transaction entered into the user's active tenant (see app_enter_tenant). */
export function withPrincipal<T>(user: SessionUser, fn: (tx: Tx, principal: Principal | null) => Promise<T>): Promise<T> {
  return withMembership(user.userId, user.activeTenantId, (tx, m) =>
    fn(tx, m && isRole(m.role) ? { ...user, tenantId: m.tenantId, role: m.role, readOnly: m.readOnly } : null),
  );
}
