import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

// ---------------------------------------------------------------------------
// Identity (better-auth). Field keys follow better-auth's model field names.
// These tables are not tenant-owned; the runtime role sees only the rows that
// the policies in drizzle/0001_isolation.sql allow.
// ---------------------------------------------------------------------------

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  // The Clerk user this row mirrors (Clerk mode, src/auth/clerk); null for built-in accounts.
  clerkUserId: text('clerk_user_id').unique(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    token: text('token').notNull().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    // The tenant this session acts in; the gate re-checks membership on every request.
    activeTenantId: uuid('active_tenant_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('accounts_user_id_idx').on(t.userId)],
);

export const verifications = pgTable('verifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

// ---------------------------------------------------------------------------
// Tenancy. A tenant is a dealer group.
// ---------------------------------------------------------------------------

export const ROLES = ['owner', 'admin', 'manager', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
const roleCheck = (column: string) =>
  sql.raw(`${column} in (${ROLES.map((r) => `'${r}'`).join(', ')})`);

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  // The Clerk organization this tenant mirrors (Clerk mode); null for built-in dealer groups.
  clerkOrgId: text('clerk_org_id').unique(),
  // Set when nobody may act in the tenant any more (its Clerk organization was deleted): the
  // database refuses to enter it (app_enter_tenant), whatever the memberships say.
  suspendedAt: timestamp('suspended_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const CLERK_OBJECT_KINDS = ['user', 'organization', 'membership', 'org_creation'] as const;
export type ClerkObjectKind = (typeof CLERK_OBJECT_KINDS)[number];

/**
 * The newest version of each Clerk object applied here (src/auth/clerk/sync.ts): webhooks and
 * session tokens only move an object forward, and a deleted user or organization stays deleted
 * (a replayed `created` cannot bring it back). Memberships are keyed `org_id:user_id`.
 * `org_creation` rows are short leases: one organization being created per Clerk user at a time.
 * Not tenant data: the system role only.
 */
export const clerkObjects = pgTable(
  'clerk_objects',
  {
    kind: text('kind').$type<ClerkObjectKind>().notNull(),
    clerkId: text('clerk_id').notNull(),
    // Clerk's clock, in milliseconds: the object's updated_at, a deletion's event time, or a
    // session token's iat. 0 for a row created from a session before any webhook said more.
    version: bigint('version', { mode: 'number' }).notNull(),
    deleted: boolean('deleted').notNull().default(false),
    lastEventId: text('last_event_id'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.clerkId] }),
    check('clerk_objects_kind_check', sql`kind in ('user', 'organization', 'membership', 'org_creation')`),
  ],
);

export const memberships = pgTable(
  'memberships',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    index('memberships_user_id_idx').on(t.userId),
    check('memberships_role_check', roleCheck('role')),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role').$type<Role>().notNull(),
    // Only the SHA-256 of the link token is stored; the token itself is shown once.
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    status: text('status').$type<'pending' | 'accepted' | 'revoked'>().notNull().default('pending'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('invitations_tenant_created_idx').on(t.tenantId, t.createdAt),
    uniqueIndex('invitations_token_hash_idx').on(t.tokenHash),
    check('invitations_role_check', roleCheck('role')),
    check('invitations_status_check', sql`status in ('pending', 'accepted', 'revoked')`),
  ],
);

export const dealerships = pgTable(
  'dealerships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    websiteUrl: text('website_url').notNull(),
    address: text('address'),
    city: text('city'),
    state: text('state'),
    zip: text('zip'),
    phone: text('phone'),
    brands: text('brands').array().notNull().default(sql`'{}'::text[]`),
    monthlyUsedUnitSales: integer('monthly_used_unit_sales'),
    avgFrontEndGross: integer('avg_front_end_gross'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('dealerships_tenant_created_idx').on(t.tenantId, t.createdAt, t.id)],
);

// ---------------------------------------------------------------------------
// Audit trail: append-only, hash-chained per tenant (src/audit).
// ---------------------------------------------------------------------------

export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // No foreign key: the trail of a deleted tenant is purged by the lifecycle job, not by cascade.
    tenantId: uuid('tenant_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    actorType: text('actor_type').$type<'user' | 'system' | 'webhook' | 'api'>().notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_log_tenant_seq_idx').on(t.tenantId, t.seq),
    index('audit_log_tenant_action_idx').on(t.tenantId, t.action, t.seq),
    index('audit_log_tenant_actor_idx').on(t.tenantId, t.actorId, t.seq),
    index('audit_log_tenant_resource_idx').on(t.tenantId, t.resourceType, t.resourceId, t.seq),
    index('audit_log_tenant_time_idx').on(t.tenantId, t.occurredAt),
    check('audit_log_actor_type_check', sql`actor_type in ('user', 'system', 'webhook', 'api')`),
  ],
);

