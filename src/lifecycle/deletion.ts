import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withSystem, type Tx } from '@/src/db/scope';
import { tenantOwnedTables } from '@/src/db/catalog';
import { withPrincipal, type Principal, type SessionUser } from '@/src/auth/principal';
import { can } from '@/src/access/permissions';
import { Problem, problems } from '@/src/access/problem';
import { recordAccessViolation } from '@/src/access/violations';
import { appendAudit, audited, PLATFORM_TENANT_ID, type AuditAction, type AuditActor } from '@/src/audit';
import { stripeClient } from '@/src/billing/stripe';
import { wakeEmailWorker } from '@/src/email';
import { logger } from '@/src/observability/logger';
import { deletionOrder } from './catalog';
import { notifyOwners } from './emails';
import { verifyOwnPassword } from './password';

/**
 * Deleting a dealer group: an owner asks (typing the group's name and their password), every
 * owner is told, and nothing happens for GRACE_PERIOD_DAYS, during which any owner can cancel.
 * Owners are reminded REMINDER_HOURS before; the deletion never runs sooner than that after the
 * reminder. Then a job cancels the Stripe subscription and deletes everything in one transaction,
 * leaving only a tombstone (tenant_tombstones) outside tenant data.
 */
export const GRACE_PERIOD_DAYS = 7;
export const REMINDER_HOURS = 24;

/** Audit action for a canceled deletion (the cancel route declares it). */
export const DELETION_CANCELED_ACTION: AuditAction = 'TENANT_DELETION_CANCELED';

const JOB_ACTOR: AuditActor = { type: 'system', id: 'tenant-deletion', name: 'Dealer group deletion' };

export const DeletionRequest = z
  .object({
    confirmName: z.string().max(200),
    password: z.string().min(1).max(128),
  })
  .strict();
export type DeletionRequest = z.infer<typeof DeletionRequest>;

export type DeletionSchedule = {
  requestedAt: string;
  deleteAfter: string;
  requestedBy: { id: string | null; name: string | null };
};

type ScheduleRow = {
  requested_by: string | null;
  requested_at: Date;
  delete_after: Date;
  canceled_at: Date | null;
  reminder_sent_at: Date | null;
  stripe_canceled_at: Date | null;
  due: boolean;
};

/** The occurrence a notice belongs to: one request (a new request after a cancel gets new notices). */
const occurrence = (requestedAt: Date) => String(requestedAt.getTime());

const alreadyScheduled = (deleteAfter: Date) =>
  new Problem(409, 'deletion_scheduled', `This dealer group is already scheduled for deletion on ${deleteAfter.toISOString()}.`, {
    extra: { deleteAfter: deleteAfter.toISOString() },
  });

/** The active tenant's pending deletion, as its members see it (runtime role, RLS). */
export async function scheduledDeletion(tx: Tx): Promise<DeletionSchedule | null> {
  const { rows } = await tx.execute<{ requested_at: Date; delete_after: Date; requested_by: string | null; name: string | null }>(sql`
    select d.requested_at, d.delete_after, d.requested_by, u.name
    from tenant_deletions d left join users u on u.id = d.requested_by
    where d.tenant_id = current_tenant_id() and d.canceled_at is null`);
  const r = rows[0];
  if (!r) return null;
  return {
    requestedAt: new Date(r.requested_at).toISOString(),
    deleteAfter: new Date(r.delete_after).toISOString(),
    requestedBy: { id: r.requested_by, name: r.name },
  };
}

async function pendingDeleteAfter(tx: Tx): Promise<Date | null> {
  const { rows } = await tx.execute<{ delete_after: Date }>(sql`
    select delete_after from tenant_deletions where tenant_id = current_tenant_id() and canceled_at is null`);
  return rows[0] ? new Date(rows[0].delete_after) : null;
}

async function activeTenantName(tx: Tx): Promise<string> {
  const { rows } = await tx.execute<{ name: string }>(sql`select name from tenants where id = current_tenant_id()`);
  return rows[0]?.name ?? '';
}

