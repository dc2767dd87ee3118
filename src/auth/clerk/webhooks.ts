import { Webhook } from 'standardwebhooks';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { webhookEvents } from '@/src/db/schema';
import { withSystem, type Tx } from '@/src/db/scope';
import { Problem } from '@/src/access/problem';
import { env } from '@/src/config/env';
import {
  applyMembership,
  applyMembershipDeleted,
  applyOrganization,
  applyOrganizationDeleted,
  applyUser,
  applyUserDeleted,
  Deferred,
  WEBHOOK_ACTOR,
  type ClerkUser,
  type SyncContext,
  type SyncResult,
} from './sync';

/**
 * Clerk webhooks (POST /api/clerk/webhook), delivered by Svix: the signature is checked over the
 * raw body (HMAC-SHA256 of "<svix-id>.<svix-timestamp>.<body>" with the secret after `whsec_`; any
 * of several space-separated signatures may match, for secret rotation; the timestamp must be
 * within 5 minutes). Verified with `standardwebhooks` (the current `svix` package needs Node 22).
 */

export type ClerkOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored' | 'conflict';

/** The events handled; any other type is recorded in the inbox as 'ignored' and acknowledged. */
export const HANDLED_EVENTS = [
  'user.created',
  'user.updated',
  'user.deleted',
  'organization.created',
  'organization.updated',
  'organization.deleted',
  'organizationMembership.created',
  'organizationMembership.updated',
  'organizationMembership.deleted',
] as const;

const Envelope = z.object({
  type: z.string().min(1).max(200),
  data: z.record(z.string(), z.unknown()),
  object: z.string().optional(),
  /** When the event happened at Clerk (ms). */
  timestamp: z.number().optional(),
});

export type ClerkEvent = {
  /** svix-id: the same for every delivery attempt of one message. */
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** Event time in ms: the envelope's timestamp, else the first signature's timestamp. */
  time: number;
};

const badSignature = (detail = 'The svix signature does not match this payload, or it is too old.') =>
  new Problem(400, 'invalid_signature', detail);

/** Verifies the svix headers over the raw body; anything wrong is a 400 and nothing is written. */
export function verifyClerkWebhook(rawBody: string, headers: Headers): ClerkEvent {
  const secret = env().CLERK_WEBHOOK_SIGNING_SECRET;
  if (!secret)
    throw new Problem(
      503,
      'clerk_not_configured',
      'Clerk webhooks are not configured (CLERK_WEBHOOK_SIGNING_SECRET).',
    );
  const id = headers.get('svix-id');
  const timestamp = headers.get('svix-timestamp');
  const signature = headers.get('svix-signature');
  if (!id || !timestamp || !signature)
    throw badSignature('Missing svix-id, svix-timestamp or svix-signature header.');
  let verifier: Webhook;
  try {
    verifier = new Webhook(secret);
  } catch {
    throw new Problem(
      503,
      'clerk_not_configured',
      'CLERK_WEBHOOK_SIGNING_SECRET is not a valid signing secret (whsec_…).',
    );
  }
  let payload: unknown;
  try {
    payload = verifier.verify(rawBody, {
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': signature,
    });
  } catch {
    throw badSignature();
  }
  const parsed = Envelope.safeParse(payload);
  if (!parsed.success) throw new Problem(400, 'invalid_event', 'The payload is not a Clerk event.');
  return {
    id,
    type: parsed.data.type,
    data: parsed.data.data,
    time: parsed.data.timestamp ?? Number(timestamp) * 1000,
  };
}

// ---- payload → our shapes -------------------------------------------------------------------

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

function userFrom(d: Record<string, unknown>): ClerkUser | null {
  const id = str(d.id);
  if (!id) return null;
  const emails = Array.isArray(d.email_addresses) ? d.email_addresses.map(rec) : [];
  const primary = emails.find((e) => e.id === d.primary_email_address_id) ?? emails[0];
  const email = str(primary?.email_address)?.toLowerCase() ?? null;
  const name =
    [str(d.first_name), str(d.last_name)].filter(Boolean).join(' ') ||
    str(d.username) ||
    email?.split('@')[0] ||
    id;
  return { id, email, emailVerified: rec(primary?.verification).status === 'verified', name };
}

function membershipEnds(d: Record<string, unknown>): { orgId: string; userId: string } | null {
  const orgId = str(rec(d.organization).id);
  const userId = str(rec(d.public_user_data).user_id);
  return orgId && userId ? { orgId, userId } : null;
}

