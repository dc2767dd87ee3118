import { sql } from 'drizzle-orm';
import { withSystem, type Tx } from '@/src/db/scope';
import type { ClerkObjectKind } from '@/src/db/schema';
import { appendAudit, PLATFORM_TENANT_ID, type AuditActor } from '@/src/audit';
import { Problem } from '@/src/access/problem';
import type { SessionUser } from '@/src/auth/principal';
import { scheduleTenantDeletion } from '@/src/lifecycle/deletion';
import { logger } from '@/src/observability/logger';
import { roleFromClerk } from './roles';
import type { ClerkClaims } from './session';

/**
 * Keeps users, tenants and memberships in step with Clerk. Webhooks (./webhooks.ts), session
 * tokens (./session.ts) and onboarding (./onboarding.ts) all write through here, inside the
 * caller's system transaction, so each change and its audit entry commit together.
 *
 * Ordering: every Clerk object has a row in clerk_objects with the newest version applied
 * (Clerk's updated_at, a deletion's event time, or a token's iat, all in ms). Older or equal
 * versions change nothing ('stale'). A deleted user or organization stays deleted (Clerk never
 * reuses ids); a membership (org:user) may come back with a newer version. An event about an
 * object not seen yet (an update or delete before its create, a membership before its user or
 * organization) is deferred for up to an hour: nothing is written, the webhook answers 409 and
 * Clerk delivers it again later. Together these make any delivery order converge.
 */

export type ClerkUser = { id: string; email: string | null; emailVerified: boolean; name: string };
export type ClerkOrganization = { id: string; name: string; slug: string | null };
export type ClerkMembership = { orgId: string; userId: string; role: string | null };

export type SyncOutcome = 'applied' | 'stale' | 'ignored' | 'conflict';
export type SyncResult = { outcome: SyncOutcome; tenantId: string | null };

export type SyncContext = {
  actor: AuditActor;
  /** The webhook's svix-id, or null for a session or onboarding. */
  eventId: string | null;
  source: 'webhook' | 'session' | 'onboarding';
  /** When the change happened at Clerk (ms): events older than the deferral window are not deferred. */
  eventTime: number;
};

export const WEBHOOK_ACTOR: AuditActor = { type: 'webhook', id: 'clerk', name: 'Clerk' };
/** How long an event about an unknown object is sent back for redelivery instead of being applied or dropped. */
export const DEFER_WINDOW_MS = 60 * 60 * 1000;
/** Shown as "requested by" in the deletion notice when Clerk deleted the organization. */
export const DELETED_IN_CLERK = 'Clerk (the organization was deleted there)';

/** The event depends on an object not known yet: nothing is written, Clerk redelivers. */
export class Deferred extends Error {}

const result = (outcome: SyncOutcome, tenantId: string | null = null): SyncResult => ({ outcome, tenantId });

function deferUnlessOld(ctx: SyncContext, why: string): void {
  if (ctx.source === 'webhook' && Date.now() - ctx.eventTime < DEFER_WINDOW_MS) throw new Deferred(why);
}

// ---------------------------------------------------------------------------------------------
// Versions (clerk_objects)
// ---------------------------------------------------------------------------------------------

type Guard = { version: number; deleted: boolean };

/**
 * Locks the object's version row for this transaction, creating a placeholder when there is
 * none (so concurrent first sightings of one object queue behind each other). Returns the
 * version before this transaction, or null when the object was unknown. A rolled-back
 * transaction takes its placeholder with it; a committed one always leaves a real version.
 */
async function lockGuard(tx: Tx, kind: ClerkObjectKind, clerkId: string): Promise<Guard | null> {
  const inserted = await tx.execute(sql`
    insert into clerk_objects (kind, clerk_id, version) values (${kind}, ${clerkId}, -1)
    on conflict (kind, clerk_id) do nothing returning version`);
  if (inserted.rows.length > 0) return null;
  const { rows } = await tx.execute<{ version: string | number; deleted: boolean }>(sql`
    select version, deleted from clerk_objects where kind = ${kind} and clerk_id = ${clerkId} for update`);
  return { version: Number(rows[0]!.version), deleted: rows[0]!.deleted };
}

