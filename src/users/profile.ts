import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '@/src/db/schema';
import { withUser } from '@/src/db/scope';
import type { SessionUser } from '@/src/auth/principal';
import { listUserTenants } from '@/src/tenants/tenants';

export const ProfilePatch = z.object({ name: z.string().trim().min(1).max(120) }).strict();

export async function getProfile(user: SessionUser) {
  return withUser(user.userId, async (tx) => {
    const [me] = await tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, user.userId));
    const tenants = await listUserTenants(tx, user.userId);
    // Same rule as the gate: the session's tenant when still a member, else the oldest membership.
    const tenant = tenants.find((t) => t.id === user.activeTenantId) ?? tenants[0] ?? null;
    return { id: user.userId, email: me?.email ?? user.email, name: me?.name ?? user.name, tenant, tenants };
  });
}

export async function updateProfile(user: SessionUser, patch: z.infer<typeof ProfilePatch>) {
  await withUser(user.userId, (tx) =>
    tx.update(users).set({ name: patch.name, updatedAt: sql`now()` }).where(eq(users.id, user.userId)),
  );
  return getProfile({ ...user, name: patch.name });
}