function asOwner(p: Principal | null): Principal {
  if (!p) throw problems.tenantRequired();
  if (!can(p.role, 'tenant:delete')) throw problems.forbidden('Only an owner can delete the dealer group.');
  return p;
}

/**
 * DELETE /api/tenant/delete. A signed-in route rather than a tenant route: the password must be
 * checked before the transaction that acts, and the request gate opens that transaction before the
 * handler runs (a second transaction inside it would wait forever on PGlite's single connection).
 * So this does the gate's tenant steps itself: the membership of the session's tenant, the role
 * (recording TENANT_ACCESS_VIOLATION when too low), then the name, then the password, then the
 * change in a fresh transaction that checks the role again. Allowed while the tenant is read-only
 * for non-payment: leaving must never depend on paying.
 */
export async function requestTenantDeletion(
  user: SessionUser,
  actor: AuditActor,
  input: DeletionRequest,
  request: { method: string; path: string },
): Promise<{ status: 'scheduled'; requestedAt: string; deleteAfter: string }> {
  let principal: Principal | null = null;
  try {
    await withPrincipal(user, async (tx, p) => {
      principal = p;
      asOwner(p);
      // With Clerk, the organization is deleted in Clerk; its organization.deleted webhook
      // schedules this same deletion (src/auth/clerk/sync.ts).
      if (user.clerk) throw problems.managedByClerk('Delete the organization in Clerk (organization settings); this dealer group is then scheduled for deletion here.');
      const name = await activeTenantName(tx);
      if (input.confirmName.trim() !== name.trim())
        throw problems.invalid(
          [{ path: 'confirmName', message: 'Type the name of the dealer group exactly as it is shown.' }],
          'The name you typed does not match the dealer group.',
        );
      const pending = await pendingDeleteAfter(tx);
      if (pending) throw alreadyScheduled(pending);
    });
  } catch (err) {
    const p = principal as Principal | null;
    if (p && err instanceof Problem && err.status === 403 && err.code === 'forbidden') {
      await recordAccessViolation(p, actor, { ...request, problem: err, params: {}, permission: 'tenant:delete' }).catch((e) =>
        logger.error({ err: e }, 'could not record access violation'),
      );
    }
    throw err;
  }

  await verifyOwnPassword(user, input.password, actor.ip);

  const result = await withPrincipal(user, async (tx, p) => {
    const who = asOwner(p);
    const scheduled = await scheduleTenantDeletion(tx, who.tenantId, { userId: who.userId, name: who.name }, actor);
    if (!scheduled) throw alreadyScheduled((await pendingDeleteAfter(tx)) ?? new Date());
    return { status: 'scheduled' as const, requestedAt: scheduled.requestedAt.toISOString(), deleteAfter: scheduled.deleteAfter.toISOString() };
  });
  await wakeEmailWorker();
  return result;
}

/**
 * Schedules a tenant's deletion in the caller's transaction (an owner's request above, or a
 * deleted Clerk organization in src/auth/clerk): the grace period starts, TENANT_DELETION_REQUESTED
 * is audited and every owner gets the notice. Null, changing nothing, when one is already pending.
 * The caller wakes the mail worker once committed.
 */