async function readGuard(tx: Tx, kind: ClerkObjectKind, clerkId: string): Promise<Guard | null> {
  const { rows } = await tx.execute<{ version: string | number; deleted: boolean }>(sql`
    select version, deleted from clerk_objects where kind = ${kind} and clerk_id = ${clerkId}`);
  return rows[0] ? { version: Number(rows[0].version), deleted: rows[0].deleted } : null;
}

async function setGuard(
  tx: Tx,
  kind: ClerkObjectKind,
  clerkId: string,
  version: number,
  deleted: boolean,
  eventId: string | null,
): Promise<void> {
  await tx.execute(sql`
    update clerk_objects set version = ${version}, deleted = ${deleted}, last_event_id = ${eventId}, recorded_at = now()
    where kind = ${kind} and clerk_id = ${clerkId}`);
}

/** Users and organizations: stale when deleted or not newer. Memberships may be re-created by a newer version. */
const isStale = (kind: ClerkObjectKind, guard: Guard | null, version: number) =>
  guard !== null && ((guard.deleted && kind !== 'membership') || guard.version >= version);

export const membershipKey = (orgId: string, userId: string) => `${orgId}:${userId}`;

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

type UserRow = { id: string; email: string; name: string; email_verified: boolean };

async function userRow(tx: Tx, clerkUserId: string, lock = false): Promise<UserRow | undefined> {
  const { rows } = await tx.execute<UserRow>(sql`
    select id, email, name, email_verified from users where clerk_user_id = ${clerkUserId} ${lock ? sql`for update` : sql``}`);
  return rows[0];
}

/**
 * Inserts the user, or links an existing account with the same email (moving from the built-in
 * auth to Clerk) when Clerk says the address is verified. An address held by another account
 * is a conflict: logged, nothing changed.
 */
async function createUserRow(
  tx: Tx,
  u: ClerkUser & { email: string },
  ctx: SyncContext,
): Promise<UserRow | 'conflict'> {
  const { rows: taken } = await tx.execute<UserRow & { clerk_user_id: string | null }>(sql`
    select id, email, name, email_verified, clerk_user_id from users where email = ${u.email} for update`);
  const existing = taken[0];
  if (existing) {
    if (existing.clerk_user_id !== null || !u.emailVerified) {
      logger.error(
        { clerkUserId: u.id, source: ctx.source },
        'clerk user not synced: its email address belongs to another account here',
      );
      return 'conflict';
    }
    await tx.execute(sql`
      update users set clerk_user_id = ${u.id}, name = ${u.name}, email_verified = true, updated_at = now() where id = ${existing.id}`);
    await appendAudit(tx, PLATFORM_TENANT_ID, actorFor(ctx, existing.id, u.name), {
      action: 'USER_UPDATED',
      resource: { type: 'user', id: existing.id },
      metadata: {
        linkedClerkUser: u.id,
        source: ctx.source,
        ...(existing.name !== u.name ? { changes: { name: { before: existing.name, after: u.name } } } : {}),
      },
    });
    return { ...existing, name: u.name, email_verified: true };
  }
  const { rows } = await tx.execute<UserRow>(sql`
    insert into users (name, email, email_verified, clerk_user_id) values (${u.name}, ${u.email}, ${u.emailVerified}, ${u.id})
    returning id, email, name, email_verified`);
  const row = rows[0]!;
  await appendAudit(tx, PLATFORM_TENANT_ID, actorFor(ctx, row.id, row.name), {
    action: 'USER_CREATED',
    resource: { type: 'user', id: row.id },
    metadata: { email: row.email, clerkUserId: u.id, source: ctx.source },
  });
  return row;
}