/** The newest entry of each tenant's chain: serialises writers and exposes a truncated tail. */
export const auditHeads = pgTable('audit_heads', {
  tenantId: uuid('tenant_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  // occurred_at of the newest entry: entries never go back in time within a chain.
  occurredAt: timestamp('occurred_at', { withTimezone: true }),
  updatedAt: updatedAt(),
});

/** Where retention cut the chain: the remaining entries verify from here. */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  tenantId: uuid('tenant_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  purgedAt: timestamp('purged_at', { withTimezone: true }).notNull().defaultNow(),
});

// ---------------------------------------------------------------------------
// Reports: one scan of one dealership's website (src/reports, engine in src/scans).
// ---------------------------------------------------------------------------

export const REPORT_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    dealershipId: uuid('dealership_id')
      .notNull()
      .references(() => dealerships.id, { onDelete: 'cascade' }),
    status: text('status').$type<ReportStatus>().notNull().default('queued'),
    progress: jsonb('progress').$type<{ fetched: number; total: number; phase: string }>(),
    // The engine's ScanResult, stored whole; immutable once the report has finished.
    result: jsonb('result').$type<Record<string, unknown>>(),
    overallScore: integer('overall_score'),
    error: text('error'),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('reports_tenant_dealership_created_idx').on(t.tenantId, t.dealershipId, t.createdAt, t.id),
    index('reports_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    // Deleting a dealership cascades to its reports: without this, each delete scans the table.
    index('reports_dealership_id_idx').on(t.dealershipId),
    // One scan per dealership at a time.
    uniqueIndex('reports_one_active_per_dealership_idx').on(t.dealershipId).where(sql`status in ('queued', 'running')`),
    check('reports_status_check', sql`status in ('queued', 'running', 'succeeded', 'failed')`),
  ],
);

// ---------------------------------------------------------------------------
// Money path: billing state, webhook inbox, email outbox, idempotency keys.
// ---------------------------------------------------------------------------

export const PLAN_IDS = ['free', 'pro', 'enterprise'] as const;
export type PlanId = (typeof PLAN_IDS)[number];
export const BILLING_STATUSES = ['none', 'trialing', 'active', 'past_due', 'canceled'] as const;
export type BillingStatus = (typeof BILLING_STATUSES)[number];

/** One per tenant: the plan it is on and what Stripe last said about it. */
export const billingAccounts = pgTable(
  'billing_accounts',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    plan: text('plan').$type<PlanId>().notNull().default('free'),
    interval: text('interval').$type<'month' | 'year'>(),
    status: text('status').$type<BillingStatus>().notNull().default('none'),
    trialEndsAt: timestamp('trial_ends_at', { withTimezone: true }),
    currentPeriodEnd: timestamp('current_period_end', { withTimezone: true }),
    gracePeriodEndsAt: timestamp('grace_period_ends_at', { withTimezone: true }),
    stripeCustomerId: text('stripe_customer_id').unique(),
    stripeSubscriptionId: text('stripe_subscription_id').unique(),
    stripePriceId: text('stripe_price_id'),
    // Stripe `created` (seconds) of the last event applied: older events never regress state.
    lastEventCreated: bigint('last_event_created', { mode: 'number' }),
    lastEventId: text('last_event_id'),
    updatedAt: updatedAt(),
  },
  () => [
    check('billing_accounts_plan_check', sql`plan in ('free', 'pro', 'enterprise')`),
    check('billing_accounts_status_check', sql`status in ('none', 'trialing', 'active', 'past_due', 'canceled')`),
  ],
);

