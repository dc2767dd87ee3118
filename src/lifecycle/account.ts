import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withSystem } from '@/src/db/scope';
import type { SessionUser } from '@/src/auth/principal';
import { Problem, problems } from '@/src/access/problem';
import { appendAudit, PLATFORM_TENANT_ID, type AuditActor } from '@/src/audit';
import { verifyOwnPassword } from './password';

export const AccountDeletion = z.object({ password: z.string().min(1).max(128) }).strict();
export type AccountDeletion = z.infer<typeof AccountDeletion>;

const list = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

export function lastOwnerProblem(groups: { id: string; name: string }[]): Problem {
  const names = list(groups.map((g) => g.name));
  const one = groups.length === 1;
  return new Problem(
    409,
    'last_owner',
    `You are the only owner of ${names}. Before deleting your account, make another member owner of ${one ? 'it' : 'each of them'} (Settings → Members), or delete ${one ? 'the dealer group' : 'those dealer groups'} (Settings → Data).`,
    { extra: { dealerGroups: groups } },
  );
}

/**
 * DELETE /api/user/profile: a person deletes their own account. Refused while they are the only
 * owner of a dealer group (a group must keep an owner). Otherwise, in one system transaction: one
 * MEMBER_REMOVED per dealer group they leave (in that group's trail), their memberships, sessions,
 * credentials and pending idempotency records, the user row, and USER_DELETED on the platform
 * chain. Audit entries they wrote keep their id and name: the trail is append-only evidence.
 */
export async function deleteOwnAccount(user: SessionUser, actor: AuditActor, input: AccountDeletion): Promise<void> {
  // With Clerk the account is Clerk's: deleted there, its user.deleted webhook removes it here.
  if (user.clerk) throw problems.managedByClerk('Delete your account in Clerk (account settings); it is then removed here too.');
  await verifyOwnPassword(user, input.password, actor.ip);
  await withSystem('delete own account', async (tx) => {
    // Lock the owner rows of every group the user owns: a concurrent demotion of the other owner
    // waits, so the group cannot be left without one.
    const { rows: mine } = await tx.execute<{ tenant_id: string; role: string; name: string }>(sql`
      select m.tenant_id, m.role, t.name from memberships m join tenants t on t.id = m.tenant_id
      where m.user_id = ${user.userId} order by t.name, m.tenant_id for update of m`);
    const owned = mine.filter((m) => m.role === 'owner').map((m) => m.tenant_id);
    const { rows: owners } = await tx.execute<{ tenant_id: string }>(sql`
      select tenant_id from memberships where tenant_id = any(${sql.param(owned)}::uuid[]) and role = 'owner' for update`);
    const ownerCount = (tenantId: string) => owners.filter((o) => o.tenant_id === tenantId).length;
    const sole = mine.filter((m) => m.role === 'owner' && ownerCount(m.tenant_id) === 1);
    if (sole.length > 0) throw lastOwnerProblem(sole.map((m) => ({ id: m.tenant_id, name: m.name })));

    for (const m of mine) {
      await appendAudit(tx, m.tenant_id, actor, {
        action: 'MEMBER_REMOVED',
        resource: { type: 'member', id: user.userId },
        metadata: { before: { role: m.role }, reason: 'account_deleted' },
      });
    }
    await tx.execute(sql`delete from idempotency_keys where user_id = ${user.userId}`);
    await tx.execute(sql`delete from memberships where user_id = ${user.userId}`);
    await tx.execute(sql`delete from sessions where user_id = ${user.userId}`);
    await tx.execute(sql`delete from accounts where user_id = ${user.userId}`);
    // Foreign keys forget the person elsewhere: invitations they sent and reports they asked for
    // keep existing with no requester (ON DELETE SET NULL).
    await tx.execute(sql`delete from users where id = ${user.userId}`);
    await appendAudit(tx, PLATFORM_TENANT_ID, actor, {
      action: 'USER_DELETED',
      resource: { type: 'user', id: user.userId },
      metadata: { reason: 'own_request', dealerGroupsLeft: mine.length },
    });
  });
}
