import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '@/src/db/schema';
import { withSystem, withUser } from '@/src/db/scope';
import type { SessionUser } from '@/src/auth/principal';
import { listUserTenants } from '@/src/tenants/tenants';
import { appendAudit, PLATFORM_TENANT_ID, type AuditActor } from '@/src/audit';
import { problems } from '@/src/access/problem';

export const ProfilePatch = z.object({ name: z.string().trim().min(1).max(120) }).strict();

export async function getProfile(user: SessionUser) {
  return withUser(user.userId, async (tx) => {
    const [me] = await tx.select({ id: users.id, email: users.email, emailVerified: users.emailVerified, name: users.name }).from(users).where(eq(users.id, user.userId));
    const tenants = await listUserTenants(tx, user.userId);
    // Same rule as the gate: the session's tenant when still a member, else the oldest membership
    // (Clerk sessions: the token's organization or none).
    const tenant = tenants.find((t) => t.id === user.activeTenantId) ?? (user.clerk ? null : (tenants[0] ?? null));
    return {
      id: user.userId,
      email: me?.email ?? user.email,
      emailVerified: me?.emailVerified ?? user.emailVerified,
      name: me?.name ?? user.name,
      tenant,
      tenants,
    };
  });
}

export async function updateProfile(user: SessionUser, actor: AuditActor, patch: z.infer<typeof ProfilePatch>) {
  // With Clerk the profile is Clerk's: a name changed there reaches us by user.updated.
  if (user.clerk) throw problems.managedByClerk('Change your name in Clerk (account settings).');
  // A person's own record is not tenant data: it is changed, and audited on the platform chain,
  // in one system transaction scoped to that one user id.
  await withSystem('update own profile', async (tx) => {
    const [before] = await tx.select({ name: users.name }).from(users).where(eq(users.id, user.userId)).for('update');
    await tx.update(users).set({ name: patch.name, updatedAt: sql`now()` }).where(eq(users.id, user.userId));
    await appendAudit(tx, PLATFORM_TENANT_ID, actor, {
      action: 'USER_UPDATED',
      resource: { type: 'user', id: user.userId },
      metadata: { changes: { name: { before: before?.name ?? null, after: patch.name } } },
    });
  });
  return getProfile({ ...user, name: patch.name });
}