/** Every webhook delivery ever accepted, keyed by the provider's event id. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provider: text('provider').$type<'stripe' | 'clerk'>().notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    // Null until the event is matched to a tenant (some never are).
    tenantId: uuid('tenant_id'),
    eventCreated: bigint('event_created', { mode: 'number' }),
    outcome: text('outcome').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('webhook_events_provider_event_idx').on(t.provider, t.eventId), index('webhook_events_tenant_idx').on(t.tenantId, t.receivedAt)],
);

/** Transactional outbox: written with the change that causes the email, delivered by a job. */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    // The same logical email is queued at most once (e.g. "payment failed" for one invoice).
    dedupeKey: text('dedupe_key').notNull(),
    template: text('template').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    status: text('status').$type<'pending' | 'sent' | 'dead'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('email_outbox_dedupe_idx').on(t.tenantId, t.dedupeKey),
    index('email_outbox_pending_idx').on(t.status, t.nextAttemptAt),
    check('email_outbox_status_check', sql`status in ('pending', 'sent', 'dead')`),
  ],
);

/** Idempotency-Key records (Stripe semantics): scoped to tenant, user, method and route. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    method: text('method').notNull(),
    route: text('route').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    status: text('status').$type<'in_flight' | 'completed'>().notNull().default('in_flight'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }).notNull(),
    responseStatus: integer('response_status'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    responseBody: text('response_body'),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.method, t.route, t.key] }),
    index('idempotency_keys_created_idx').on(t.createdAt),
    check('idempotency_keys_status_check', sql`status in ('in_flight', 'completed')`),
  ],
);

// ---------------------------------------------------------------------------
// Feature flags (src/flags): rules changed by operators without a deploy.
// ---------------------------------------------------------------------------

/** One row per flag that has a rule; flags without a row use their deployment/code default. */
export const flagRules = pgTable('flag_rules', {
  key: text('key').primaryKey(),
  enabled: boolean('enabled').notNull().default(false),
  // 0–100: share of tenants (stable hash of flagKey:tenantId) that get `value`.
  percentage: integer('percentage').notNull().default(0),
  value: jsonb('value').$type<unknown>(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: updatedAt(),
});

/** A tenant's own value for a flag, above every rule. */
export const flagOverrides = pgTable(
  'flag_overrides',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    flagKey: text('flag_key').notNull(),
    value: jsonb('value').$type<unknown>().notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.flagKey] }), index('flag_overrides_flag_idx').on(t.flagKey)],
);

// ---------------------------------------------------------------------------
// Tenant lifecycle (src/lifecycle): scheduled deletions and the tombstones they leave.
// ---------------------------------------------------------------------------

/** A requested deletion, within its grace period (tenant-owned: deleted with the tenant). */
export const tenantDeletions = pgTable('tenant_deletions', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  deleteAfter: timestamp('delete_after', { withTimezone: true }).notNull(),
  canceledAt: timestamp('canceled_at', { withTimezone: true }),
  canceledBy: uuid('canceled_by').references(() => users.id, { onDelete: 'set null' }),
  reminderSentAt: timestamp('reminder_sent_at', { withTimezone: true }),
  stripeCanceledAt: timestamp('stripe_canceled_at', { withTimezone: true }),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  updatedAt: updatedAt(),
});

/** What remains of a deleted tenant, for the operator: outside tenant data on purpose. */
export const tenantTombstones = pgTable('tenant_tombstones', {
  deletedTenantId: uuid('deleted_tenant_id').primaryKey(),
  requestedBy: uuid('requested_by'),
  requestedAt: timestamp('requested_at', { withTimezone: true }),
  deleteAfter: timestamp('delete_after', { withTimezone: true }),
  deletedAt: timestamp('deleted_at', { withTimezone: true }).notNull().defaultNow(),
  deletedCounts: jsonb('deleted_counts').$type<Record<string, number>>().notNull(),
  lastAuditSeq: bigint('last_audit_seq', { mode: 'number' }),
  lastAuditHash: text('last_audit_hash'),
  stripeCustomerId: text('stripe_customer_id'),
  stripeSubscriptionId: text('stripe_subscription_id'),
  strayRowsRemoved: jsonb('stray_rows_removed').$type<Record<string, number>>(),
});

/** One readiness probe a minute, for /status (not tenant data: the system role only). */
export const statusProbes = pgTable(
  'status_probes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status', { enum: ['pass', 'warn', 'fail'] }).notNull(),
    checks: jsonb('checks').notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('status_probes_checked_at_idx').on(t.checkedAt), check('status_probes_status_check', sql`${t.status} in ('pass', 'warn', 'fail')`)],
);

// Field web vitals (src/vitals): re-exported so drizzle-kit generates the migration.
export { webVitals } from '@/src/vitals/schema';
