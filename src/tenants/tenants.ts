import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { billingAccounts, memberships, sessions, tenants } from '@/src/db/schema';
import { enterTenant, withUser, type Tx } from '@/src/db/scope';
import type { SessionUser } from '@/src/auth/principal';
import { problems } from '@/src/access/problem';
import type { Role } from '@/src/access/permissions';
import { appendAudit, type AuditActor } from '@/src/audit';

export const TenantInput = z.object({ name: z.string().trim().min(2).max(120) }).strict();
export const ActiveTenantInput = z.object({ tenantId: z.uuid() }).strict();

export type TenantSummary = { id: string; name: string; role: Role };

/** The user's dealer groups, oldest membership first (the default active tenant); suspended ones are left out. */
export async function listUserTenants(tx: Tx, userId: string): Promise<TenantSummary[]> {
  return tx
    .select({ id: tenants.id, name: tenants.name, role: memberships.role })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.userId, userId), isNull(tenants.suspendedAt)))
    .orderBy(asc(memberships.createdAt), asc(memberships.tenantId));
}

/**
 * Founds a dealer group with the caller as owner and makes it the session's active tenant. With
 * Clerk, the group is a Clerk organization created for the caller (src/auth/clerk/onboarding.ts).
 */
export async function createTenant(user: SessionUser, actor: AuditActor, name: string): Promise<TenantSummary & { clerkOrganizationId?: string }> {
  if (user.clerk) {
    const { createClerkTenant } = await import('@/src/auth/clerk/onboarding');
    return createClerkTenant({ ...user, clerk: user.clerk }, actor, name);
  }
  return withUser(user.userId, async (tx) => {
    const id = randomUUID();
    await enterTenant(tx, id);
    await tx.insert(tenants).values({ id, name });
    await tx.insert(memberships).values({ tenantId: id, userId: user.userId, role: 'owner' });
    await tx.insert(billingAccounts).values({ tenantId: id, plan: 'free', status: 'none' });
    await setSessionTenant(tx, user, id);
    await appendAudit(tx, id, actor, { action: 'TENANT_CREATED', resource: { type: 'tenant', id }, metadata: { name } });
    return { id, name, role: 'owner' as const };
  });
}

export async function switchActiveTenant(user: SessionUser, tenantId: string): Promise<TenantSummary> {
  if (user.clerk) throw problems.managedByClerk("Switch the active organization in Clerk: the session token names the dealer group you act in.");
  return withUser(user.userId, async (tx) => {
    const match = (await listUserTenants(tx, user.userId)).find((t) => t.id === tenantId);
    // Not a member: the tenant's existence is not confirmed.
    if (!match) throw problems.notFound('Dealer group');
    await setSessionTenant(tx, user, tenantId);
    return match;
  });
}

export async function setSessionTenant(tx: Tx, user: SessionUser, tenantId: string): Promise<void> {
  // Clerk sessions carry their organization in the token: there is no session row to change.
  if (user.clerk) return;
  await tx
    .update(sessions)
    .set({ activeTenantId: tenantId })
    .where(and(eq(sessions.id, user.sessionId), eq(sessions.userId, user.userId)));
}

export async function renameTenant(tx: Tx, tenantId: string, name: string) {
  await tx.update(tenants).set({ name, updatedAt: sql`now()` }).where(eq(tenants.id, tenantId));
}
