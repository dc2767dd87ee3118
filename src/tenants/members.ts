import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { invitations, memberships, users } from '@/src/db/schema';
import type { Tx } from '@/src/db/scope';
import type { Principal } from '@/src/auth/principal';
import { problems, Problem } from '@/src/access/problem';
import { ROLES, type Role } from '@/src/access/permissions';
import { audited } from '@/src/audit';

export const MemberParams = z.object({ userId: z.uuid() }).strict();
export const RoleInput = z.object({ role: z.enum(ROLES) }).strict();

export async function listMembers(tx: Tx) {
  const members = await tx
    .select({
      userId: memberships.userId,
      name: users.name,
      email: users.email,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, sql`current_tenant_id()`))
    .orderBy(asc(memberships.createdAt));
  const pending = await tx
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.status, 'pending'), sql`${invitations.expiresAt} > now()`))
    .orderBy(asc(invitations.createdAt));
  return {
    members: members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() })),
    invitations: pending.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString() })),
  };
}

/**
 * Loads the target membership and the tenant's owners, locked, so two owners demoting each
 * other at the same moment cannot leave the tenant without one.
 */
async function lockTarget(tx: Tx, userId: string) {
  const owners = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.tenantId, sql`current_tenant_id()`), eq(memberships.role, 'owner')))
    .for('update');
  const [target] = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.tenantId, sql`current_tenant_id()`), eq(memberships.userId, userId)))
    .for('update');
  if (!target) throw problems.notFound('Member');
  return { target, ownerCount: owners.length };
}

const lastOwner = () =>
  new Problem(409, 'last_owner', 'A dealer group needs at least one owner. Make someone else owner first.');

function assertMayManage(actor: Principal, targetRole: Role, newRole?: Role) {
  if (actor.role === 'owner') return;
  if (targetRole === 'owner' || newRole === 'owner') throw problems.forbidden('Only an owner can change an owner.');
}

/** With Clerk, memberships are Clerk's: changed there, they reach us by webhook. */
function assertNotClerk(actor: Principal, detail: string) {
  if (actor.clerk) throw problems.managedByClerk(detail);
}

export async function changeRole(tx: Tx, actor: Principal, userId: string, role: Role) {
  assertNotClerk(actor, "Change members' roles in Clerk (organization settings → Members).");
  const { target, ownerCount } = await lockTarget(tx, userId);
  assertMayManage(actor, target.role, role);
  if (target.role === 'owner' && role !== 'owner' && ownerCount <= 1) throw lastOwner();
  await tx
    .update(memberships)
    .set({ role, updatedAt: sql`now()` })
    .where(and(eq(memberships.tenantId, actor.tenantId), eq(memberships.userId, userId)));
  return audited({ userId, role, previousRole: target.role }, { resource: { type: 'member', id: userId }, metadata: { changes: { role: { before: target.role, after: role } } } });
}

export async function removeMember(tx: Tx, actor: Principal, userId: string) {
  assertNotClerk(actor, 'Remove members in Clerk (organization settings → Members).');
  const { target, ownerCount } = await lockTarget(tx, userId);
  assertMayManage(actor, target.role);
  if (target.role === 'owner' && ownerCount <= 1) throw lastOwner();
  await tx.delete(memberships).where(and(eq(memberships.tenantId, actor.tenantId), eq(memberships.userId, userId)));
  return audited(undefined, { resource: { type: 'member', id: userId }, metadata: { before: { role: target.role } } });
}