export async function scheduleTenantDeletion(
  tx: Tx,
  tenantId: string,
  requestedBy: { userId: string | null; name: string },
  actor: AuditActor,
  metadata: Record<string, unknown> = {},
): Promise<{ requestedAt: Date; deleteAfter: Date } | null> {
  const { rows: tenant } = await tx.execute<{ name: string; suspended: boolean }>(
    sql`select name, suspended_at is not null as suspended from tenants where id = ${tenantId}`,
  );
  const { rows } = await tx.execute<{ requested_at: Date; delete_after: Date }>(sql`
    insert into tenant_deletions (tenant_id, requested_by, requested_at, delete_after)
    values (${tenantId}, ${requestedBy.userId}, now(), now() + make_interval(days => ${GRACE_PERIOD_DAYS}))
    on conflict (tenant_id) do update set
      requested_by = excluded.requested_by, requested_at = excluded.requested_at, delete_after = excluded.delete_after,
      canceled_at = null, canceled_by = null, reminder_sent_at = null, stripe_canceled_at = null,
      attempts = 0, last_error = null, updated_at = now()
    where tenant_deletions.canceled_at is not null
    returning requested_at, delete_after`);
  const row = rows[0];
  if (!row) return null;
  const requestedAt = new Date(row.requested_at);
  const deleteAfter = new Date(row.delete_after);
  await appendAudit(tx, tenantId, actor, {
    action: 'TENANT_DELETION_REQUESTED',
    resource: { type: 'tenant', id: tenantId },
    metadata: { deleteAfter: deleteAfter.toISOString(), gracePeriodDays: GRACE_PERIOD_DAYS, ...metadata },
  });
  await notifyOwners(
    tx,
    tenantId,
    'scheduled',
    { tenantName: tenant[0]?.name ?? '', requestedBy: requestedBy.name, deleteAfter, suspended: tenant[0]?.suspended ?? false },
    occurrence(requestedAt),
  );
  return { requestedAt, deleteAfter };
}

/**
 * POST /api/tenant/delete/cancel, in the gate's transaction (runtime role). Only while the grace
 * period runs: once it is over the job may already have canceled the subscription.
 */
export async function cancelTenantDeletion(tx: Tx, principal: Principal) {
  const { rows } = await tx.execute<{ requested_at: Date; delete_after: Date; overdue: boolean }>(sql`
    select requested_at, delete_after, delete_after <= now() as overdue from tenant_deletions
    where tenant_id = ${principal.tenantId} and canceled_at is null for update`);
  const row = rows[0];
  if (!row) throw new Problem(409, 'no_deletion_scheduled', 'No deletion is scheduled for this dealer group.');
  if (row.overdue)
    throw new Problem(409, 'deletion_in_progress', 'The grace period is over and the deletion is under way; it can no longer be canceled.');
  await tx.execute(sql`
    update tenant_deletions set canceled_at = now(), canceled_by = ${principal.userId}, updated_at = now()
    where tenant_id = ${principal.tenantId}`);
  await notifyOwners(tx, principal.tenantId, 'canceled', { tenantName: await activeTenantName(tx), canceledBy: principal.name }, occurrence(new Date(row.requested_at)));
  const deleteAfter = new Date(row.delete_after).toISOString();
  return audited(
    { status: 'canceled' as const, deleteAfter },
    {
      action: DELETION_CANCELED_ACTION,
      resource: { type: 'tenant', id: principal.tenantId },
      metadata: { canceledDeleteAfter: deleteAfter },
    },
  );
}

// ---------------------------------------------------------------------------------------------
// The job
// ---------------------------------------------------------------------------------------------

export type Tombstone = {
  deletedTenantId: string;
  requestedBy: string | null;
  requestedAt: string;
  deleteAfter: string;
  deletedAt: string;
  deletedCounts: Record<string, number>;
  lastAuditSeq: number | null;
  lastAuditHash: string | null;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
};

export type DeletionOutcome =
  | { status: 'deleted'; tombstone: Tombstone; strayRowsRemoved: Record<string, number> }
  | { status: 'postponed'; deleteAfter: string; reason: 'reminder_not_sent' | 'reminder_too_recent' }
  | { status: 'skipped'; reason: 'not_scheduled' | 'canceled' | 'not_due' | 'already_deleted' };

export type DeletionHooks = {
  /** Called inside the deletion transaction after each table (tests inject a failure half-way). */
  afterTable?: (table: string, deleted: number) => void | Promise<void>;
};

/** Stripe idempotency key of the cancel call: one per tenant, whatever retries or reruns happen. */
export const stripeCancelKey = (tenantId: string) => `tenant-deletion-cancel-${tenantId}`;

