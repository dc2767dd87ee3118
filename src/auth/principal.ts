import { withMembership, type Tx } from '@/src/db/scope';
import { isRole, type Role } from '@/src/access/permissions';
import { clerkMode } from '@/src/config/env';
import { auth } from './auth';

/** Who is calling, from the session only. */
export type SessionUser = {
  userId: string;
  sessionId: string;
  email: string;
  /** The address is proven: a verification link was opened (built-in auth) or Clerk says so. */
  emailVerified: boolean;
  name: string;
  activeTenantId: string | null;
  /**
   * Set for Clerk sessions (src/auth/clerk): the token's organization is the only tenant the
   * session may act in (no fallback to another membership), and tenancy changes happen in Clerk.
   */
  clerk?: { userId: string; orgId: string | null };
};

/** A signed-in user acting in one tenant with one role. */
export type Principal = SessionUser & {
  tenantId: string;
  role: Role;
  /** Past due beyond the grace period: mutations are refused until the invoice is paid. */
  readOnly: boolean;
};

/**
 * The one place that turns a request into a SessionUser: a Clerk session token in Clerk mode
 * (CLERK_SECRET_KEY and CLERK_JWT_KEY set), otherwise the built-in session cookie.
 */
export async function readSession(headers: Headers): Promise<SessionUser | null> {
  if (clerkMode()) return (await import('./clerk/session')).readClerkSession(headers);
  const result = await (await auth()).api.getSession({ headers });
  if (!result) return null;
  const session = result.session as typeof result.session & { activeTenantId?: string | null };
  return {
    userId: result.user.id,
    sessionId: session.id,
    email: result.user.email,
    emailVerified: result.user.emailVerified,
    name: result.user.name,
    activeTenantId: session.activeTenantId ?? null,
  };
}

/** Runs fn in a transaction entered into the user's active tenant (see app_enter_tenant). */
export function withPrincipal<T>(user: SessionUser, fn: (tx: Tx, principal: Principal | null) => Promise<T>): Promise<T> {
  return withMembership(
    user.userId,
    user.activeTenantId,
    (tx, m) => fn(tx, m && isRole(m.role) ? { ...user, tenantId: m.tenantId, role: m.role, readOnly: m.readOnly } : null),
    Boolean(user.clerk),
  );
}