/** The version of a created/updated object: its updated_at (ms), else the event time. */
const versionOf = (d: Record<string, unknown>, e: ClerkEvent) =>
  typeof d.updated_at === 'number' ? d.updated_at : e.time;
/** A deletion happens at the event's time, after every version of the object. */
const deletionVersion = (d: Record<string, unknown>, e: ClerkEvent) =>
  Math.max(e.time, typeof d.updated_at === 'number' ? d.updated_at : 0);

async function apply(tx: Tx, e: ClerkEvent, ctx: SyncContext): Promise<SyncResult> {
  const d = e.data;
  const ignored: SyncResult = { outcome: 'ignored', tenantId: null };
  switch (e.type) {
    case 'user.created':
    case 'user.updated': {
      const u = userFrom(d);
      return u ? applyUser(tx, u, versionOf(d, e), ctx, e.type === 'user.updated') : ignored;
    }
    case 'user.deleted':
      return str(d.id) ? applyUserDeleted(tx, str(d.id)!, deletionVersion(d, e), ctx) : ignored;
    case 'organization.created':
    case 'organization.updated': {
      const id = str(d.id);
      if (!id) return ignored;
      return applyOrganization(
        tx,
        { id, name: str(d.name) ?? str(d.slug) ?? id, slug: str(d.slug) },
        versionOf(d, e),
        ctx,
        e.type === 'organization.updated',
      );
    }
    case 'organization.deleted':
      return str(d.id) ? applyOrganizationDeleted(tx, str(d.id)!, deletionVersion(d, e), ctx) : ignored;
    case 'organizationMembership.created':
    case 'organizationMembership.updated': {
      const ends = membershipEnds(d);
      if (!ends) return ignored;
      return applyMembership(
        tx,
        { ...ends, role: str(d.role) },
        versionOf(d, e),
        ctx,
        e.type === 'organizationMembership.updated',
      );
    }
    case 'organizationMembership.deleted': {
      const ends = membershipEnds(d);
      return ends ? applyMembershipDeleted(tx, ends, deletionVersion(d, e), ctx) : ignored;
    }
    default:
      return ignored;
  }
}

/**
 * What the inbox keeps of an event: ids, versions and roles, enough to replay the ordering
 * decision; never names or email addresses (those live in users, which user.deleted erases).
 */
function inboxPayload(e: ClerkEvent): Record<string, unknown> {
  const d = e.data;
  const org = rec(d.organization);
  const person = rec(d.public_user_data);
  const keep = {
    id: d.id,
    object: d.object,
    deleted: d.deleted,
    role: d.role,
    updated_at: d.updated_at,
    organization: org.id ? { id: org.id } : undefined,
    public_user_data: person.user_id ? { user_id: person.user_id } : undefined,
  };
  return {
    type: e.type,
    timestamp: e.time,
    data: Object.fromEntries(Object.entries(keep).filter(([, v]) => v !== undefined)),
  };
}

/**
 * Applies one verified event: claimed in the inbox (unique per provider and svix-id) in the same
 * transaction as its change and audit entries, so a redelivery finds it and changes nothing. An
 * event that must wait for another (see ./sync.ts) rolls back entirely and answers 409, so Clerk
 * delivers it again.
 */
export async function processClerkEvent(e: ClerkEvent): Promise<ClerkOutcome> {
  try {
    return await withSystem('clerk webhook', async (tx) => {
      const recorded = await tx
        .insert(webhookEvents)
        .values({
          provider: 'clerk',
          eventId: e.id,
          type: e.type,
          eventCreated: Math.floor(e.time / 1000),
          outcome: 'received',
          payload: inboxPayload(e),
        })
        .onConflictDoNothing()
        .returning({ id: webhookEvents.id });
      if (recorded.length === 0) return 'duplicate';
      const ctx: SyncContext = { actor: WEBHOOK_ACTOR, eventId: e.id, source: 'webhook', eventTime: e.time };
      const { outcome, tenantId } = await apply(tx, e, ctx);
      await tx.update(webhookEvents).set({ outcome, tenantId }).where(eq(webhookEvents.id, recorded[0]!.id));
      return outcome;
    });
  } catch (err) {
    if (err instanceof Deferred)
      throw new Problem(
        409,
        'clerk_event_early',
        `Not applied yet: ${err.message}. Deliver it again later.`,
        { headers: { 'Retry-After': '5' } },
      );
    throw err;
  }
}