/** In a session, the person acts for themself; webhooks act as Clerk. */
function actorFor(ctx: SyncContext, userId: string, name: string): AuditActor {
  return ctx.source === 'session' && ctx.actor.id === null ? { ...ctx.actor, id: userId, name } : ctx.actor;
}

/** user.created / user.updated (mustBeKnown for updates). */
export async function applyUser(
  tx: Tx,
  u: ClerkUser,
  version: number,
  ctx: SyncContext,
  mustBeKnown: boolean,
): Promise<SyncResult> {
  const guard = await lockGuard(tx, 'user', u.id);
  if (isStale('user', guard, version)) return result('stale');
  if (!guard && mustBeKnown)
    deferUnlessOld(ctx, `user ${u.id} is not known yet (its user.created comes first)`);
  let outcome: SyncOutcome = 'applied';
  const row = await userRow(tx, u.id, true);
  if (!row) {
    // Clerk users without an email address cannot be represented here (email is required).
    if (!u.email) outcome = 'ignored';
    else if ((await createUserRow(tx, { ...u, email: u.email }, ctx)) === 'conflict') outcome = 'conflict';
  } else {
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    if (row.name !== u.name) changes.name = { before: row.name, after: u.name };
    if (u.email && row.email !== u.email) {
      const { rows: clash } = await tx.execute(
        sql`select 1 from users where email = ${u.email} and id <> ${row.id}`,
      );
      if (clash.length > 0) outcome = 'conflict';
      else changes.email = { before: row.email, after: u.email };
    }
    if (u.email && row.email_verified !== u.emailVerified && outcome !== 'conflict')
      changes.emailVerified = { before: row.email_verified, after: u.emailVerified };
    if (outcome !== 'conflict' && Object.keys(changes).length > 0) {
      await tx.execute(sql`
        update users set name = ${u.name}, email = ${u.email ?? row.email}, email_verified = ${u.email ? u.emailVerified : row.email_verified}, updated_at = now()
        where id = ${row.id}`);
      await appendAudit(tx, PLATFORM_TENANT_ID, ctx.actor, {
        action: 'USER_UPDATED',
        resource: { type: 'user', id: row.id },
        metadata: { changes, source: ctx.source },
      });
    }
  }
  await setGuard(tx, 'user', u.id, version, false, ctx.eventId);
  return result(outcome);
}

/**
 * user.deleted: the person leaves every dealer group (MEMBER_REMOVED in each group's trail),
 * their account goes, and USER_DELETED lands on the platform chain. Clerk has already deleted
 * them, so this follows even when they were a group's only owner (logged).
 */
export async function applyUserDeleted(
  tx: Tx,
  clerkUserId: string,
  version: number,
  ctx: SyncContext,
): Promise<SyncResult> {
  const guard = await lockGuard(tx, 'user', clerkUserId);
  if (isStale('user', guard, version)) return result('stale');
  if (!guard) deferUnlessOld(ctx, `user ${clerkUserId} is not known yet (its user.created comes first)`);
  const row = await userRow(tx, clerkUserId, true);
  if (row) {
    const { rows: groups } = await tx.execute<{ tenant_id: string; role: string }>(sql`
      select tenant_id, role from memberships where user_id = ${row.id} order by tenant_id for update`);
    for (const g of groups) {
      if (g.role === 'owner') {
        const { rows: owners } = await tx.execute<{ n: number }>(sql`
          select count(*)::int as n from memberships where tenant_id = ${g.tenant_id} and role = 'owner'`);
        if (owners[0]!.n <= 1)
          logger.warn({ tenantId: g.tenant_id }, 'the only owner of a dealer group was deleted in Clerk');
      }
      await appendAudit(tx, g.tenant_id, ctx.actor, {
        action: 'MEMBER_REMOVED',
        resource: { type: 'member', id: row.id },
        metadata: { before: { role: g.role }, reason: 'clerk_user_deleted', source: ctx.source },
      });
    }
    await tx.execute(sql`delete from idempotency_keys where user_id = ${row.id}`);
    await tx.execute(sql`delete from memberships where user_id = ${row.id}`);
    await tx.execute(sql`delete from sessions where user_id = ${row.id}`);
    await tx.execute(sql`delete from accounts where user_id = ${row.id}`);
    await tx.execute(sql`delete from users where id = ${row.id}`);
    await appendAudit(tx, PLATFORM_TENANT_ID, ctx.actor, {
      action: 'USER_DELETED',
      resource: { type: 'user', id: row.id },
      metadata: {
        clerkUserId,
        reason: 'clerk_user_deleted',
        dealerGroupsLeft: groups.length,
        source: ctx.source,
      },
    });
  }
  await setGuard(tx, 'user', clerkUserId, version, true, ctx.eventId);
  return result(row ? 'applied' : 'ignored');
}