async function readSchedule(tx: Tx, tenantId: string, lock = false): Promise<ScheduleRow | undefined> {
  const { rows } = await tx.execute<ScheduleRow>(sql`
    select requested_by, requested_at, delete_after, canceled_at, reminder_sent_at, stripe_canceled_at, delete_after <= now() as due
    from tenant_deletions where tenant_id = ${tenantId} ${lock ? sql`for update` : sql``}`);
  return rows[0];
}

/**
 * Sends the 24-hour reminder (once per request) and makes sure the deletion is at least 24 hours
 * away from it. Returns the (possibly later) deletion time, or null when nothing is pending.
 */
export async function sendDeletionReminder(tenantId: string): Promise<Date | null> {
  const deleteAfter = await withSystem('tenant deletion: reminder', async (tx) => {
    const s = await readSchedule(tx, tenantId, true);
    if (!s || s.canceled_at || s.reminder_sent_at) return null;
    const { rows } = await tx.execute<{ delete_after: Date; name: string; suspended: boolean }>(sql`
      update tenant_deletions d set reminder_sent_at = now(), updated_at = now(),
        delete_after = greatest(d.delete_after, now() + make_interval(hours => ${REMINDER_HOURS}))
      from tenants t where t.id = d.tenant_id and d.tenant_id = ${tenantId}
      returning d.delete_after, t.name, t.suspended_at is not null as suspended`);
    const r = rows[0]!;
    await notifyOwners(
      tx,
      tenantId,
      'reminder',
      { tenantName: r.name, deleteAfter: new Date(r.delete_after), suspended: r.suspended },
      occurrence(new Date(s.requested_at)),
    );
    return new Date(r.delete_after);
  });
  if (deleteAfter) await wakeEmailWorker();
  return deleteAfter;
}

/**
 * Cancels the tenant's Stripe subscription once. The progress mark (stripe_canceled_at) makes a
 * rerun skip the call; Stripe's idempotency key covers a crash between the call and the mark.
 */
async function cancelStripeSubscription(tenantId: string, schedule: ScheduleRow): Promise<void> {
  if (schedule.stripe_canceled_at) return;
  const account = await withSystem('tenant deletion: read the subscription', async (tx) => {
    const { rows } = await tx.execute<{ stripe_subscription_id: string | null; status: string }>(sql`
      select stripe_subscription_id, status from billing_accounts where tenant_id = ${tenantId}`);
    return rows[0];
  });
  const subscription = account?.stripe_subscription_id;
  if (subscription && account.status !== 'canceled') {
    const stripe = stripeClient();
    if (!stripe)
      throw new Error(`tenant ${tenantId} has Stripe subscription ${subscription} but Stripe is not configured: not deleting a paying customer without canceling it`);
    try {
      await stripe.subscriptions.cancel(subscription, {}, { idempotencyKey: stripeCancelKey(tenantId) });
    } catch (err) {
      // Already gone, or already canceled (e.g. in the customer portal before its webhook came).
      const e = err as { code?: string; type?: string };
      if (e.code !== 'resource_missing') {
        if (e.type !== 'StripeInvalidRequestError') throw err;
        const current = await stripe.subscriptions.retrieve(subscription).catch(() => null);
        if (current?.status !== 'canceled') throw err;
      }
    }
  }
  await withSystem('tenant deletion: subscription canceled', (tx) =>
    tx.execute(sql`update tenant_deletions set stripe_canceled_at = now(), updated_at = now() where tenant_id = ${tenantId}`),
  );
}

