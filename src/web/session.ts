import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { readSession, withPrincipal, type Principal, type SessionUser } from '@/src/auth/principal';
import { withTenant, type Tx } from '@/src/db/scope';
import { can, type Permission } from '@/src/access/permissions';

/** Server components: the signed-in user, or a redirect to sign-in. */
export async function requireUser(): Promise<SessionUser> {
  const user = await readSession(await headers());
  if (!user) redirect('/sign-in');
  return user;
}

export async function optionalUser(): Promise<SessionUser | null> {
  return readSession(await headers());
}

/** Server components: the principal in the active tenant, or a redirect to onboarding. */
export async function requirePrincipal(): Promise<Principal> {
  const user = await requireUser();
  const principal = await withPrincipal(user, async (_tx, p) => p);
  if (!principal) redirect('/onboarding');
  return principal;
}

/** Reads for a page, under the same RLS as the API. */
export function pageQuery<T>(principal: Principal, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withTenant({ tenantId: principal.tenantId, userId: principal.userId }, fn);
}

/** For showing or hiding actions; the API enforces the same matrix. */
export const allowed = (principal: Principal, permission: Permission) => can(principal.role, permission);