// ---------------------------------------------------------------------------------------------
// Organizations (tenants)
// ---------------------------------------------------------------------------------------------

async function tenantRow(
  tx: Tx,
  clerkOrgId: string,
  lock = false,
): Promise<{ id: string; name: string; suspended_at: Date | null } | undefined> {
  const { rows } = await tx.execute<{ id: string; name: string; suspended_at: Date | null }>(sql`
    select id, name, suspended_at from tenants where clerk_org_id = ${clerkOrgId} ${lock ? sql`for update` : sql``}`);
  return rows[0];
}

/** A new tenant for the organization, on the free plan, TENANT_CREATED in its own trail. */
async function createTenantRow(tx: Tx, o: ClerkOrganization, ctx: SyncContext): Promise<string> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    insert into tenants (name, clerk_org_id) values (${o.name}, ${o.id}) returning id`);
  const tenantId = rows[0]!.id;
  await tx.execute(sql`
    insert into billing_accounts (tenant_id, plan, status) values (${tenantId}, 'free', 'none') on conflict (tenant_id) do nothing`);
  await appendAudit(tx, tenantId, ctx.actor, {
    action: 'TENANT_CREATED',
    resource: { type: 'tenant', id: tenantId },
    metadata: { name: o.name, clerkOrganizationId: o.id, source: ctx.source },
  });
  return tenantId;
}

/** organization.created / organization.updated (mustBeKnown for updates). */
export async function applyOrganization(
  tx: Tx,
  o: ClerkOrganization,
  version: number,
  ctx: SyncContext,
  mustBeKnown: boolean,
): Promise<SyncResult> {
  const guard = await lockGuard(tx, 'organization', o.id);
  if (isStale('organization', guard, version))
    return result('stale', (await tenantRow(tx, o.id))?.id ?? null);
  if (!guard && mustBeKnown)
    deferUnlessOld(ctx, `organization ${o.id} is not known yet (its organization.created comes first)`);
  const tenant = await tenantRow(tx, o.id, true);
  let tenantId: string | null = tenant?.id ?? null;
  let outcome: SyncOutcome = 'applied';
  if (!tenant) {
    // Known but gone: deleted here on purpose (after Clerk deleted it); never re-created.
    if (guard) outcome = 'ignored';
    else tenantId = await createTenantRow(tx, o, ctx);
  } else if (tenant.name !== o.name) {
    await tx.execute(sql`update tenants set name = ${o.name}, updated_at = now() where id = ${tenant.id}`);
    await appendAudit(tx, tenant.id, ctx.actor, {
      action: 'TENANT_UPDATED',
      resource: { type: 'tenant', id: tenant.id },
      metadata: { changes: { name: { before: tenant.name, after: o.name } }, source: ctx.source },
    });
  }
  await setGuard(tx, 'organization', o.id, version, false, ctx.eventId);
  return result(outcome, tenantId);
}

/**
 * organization.deleted: the tenant is suspended at once (the database refuses to enter it) and
 * its deletion is scheduled through the lifecycle path (grace period, owner notices, then the
 * deletion job). TENANT_SUSPENDED and TENANT_DELETION_REQUESTED are audited.
 */
export async function applyOrganizationDeleted(
  tx: Tx,
  clerkOrgId: string,
  version: number,
  ctx: SyncContext,
): Promise<SyncResult> {
  const guard = await lockGuard(tx, 'organization', clerkOrgId);
  if (isStale('organization', guard, version))
    return result('stale', (await tenantRow(tx, clerkOrgId))?.id ?? null);
  if (!guard)
    deferUnlessOld(ctx, `organization ${clerkOrgId} is not known yet (its organization.created comes first)`);
  const tenant = await tenantRow(tx, clerkOrgId, true);
  if (tenant && !tenant.suspended_at) {
    await tx.execute(
      sql`update tenants set suspended_at = now(), updated_at = now() where id = ${tenant.id}`,
    );
    await appendAudit(tx, tenant.id, ctx.actor, {
      action: 'TENANT_SUSPENDED',
      resource: { type: 'tenant', id: tenant.id },
      metadata: { reason: 'clerk_organization_deleted', clerkOrganizationId: clerkOrgId, source: ctx.source },
    });
    await scheduleTenantDeletion(tx, tenant.id, { userId: null, name: DELETED_IN_CLERK }, ctx.actor, {
      reason: 'clerk_organization_deleted',
      clerkOrganizationId: clerkOrgId,
    });
  }
  await setGuard(tx, 'organization', clerkOrgId, version, true, ctx.eventId);
  return result(tenant ? 'applied' : 'ignored', tenant?.id ?? null);
}

// ---------------------------------------------------------------------------------------------
// Memberships
// ---------------------------------------------------------------------------------------------

/** The user and tenant a membership joins; defers while either is unknown, 'stale' when one was deleted. */
async function endsOf(
  tx: Tx,
  m: { orgId: string; userId: string },
  ctx: SyncContext,
): Promise<{ userId: string; tenantId: string } | SyncResult> {
  const user = await userRow(tx, m.userId);
  const tenant = await tenantRow(tx, m.orgId);
  if (user && tenant) return { userId: user.id, tenantId: tenant.id };
  if (
    (!user && (await readGuard(tx, 'user', m.userId))?.deleted) ||
    (!tenant && (await readGuard(tx, 'organization', m.orgId))?.deleted)
  )
    return result('stale', tenant?.id ?? null);
  deferUnlessOld(
    ctx,
    `membership ${membershipKey(m.orgId, m.userId)} waits for its ${user ? 'organization' : 'user'}`,
  );
  return result('ignored', tenant?.id ?? null);
}

/** organizationMembership.created / .updated (mustBeKnown for updates), and the session's org_role. */
export async function applyMembership(
  tx: Tx,
  m: ClerkMembership,
  version: number,
  ctx: SyncContext,
  mustBeKnown: boolean,
): Promise<SyncResult> {
  const ends = await endsOf(tx, m, ctx);
  if ('outcome' in ends) return ends;
  const key = membershipKey(m.orgId, m.userId);
  const guard = await lockGuard(tx, 'membership', key);
  if (isStale('membership', guard, version)) return result('stale', ends.tenantId);
  if (!guard && mustBeKnown)
    deferUnlessOld(ctx, `membership ${key} is not known yet (its created event comes first)`);
  const role = roleFromClerk(m.role);
  const { rows } = await tx.execute<{ role: string }>(sql`
    select role from memberships where tenant_id = ${ends.tenantId} and user_id = ${ends.userId} for update`);
  const before = rows[0]?.role;
  if (!before) {
    await tx.execute(
      sql`insert into memberships (tenant_id, user_id, role) values (${ends.tenantId}, ${ends.userId}, ${role})`,
    );
    await appendAudit(tx, ends.tenantId, ctx.actor, {
      action: 'MEMBER_JOINED',
      resource: { type: 'member', id: ends.userId },
      metadata: { role, clerkRole: m.role, source: ctx.source },
    });
  } else if (before !== role) {
    await tx.execute(sql`
      update memberships set role = ${role}, updated_at = now() where tenant_id = ${ends.tenantId} and user_id = ${ends.userId}`);
    await appendAudit(tx, ends.tenantId, ctx.actor, {
      action: 'MEMBER_ROLE_CHANGED',
      resource: { type: 'member', id: ends.userId },
      metadata: { changes: { role: { before, after: role } }, clerkRole: m.role, source: ctx.source },
    });
  }
  await setGuard(tx, 'membership', key, version, false, ctx.eventId);
  return result('applied', ends.tenantId);
}

/** organizationMembership.deleted. Clerk decides: the last owner is removed too (logged). */
export async function applyMembershipDeleted(
  tx: Tx,
  m: { orgId: string; userId: string },
  version: number,
  ctx: SyncContext,
): Promise<SyncResult> {
  const key = membershipKey(m.orgId, m.userId);
  const guard = await lockGuard(tx, 'membership', key);
  const tenantId = (await tenantRow(tx, m.orgId))?.id ?? null;
  if (isStale('membership', guard, version)) return result('stale', tenantId);
  if (!guard) deferUnlessOld(ctx, `membership ${key} is not known yet (its created event comes first)`);
  const user = await userRow(tx, m.userId);
  let removed = false;
  if (user && tenantId) {
    const { rows } = await tx.execute<{ role: string }>(sql`
      delete from memberships where tenant_id = ${tenantId} and user_id = ${user.id} returning role`);
    const before = rows[0]?.role;
    if (before) {
      removed = true;
      if (before === 'owner') {
        const { rows: owners } = await tx.execute<{ n: number }>(
          sql`select count(*)::int as n from memberships where tenant_id = ${tenantId} and role = 'owner'`,
        );
        if (owners[0]!.n === 0)
          logger.warn({ tenantId }, 'the last owner of a dealer group was removed in Clerk');
      }
      await appendAudit(tx, tenantId, ctx.actor, {
        action: 'MEMBER_REMOVED',
        resource: { type: 'member', id: user.id },
        metadata: { before: { role: before }, reason: 'clerk_membership_deleted', source: ctx.source },
      });
    }
  }
  await setGuard(tx, 'membership', key, version, true, ctx.eventId);
  return result(removed ? 'applied' : 'ignored', tenantId);
}

// ---------------------------------------------------------------------------------------------
// Sessions: the verified token → our user and tenant
// ---------------------------------------------------------------------------------------------

type SessionRow = {
  user_id: string | null;
  email: string | null;
  email_verified: boolean | null;
  name: string | null;
  user_deleted: boolean | null;
  tenant_id: string | null;
  org_deleted: boolean | null;
  member_role: string | null;
  member_version: string | number | null;
};

/**
 * Maps a verified token onto our rows, filling gaps just in time (the webhook may not have
 * arrived yet): the user from the token's email/name claims, the tenant for its organization,
 * and the membership with the token's org_role. Each is written only when missing or older than
 * the token (iat), through the same versioned path as webhooks, so a token never undoes a newer
 * webhook and a removed membership is not brought back by a token issued before the removal.
 * Entry itself stays with the database (app_enter_tenant). Null for a deleted user.
 */
export async function sessionUserFor(c: ClerkClaims): Promise<SessionUser | null> {
  return withSystem('clerk session: map the token to our user and tenant', async (tx) => {
    const orgId = c.org?.id ?? null;
    const { rows } = await tx.execute<SessionRow>(sql`
      select u.id as user_id, u.email, u.email_verified, u.name, gu.deleted as user_deleted,
             t.id as tenant_id, go.deleted as org_deleted, m.role as member_role, gm.version as member_version
      from (values (1)) as one(x)
      left join users u on u.clerk_user_id = ${c.userId}
      left join clerk_objects gu on gu.kind = 'user' and gu.clerk_id = ${c.userId}
      left join tenants t on t.clerk_org_id = ${orgId}
      left join clerk_objects go on go.kind = 'organization' and go.clerk_id = ${orgId}
      left join memberships m on m.tenant_id = t.id and m.user_id = u.id
      left join clerk_objects gm on gm.kind = 'membership' and gm.clerk_id = ${orgId ? membershipKey(orgId, c.userId) : null}`);
    const r = rows[0]!;
    if (r.user_deleted) return null;
    const ctx: SyncContext = {
      actor: { type: 'user', id: r.user_id, name: r.name },
      eventId: null,
      source: 'session',
      eventTime: c.issuedAt * 1000,
    };

    const user = r.user_id
      ? { id: r.user_id, email: r.email!, name: r.name!, email_verified: r.email_verified === true }
      : await userFromSession(tx, c, ctx);
    if (!user) return null;
    ctx.actor = { type: 'user', id: user.id, name: user.name };

    let tenantId: string | null = null;
    if (c.org && !r.org_deleted) {
      tenantId = r.tenant_id ?? (await tenantFromSession(tx, c.org, ctx));
      const role = roleFromClerk(c.org.role);
      const version = c.issuedAt * 1000;
      const newer = r.member_version === null || Number(r.member_version) < version;
      if (tenantId && r.member_role !== role && newer) {
        await applyMembership(
          tx,
          { orgId: c.org.id, userId: c.userId, role: c.org.role },
          version,
          ctx,
          false,
        );
      }
    }
    return {
      userId: user.id,
      sessionId: c.sessionId,
      email: user.email,
      emailVerified: user.email_verified,
      name: user.name,
      activeTenantId: tenantId,
      clerk: { userId: c.userId, orgId },
    };
  });
}

/** First request before user.created arrived: the user from the token's custom claims, or a clear 503. */
async function userFromSession(
  tx: Tx,
  c: ClerkClaims,
  ctx: SyncContext,
): Promise<UserRow | null> {
  const guard = await lockGuard(tx, 'user', c.userId);
  if (guard?.deleted) return null;
  // Version 0: whatever the webhook says next is newer than what the token told us.
  if (!guard) await setGuard(tx, 'user', c.userId, 0, false, null);
  // A concurrent request may have created it while this one waited for the lock.
  const row = await userRow(tx, c.userId, true);
  if (row) return row;
  if (!c.email)
    throw new Problem(
      503,
      'clerk_user_pending',
      'Your Clerk account has not reached DealershipAI yet (its user.created webhook is on its way). Try again in a few seconds.',
      { headers: { 'Retry-After': '5' } },
    );
  const created = await createUserRow(
    tx,
    { id: c.userId, email: c.email, emailVerified: c.emailVerified, name: c.name ?? c.email.split('@')[0]! },
    ctx,
  );
  if (created === 'conflict')
    throw new Problem(
      409,
      'email_in_use',
      `An account with ${c.email} already exists here and is not linked to this Clerk user.`,
    );
  return created;
}

/** First request in an organization not yet announced by webhook: its tenant, named from the token. */
async function tenantFromSession(
  tx: Tx,
  org: NonNullable<ClerkClaims['org']>,
  ctx: SyncContext,
): Promise<string | null> {
  const guard = await lockGuard(tx, 'organization', org.id);
  if (guard?.deleted) return null;
  if (!guard) await setGuard(tx, 'organization', org.id, 0, false, null);
  const tenant = await tenantRow(tx, org.id, true);
  if (tenant) return tenant.id;
  // Known but gone (deleted here on purpose): never re-created from a token.
  if (guard) return null;
  return createTenantRow(tx, { id: org.id, name: org.name ?? org.slug ?? org.id, slug: org.slug }, ctx);
}
