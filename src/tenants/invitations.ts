import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { invitations, memberships, tenants, users } from '@/src/db/schema';
import { withSystem, type Tx } from '@/src/db/scope';
import type { Principal, SessionUser } from '@/src/auth/principal';
import { Problem, problems } from '@/src/access/problem';
import { ROLES } from '@/src/access/permissions';
import { env } from '@/src/config/env';
import { setSessionTenant } from './tenants';
import { appendAudit, audited, type AuditActor } from '@/src/audit';
import { assertWithinLimit } from '@/src/billing/account';
import { sendEmail } from '@/src/email';

export const INVITATION_TTL_DAYS = 7;

export const InvitationInput = z
  .object({ email: z.email().max(254).transform((e) => e.toLowerCase()), role: z.enum(ROLES) })
  .strict();
export const InvitationParams = z.object({ id: z.uuid() }).strict();
export const AcceptInput = z.object({ token: z.string().min(20).max(200) }).strict();

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createInvitation(tx: Tx, actor: Principal, input: z.infer<typeof InvitationInput>) {
  if (actor.clerk) throw problems.managedByClerk("Invite people in Clerk (organization settings → Members); they join here when they accept.");
  if (input.role === 'owner' && actor.role !== 'owner') throw problems.forbidden('Only an owner can invite an owner.');
  const [existing] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, actor.tenantId), eq(users.email, input.email)));
  if (existing) throw problems.conflict(`${input.email} is already a member of this dealer group.`);
  await assertWithinLimit(tx, actor.tenantId, 'members');

  // A new link replaces any earlier pending one for the same address.
  await tx
    .update(invitations)
    .set({ status: 'revoked' })
    .where(and(eq(invitations.email, input.email), eq(invitations.status, 'pending')));
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 24 * 3600 * 1000);
  const [row] = await tx
    .insert(invitations)
    .values({ tenantId: actor.tenantId, email: input.email, role: input.role, tokenHash: hashToken(token), invitedBy: actor.userId, expiresAt })
    .returning({ id: invitations.id });
  const url = new URL(`/invite/${token}`, env().APP_URL).toString();
  const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, actor.tenantId));
  await sendEmail(tx, {
    tenantId: actor.tenantId,
    to: input.email,
    template: 'member_invitation',
    data: { inviterName: actor.name, tenantName: tenant?.name ?? 'a dealer group', role: input.role, acceptUrl: url, expiresAt },
    dedupeKey: `invitation:${row!.id}`,
  });
  return audited(
    { id: row!.id, url, email: input.email, role: input.role, expiresAt: expiresAt.toISOString() },
    { resource: { type: 'invitation', id: row!.id }, metadata: { email: input.email, role: input.role } },
  );
}

/** What the invite page shows before the visitor signs in; looked up by the secret token only. */
export async function previewInvitation(token: string) {
  return withSystem('preview invitation by token', async (tx) => {
    const [row] = await tx
      .select({
        id: invitations.id,
        email: invitations.email,
        role: invitations.role,
        status: invitations.status,
        expiresAt: invitations.expiresAt,
        tenantName: tenants.name,
      })
      .from(invitations)
      .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
      .where(eq(invitations.tokenHash, hashToken(token)));
    if (!row) return null;
    return { ...row, expired: row.expiresAt.getTime() < Date.now() };
  });
}

export async function acceptInvitation(user: SessionUser, actor: AuditActor, id: string, token: string) {
  if (user.clerk) throw problems.managedByClerk("Invitations are Clerk's: accept the invitation Clerk emailed you.");
  // The invitee is not yet a member of the tenant, so this is named cross-tenant work.
  return withSystem('accept invitation', async (tx) => {
    const [inv] = await tx.select().from(invitations).where(eq(invitations.id, id)).for('update');
    const given = Buffer.from(hashToken(token));
    if (!inv || !timingSafeEqual(given, Buffer.from(inv.tokenHash))) throw problems.notFound('Invitation');
    if (inv.status !== 'pending') throw new Problem(409, 'invitation_used', 'This invitation has already been used or revoked.');
    if (inv.expiresAt.getTime() < Date.now())
      throw new Problem(409, 'invitation_expired', 'This invitation has expired. Ask for a new one.');
    if (inv.email !== user.email.toLowerCase())
      throw problems.forbidden(`This invitation was sent to ${inv.email}. Sign in with that address to accept it.`);

    await tx
      .insert(memberships)
      .values({ tenantId: inv.tenantId, userId: user.userId, role: inv.role })
      .onConflictDoNothing();
    await tx
      .update(invitations)
      .set({ status: 'accepted', acceptedBy: user.userId, acceptedAt: sql`now()` })
      .where(eq(invitations.id, id));
    await setSessionTenant(tx, user, inv.tenantId);
    await appendAudit(tx, inv.tenantId, actor, {
      action: 'MEMBER_JOINED',
      resource: { type: 'member', id: user.userId },
      metadata: { invitationId: id, role: inv.role },
    });
    return { tenantId: inv.tenantId, role: inv.role };
  });
}
