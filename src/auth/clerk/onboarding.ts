import { createClerkClient } from '@clerk/backend';
import { sql } from 'drizzle-orm';
import { withSystem } from '@/src/db/scope';
import { env } from '@/src/config/env';
import { Problem, problems } from '@/src/access/problem';
import type { Role } from '@/src/access/permissions';
import type { AuditActor } from '@/src/audit';
import type { SessionUser } from '@/src/auth/principal';
import { logger } from '@/src/observability/logger';
import { applyMembership, applyOrganization, type SyncContext } from './sync';

/** How long one organization creation may hold its lease before another request may take over. */
const LEASE_SECONDS = 60;

/** Clerk's Backend API (CLERK_API_URL; tests point it at a local server), without telemetry. */
export const clerkApi = () => {
  const e = env();
  return createClerkClient({
    secretKey: e.CLERK_SECRET_KEY,
    apiUrl: e.CLERK_API_URL,
    telemetry: { disabled: true },
  });
};

/**
 * POST /api/tenants in Clerk mode: a dealer group of one's own is a Clerk organization created
 * for the caller through the Backend API (they become its member with the instance's creator
 * role), recorded here in the same request through the webhook path, so the organization.created
 * and organizationMembership.created webhooks that follow change nothing. A lease per Clerk user
 * (clerk_objects 'org_creation', a primary key) makes concurrent requests create one
 * organization, not two; the loser gets 409 with Retry-After. The session acts in the new group
 * once Clerk's frontend makes it the active organization (docs/auth.md).
 */
export async function createClerkTenant(
  user: SessionUser & { clerk: NonNullable<SessionUser['clerk']> },
  actor: AuditActor,
  name: string,
): Promise<{ id: string; name: string; role: Role; clerkOrganizationId: string }> {
  const clerkUserId = user.clerk.userId;
  const leased = await withSystem('clerk onboarding: take the organization creation lease', async (tx) => {
    const { rows } = await tx.execute(sql`
      insert into clerk_objects (kind, clerk_id, version) values ('org_creation', ${clerkUserId}, ${Date.now()})
      on conflict (kind, clerk_id) do update set version = excluded.version, recorded_at = now()
      where clerk_objects.recorded_at < now() - make_interval(secs => ${LEASE_SECONDS})
      returning 1`);
    return rows.length > 0;
  });
  if (!leased)
    throw new Problem(
      409,
      'tenant_creation_in_flight',
      'Your dealer group is being created. Try again in a few seconds.',
      { headers: { 'Retry-After': '5' } },
    );
  try {
    const { org, membership } = await createInClerk(name, clerkUserId);
    return await withSystem('clerk onboarding: record the new organization', async (tx) => {
      const ctx: SyncContext = { actor, eventId: null, source: 'onboarding', eventTime: Date.now() };
      const { tenantId } = await applyOrganization(
        tx,
        { id: org.id, name: org.name, slug: org.slug },
        org.updatedAt,
        ctx,
        false,
      );
      if (membership)
        await applyMembership(
          tx,
          { orgId: org.id, userId: clerkUserId, role: membership.role },
          membership.updatedAt,
          ctx,
          false,
        );
      const { rows } = await tx.execute<{ id: string; name: string; role: Role | null }>(sql`
        select t.id, t.name, m.role from tenants t left join memberships m on m.tenant_id = t.id and m.user_id = ${user.userId}
        where t.id = ${tenantId}`);
      const row = rows[0];
      if (!row?.role)
        throw new Error(
          `clerk organization ${org.id} was created but is not recorded with its creator as a member`,
        );
      return { id: row.id, name: row.name, role: row.role, clerkOrganizationId: org.id };
    });
  } finally {
    await withSystem('clerk onboarding: release the lease', (tx) =>
      tx.execute(sql`delete from clerk_objects where kind = 'org_creation' and clerk_id = ${clerkUserId}`),
    ).catch((err) => logger.error({ err }, 'clerk: could not release the organization creation lease'));
  }
}

/** The organization, created with the caller as its creator, and the caller's membership of it. */
async function createInClerk(name: string, clerkUserId: string) {
  const api = clerkApi();
  try {
    const org = await api.organizations.createOrganization({ name, createdBy: clerkUserId });
    const { data } = await api.organizations.getOrganizationMembershipList({
      organizationId: org.id,
      userId: [clerkUserId],
    });
    const membership = data.find((m) => m.publicUserData?.userId === clerkUserId);
    return { org, membership };
  } catch (err) {
    logger.error({ err }, 'clerk: creating the organization failed');
    throw problems.unavailable('Clerk could not create the organization. Try again shortly.');
  }
}