/** Rows that still carry the tenant's id, per table (only tables that have any). */
export async function remainingRows(tx: Tx, tenantId: string): Promise<Record<string, number>> {
  const left: Record<string, number> = {};
  for (const table of await tenantOwnedTables(tx)) {
    const { rows } = await tx.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${tenantId}`);
    if (rows[0]!.n > 0) left[table] = rows[0]!.n;
  }
  const { rows } = await tx.execute<{ n: number }>(sql`select count(*)::int as n from tenants where id = ${tenantId}`);
  if (rows[0]!.n > 0) left.tenants = rows[0]!.n;
  return left;
}

const count = (r: { rowCount?: number | null }) => r.rowCount ?? 0;

/** The one transaction: everything of the tenant, or nothing. */
async function deleteTenantData(tx: Tx, tenantId: string, hooks: DeletionHooks): Promise<DeletionOutcome> {
  // The tenant row first: inserts that reference it wait (their foreign-key check needs it),
  // then the schedule, so a cancel racing with the job is decided one way or the other.
  const { rows: tenant } = await tx.execute(sql`select id from tenants where id = ${tenantId} for update`);
  if (!tenant[0]) return { status: 'skipped', reason: 'already_deleted' };
  const s = await readSchedule(tx, tenantId, true);
  if (!s) return { status: 'skipped', reason: 'not_scheduled' };
  if (s.canceled_at) return { status: 'skipped', reason: 'canceled' };
  if (!s.due) return { status: 'skipped', reason: 'not_due' };

  const { rows: head } = await tx.execute<{ seq: string | number; hash: string }>(sql`select seq, hash from audit_heads where tenant_id = ${tenantId}`);
  const { rows: billing } = await tx.execute<{ stripe_customer_id: string | null; stripe_subscription_id: string | null }>(sql`
    select stripe_customer_id, stripe_subscription_id from billing_accounts where tenant_id = ${tenantId}`);
  // People who belong to this dealer group and no other: their accounts go with it.
  const { rows: leaving } = await tx.execute<{ user_id: string }>(sql`
    select m.user_id from memberships m
    where m.tenant_id = ${tenantId}
      and not exists (select 1 from memberships o where o.user_id = m.user_id and o.tenant_id <> ${tenantId})
    order by m.user_id for update of m`);
  const leavingIds = leaving.map((r) => r.user_id);

  const counts: Record<string, number> = {};
  // The audit trail's append-only trigger lets exactly this through: DELETE by the system role
  // with app.audit_purge on, for this transaction only.
  await tx.execute(sql`select set_config('app.audit_purge', 'on', true)`);
  for (const table of await deletionOrder(tx)) {
    counts[table] = count(await tx.execute(sql`delete from ${sql.identifier(table)} where tenant_id = ${tenantId}`));
    await hooks.afterTable?.(table, counts[table]);
  }
  await tx.execute(sql`select set_config('app.audit_purge', 'off', true)`);

  // Remaining members' sessions may still point at the tenant.
  await tx.execute(sql`update sessions set active_tenant_id = null where active_tenant_id = ${tenantId}`);
  for (const id of leavingIds) {
    await appendAudit(tx, PLATFORM_TENANT_ID, JOB_ACTOR, {
      action: 'USER_DELETED',
      resource: { type: 'user', id },
      metadata: { reason: 'dealer_group_deleted', tenantId },
    });
  }
  const ids = sql.param(leavingIds);
  counts.sessions = count(await tx.execute(sql`delete from sessions where user_id = any(${ids}::uuid[])`));
  counts.accounts = count(await tx.execute(sql`delete from accounts where user_id = any(${ids}::uuid[])`));
  counts.users = count(
    await tx.execute(sql`delete from users u where u.id = any(${ids}::uuid[]) and not exists (select 1 from memberships m where m.user_id = u.id)`),
  );
  counts.tenants = count(await tx.execute(sql`delete from tenants where id = ${tenantId}`));

  const left = await remainingRows(tx, tenantId);
  if (Object.keys(left).length > 0) throw new Error(`tenant deletion would leave rows behind (rolled back): ${JSON.stringify(left)}`);
  const { rows: stillThere } = await tx.execute<{ n: number }>(sql`select count(*)::int as n from users where id = any(${ids}::uuid[])`);
  if (stillThere[0]!.n !== 0) throw new Error(`tenant deletion would leave ${stillThere[0]!.n} member account(s) behind (rolled back)`);

  const { rows: tomb } = await tx.execute<{ deleted_at: Date }>(sql`
    insert into tenant_tombstones (deleted_tenant_id, requested_by, requested_at, delete_after, deleted_counts, last_audit_seq, last_audit_hash,
                                   stripe_customer_id, stripe_subscription_id)
    values (${tenantId}, ${s.requested_by}, ${s.requested_at}, ${s.delete_after}, ${JSON.stringify(counts)}::jsonb, ${head[0]?.seq ?? null}, ${head[0]?.hash ?? null},
            ${billing[0]?.stripe_customer_id ?? null}, ${billing[0]?.stripe_subscription_id ?? null})
    returning deleted_at`);
  return {
    status: 'deleted',
    strayRowsRemoved: {},
    tombstone: {
      deletedTenantId: tenantId,
      requestedBy: s.requested_by,
      requestedAt: new Date(s.requested_at).toISOString(),
      deleteAfter: new Date(s.delete_after).toISOString(),
      deletedAt: new Date(tomb[0]!.deleted_at).toISOString(),
      deletedCounts: counts,
      lastAuditSeq: head[0] ? Number(head[0].seq) : null,
      lastAuditHash: head[0]?.hash ?? null,
      stripeCustomerId: billing[0]?.stripe_customer_id ?? null,
      stripeSubscriptionId: billing[0]?.stripe_subscription_id ?? null,
    },
  };
}

/**
 * Removes rows that writers already in flight added after the deletion committed (e.g. an audit
 * entry of a request that started just before), and records them on the tombstone. Runs right
 * after the deletion and again from the sweep for a day.
 */
export async function sweepStrayRows(tenantId: string): Promise<Record<string, number>> {
  return withSystem('tenant deletion: sweep stray rows', async (tx) => {
    const left = await remainingRows(tx, tenantId);
    const tables = (await deletionOrder(tx)).filter((t) => left[t]);
    if (tables.length === 0) return {};
    const removed: Record<string, number> = {};
    await tx.execute(sql`select set_config('app.audit_purge', 'on', true)`);
    for (const table of tables) removed[table] = count(await tx.execute(sql`delete from ${sql.identifier(table)} where tenant_id = ${tenantId}`));
    await tx.execute(sql`select set_config('app.audit_purge', 'off', true)`);
    const { rows } = await tx.execute<{ stray_rows_removed: Record<string, number> }>(sql`
      select stray_rows_removed from tenant_tombstones where deleted_tenant_id = ${tenantId} for update`);
    const total = { ...(rows[0]?.stray_rows_removed ?? {}) };
    for (const [t, n] of Object.entries(removed)) total[t] = (total[t] ?? 0) + n;
    await tx.execute(sql`update tenant_tombstones set stray_rows_removed = ${JSON.stringify(total)}::jsonb where deleted_tenant_id = ${tenantId}`);
    logger.warn({ tenantId, removed }, 'removed rows written for a deleted tenant after its deletion');
    return removed;
  });
}

/**
 * The deletion job for one tenant; safe to run any number of times. Skips unless the grace period
 * is over and not canceled; postpones until 24 hours after the reminder; then cancels the Stripe
 * subscription (once) and deletes everything in one transaction. A failure leaves every row in
 * place, records the error on the schedule and is thrown, so the queue retries.
 */
export async function runTenantDeletion(tenantId: string, hooks: DeletionHooks = {}): Promise<DeletionOutcome> {
  const state = await withSystem('tenant deletion: read the schedule', async (tx) => {
    const schedule = await readSchedule(tx, tenantId);
    const { rows } = schedule ? { rows: [] } : await tx.execute(sql`select 1 from tenant_tombstones where deleted_tenant_id = ${tenantId}`);
    const reminderAge = schedule?.reminder_sent_at
      ? (await tx.execute<{ ok: boolean }>(sql`select ${schedule.reminder_sent_at}::timestamptz <= now() - make_interval(hours => ${REMINDER_HOURS}) as ok`)).rows[0]!.ok
      : false;
    return { schedule, tombstoned: rows.length > 0, reminderOldEnough: reminderAge };
  });
  const s = state.schedule;
  if (!s) return { status: 'skipped', reason: state.tombstoned ? 'already_deleted' : 'not_scheduled' };
  if (s.canceled_at) return { status: 'skipped', reason: 'canceled' };
  if (!s.due) return { status: 'skipped', reason: 'not_due' };
  if (!s.reminder_sent_at) {
    const deleteAfter = await sendDeletionReminder(tenantId);
    return { status: 'postponed', reason: 'reminder_not_sent', deleteAfter: (deleteAfter ?? s.delete_after).toISOString() };
  }
  if (!state.reminderOldEnough) {
    const deleteAfter = await withSystem('tenant deletion: postpone after a late reminder', async (tx) => {
      const { rows } = await tx.execute<{ delete_after: Date }>(sql`
        update tenant_deletions set delete_after = reminder_sent_at + make_interval(hours => ${REMINDER_HOURS}), updated_at = now()
        where tenant_id = ${tenantId} returning delete_after`);
      return new Date(rows[0]!.delete_after);
    });
    return { status: 'postponed', reason: 'reminder_too_recent', deleteAfter: deleteAfter.toISOString() };
  }

  const started = performance.now();
  let outcome: DeletionOutcome;
  try {
    await cancelStripeSubscription(tenantId, s);
    outcome = await withSystem('tenant deletion', (tx) => deleteTenantData(tx, tenantId, hooks));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await withSystem('tenant deletion: record the failure', (tx) =>
      tx.execute(sql`update tenant_deletions set attempts = attempts + 1, last_error = ${message.slice(0, 2000)}, updated_at = now() where tenant_id = ${tenantId}`),
    ).catch((e) => logger.error({ err: e, tenantId }, 'could not record the failed tenant deletion'));
    logger.error({ err, tenantId }, 'tenant deletion failed; nothing was deleted');
    throw err;
  }
  if (outcome.status !== 'deleted') return outcome;
  outcome.strayRowsRemoved = await sweepStrayRows(tenantId);
  logger.info(
    { tenantId, counts: outcome.tombstone.deletedCounts, durationMs: Math.round(performance.now() - started) },
    'dealer group deleted',
  );
  return outcome;
}

/**
 * The lifecycle sweep (every 15 minutes): reminders for deletions within 24 hours, a deletion job
 * for each one that is due, and stray rows of deletions from the last day.
 */
export async function runLifecycleSweep(enqueue: (tenantId: string) => Promise<unknown>): Promise<{ reminded: number; enqueued: number; swept: number }> {
  const { remind, due, recent } = await withSystem('lifecycle sweep: find work', async (tx) => ({
    remind: (
      await tx.execute<{ tenant_id: string }>(sql`
        select tenant_id from tenant_deletions
        where canceled_at is null and reminder_sent_at is null and delete_after <= now() + make_interval(hours => ${REMINDER_HOURS})`)
    ).rows,
    due: (
      await tx.execute<{ tenant_id: string }>(sql`
        select tenant_id from tenant_deletions
        where canceled_at is null and delete_after <= now() and reminder_sent_at <= now() - make_interval(hours => ${REMINDER_HOURS})`)
    ).rows,
    recent: (await tx.execute<{ id: string }>(sql`select deleted_tenant_id as id from tenant_tombstones where deleted_at > now() - interval '1 day'`)).rows,
  }));
  let reminded = 0;
  for (const r of remind) if (await sendDeletionReminder(r.tenant_id)) reminded += 1;
  for (const r of due) await enqueue(r.tenant_id);
  let swept = 0;
  for (const r of recent) swept += Object.values(await sweepStrayRows(r.id)).reduce((a, b) => a + b, 0);
  return { reminded, enqueued: due.length, swept };
}
