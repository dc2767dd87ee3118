/**
 * Operator actions on flags (/ops/flags and /api/ops/**): list, change a rule, set or remove a
 * tenant's override, find dealer groups by name. Every change is one system transaction that
 * also appends FLAG_CHANGED (who, before, after) to the platform audit chain; the process's
 * cache is refreshed as soon as it commits, other instances within REFRESH_INTERVAL_MS.
 */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { flagOverrides, flagRules, tenants } from '@/src/db/schema';
import { withSystem } from '@/src/db/scope';
import { problems } from '@/src/access/problem';
import { appendAudit, PLATFORM_TENANT_ID, type AuditActor } from '@/src/audit';
import { FLAGS, KEY_PATTERN, envNames, fitsType, isFlagKey, type FlagDefinition, type FlagKey, type FlagPrimitive, type FlagType } from './definitions';
import { buildSnapshot, evaluate, readEnvDefaults } from './evaluate';
import { assertOperator } from './operators';
import { flagStore, type StoreStatus } from './store';

const Key = z.string().regex(KEY_PATTERN, 'Not a flag key.');
const Value = z.union([z.boolean(), z.string().max(1000), z.number()]);

export const FlagParams = z.object({ key: Key }).strict();
export const OverrideParams = z.object({ key: Key, tenantId: z.uuid() }).strict();
export const RuleInput = z
  .object({
    enabled: z.boolean(),
    percentage: z.number().int().min(0).max(100),
    /** The value tenants in the rollout get; null/omitted = true (boolean flags only). */
    value: Value.nullable().optional(),
  })
  .strict();
export const OverrideInput = z.object({ value: Value }).strict();
export const TenantSearchQuery = z.object({ q: z.string().trim().max(120).default('') }).strict();

type Operator = { userId: string; email: string; emailVerified: boolean };

export type RuleState = { enabled: boolean; percentage: number; value: unknown };
export type Who = { name: string | null; email: string | null } | null;

export type OpsFlag = {
  key: FlagKey;
  description: string;
  type: FlagType;
  owner: string;
  codeDefault: FlagPrimitive;
  env: {
    name: string;
    /** The parsed deployment default, null when unset or unusable. */
    value: FlagPrimitive | null;
    tenantsName: string;
    tenantIds: string[];
  };
  rule: (RuleState & { updatedAt: string; updatedBy: Who }) | null;
  /** Why the stored rule cannot be applied (a hand-edited row), or null. */
  ruleProblem: string | null;
  overrides: { tenantId: string; tenantName: string; value: unknown; updatedAt: string; updatedBy: Who }[];
  overrideCount: number;
};

export type OpsFlags = { flags: OpsFlag[]; unknownKeys: string[]; cache: StoreStatus };

const OVERRIDES_LISTED = 200;

function definitionOf(key: string): FlagDefinition {
  if (!isFlagKey(key)) throw problems.notFound('Flag');
  return FLAGS[key];
}

function checkValue(def: FlagDefinition, value: unknown): void {
  if (!fitsType(def.type, value)) throw problems.invalid([{ path: 'value', message: `Must be a ${def.type}.` }], `This flag takes ${def.type} values.`);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const iso = (t: string | Date) => new Date(t).toISOString();

/** Everything the operator page shows. */
export async function listFlagsForOps(user: Omit<Operator, 'userId'>): Promise<OpsFlags> {
  assertOperator(user);
  const { rules, overrides, unknown } = await withSystem('flags: operator lists every flag, rule and override', async (tx) => {
    const { rows: rules } = await tx.execute<{
      key: string;
      enabled: boolean;
      percentage: number;
      value: unknown;
      updated_at: string;
      updated_by_name: string | null;
      updated_by_email: string | null;
    }>(sql`select r.key, r.enabled, r.percentage, r.value, r.updated_at, u.name as updated_by_name, u.email as updated_by_email
           from flag_rules r left join users u on u.id = r.updated_by`);
    const { rows: overrides } = await tx.execute<{
      flag_key: string;
      tenant_id: string;
      tenant_name: string;
      value: unknown;
      updated_at: string;
      updated_by_name: string | null;
      updated_by_email: string | null;
      total: number;
    }>(sql`select * from (
             select o.flag_key, o.tenant_id, t.name as tenant_name, o.value, o.updated_at, u.name as updated_by_name, u.email as updated_by_email,
                    row_number() over (partition by o.flag_key order by t.name, o.tenant_id) as n,
                    (count(*) over (partition by o.flag_key))::int as total
             from flag_overrides o join tenants t on t.id = o.tenant_id left join users u on u.id = o.updated_by) listed
           where n <= ${OVERRIDES_LISTED} order by flag_key, n`);
    return { rules, overrides, unknown: [...new Set([...rules.map((r) => r.key), ...overrides.map((o) => o.flag_key)])].filter((k) => !isFlagKey(k)) };
  });

  const env = readEnvDefaults(FLAGS, process.env);
  const who = (name: string | null, email: string | null): Who => (name || email ? { name, email } : null);
  const flags = (Object.keys(FLAGS) as FlagKey[]).map((key): OpsFlag => {
    const def: FlagDefinition = FLAGS[key];
    const names = envNames(key, def);
    const row = rules.find((r) => r.key === key);
    const mine = overrides.filter((o) => o.flag_key === key);
    let ruleProblem: string | null = null;
    if (row?.enabled) {
      const probe = evaluate(FLAGS, buildSnapshot(FLAGS, { rules: [row], overrides: [], env: readEnvDefaults(FLAGS, {}) }), key, 'probe');
      if (probe.errorCode) ruleProblem = probe.errorMessage ?? probe.errorCode;
    }
    return {
      key,
      description: def.description,
      type: def.type,
      owner: def.owner,
      codeDefault: def.default,
      env: { name: names.value, value: env.values.get(key) ?? null, tenantsName: names.tenants, tenantIds: [...(env.tenants.get(key) ?? [])] },
      rule: row
        ? {
            enabled: row.enabled,
            percentage: row.percentage,
            value: row.value ?? null,
            updatedAt: iso(row.updated_at),
            updatedBy: who(row.updated_by_name, row.updated_by_email),
          }
        : null,
      ruleProblem,
      overrides: mine.map((o) => ({
        tenantId: o.tenant_id,
        tenantName: o.tenant_name,
        value: o.value,
        updatedAt: iso(o.updated_at),
        updatedBy: who(o.updated_by_name, o.updated_by_email),
      })),
      overrideCount: mine[0]?.total ?? 0,
    };
  });
  return { flags, unknownKeys: unknown.sort(), cache: flagStore().status() };
}

/** The rule of one flag: on/off, the share of tenants (0–100) and the value they get. */
export async function setRule(user: Operator, actor: AuditActor, key: string, input: z.infer<typeof RuleInput>): Promise<OpsFlags> {
  assertOperator(user);
  const def = definitionOf(key);
  const value = input.value ?? null;
  if (value !== null) checkValue(def, value);
  else if (def.type !== 'boolean')
    throw problems.invalid([{ path: 'value', message: `Required: the ${def.type} tenants in the rollout get.` }], 'A string or number flag needs a value.');

  await withSystem('flags: operator changes a rollout rule', async (tx) => {
    // Raw reads of jsonb throughout: drizzle's mapper would parse a JSON string value twice.
    const { rows } = await tx.execute<RuleState>(sql`select enabled, percentage, value from flag_rules where key = ${key} for update`);
    const row = rows[0];
    const before: RuleState | null = row ? { enabled: row.enabled, percentage: row.percentage, value: row.value ?? null } : null;
    const after: RuleState = { enabled: input.enabled, percentage: input.percentage, value };
    if (before && same(before, after)) return;
    await tx
      .insert(flagRules)
      .values({ key, ...after, updatedBy: user.userId })
      .onConflictDoUpdate({ target: flagRules.key, set: { ...after, updatedBy: user.userId, updatedAt: sql`now()` } });
    await appendAudit(tx, PLATFORM_TENANT_ID, actor, { action: 'FLAG_CHANGED', resource: { type: 'flag', id: key }, metadata: { before, after } });
  });
  await flagStore().refresh();
  return listFlagsForOps(user);
}

/** A tenant's own value, above every rule (also how a tenant is exempted from a rollout). */
export async function setOverride(user: Operator, actor: AuditActor, key: string, tenantId: string, value: FlagPrimitive): Promise<OpsFlags> {
  assertOperator(user);
  const def = definitionOf(key);
  checkValue(def, value);
  await withSystem('flags: operator sets a tenant override', async (tx) => {
    const [tenant] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId));
    if (!tenant) throw problems.notFound('Dealer group');
    const { rows } = await tx.execute<{ value: unknown }>(
      sql`select value from flag_overrides where tenant_id = ${tenantId} and flag_key = ${key} for update`,
    );
    const row = rows[0];
    const before = row ? { value: row.value } : null;
    const after = { value };
    if (before && same(before, after)) return;
    await tx
      .insert(flagOverrides)
      .values({ tenantId, flagKey: key, value, updatedBy: user.userId })
      .onConflictDoUpdate({ target: [flagOverrides.tenantId, flagOverrides.flagKey], set: { value, updatedBy: user.userId, updatedAt: sql`now()` } });
    await appendAudit(tx, PLATFORM_TENANT_ID, actor, {
      action: 'FLAG_CHANGED',
      resource: { type: 'flag', id: key },
      metadata: { before, after, tenantId },
    });
  });
  await flagStore().refresh();
  return listFlagsForOps(user);
}

export async function deleteOverride(user: Operator, actor: AuditActor, key: string, tenantId: string): Promise<void> {
  assertOperator(user);
  definitionOf(key);
  await withSystem('flags: operator removes a tenant override', async (tx) => {
    const { rows } = await tx.execute<{ value: unknown }>(
      sql`delete from flag_overrides where tenant_id = ${tenantId} and flag_key = ${key} returning value`,
    );
    const row = rows[0];
    if (!row) throw problems.notFound('Override');
    await appendAudit(tx, PLATFORM_TENANT_ID, actor, {
      action: 'FLAG_CHANGED',
      resource: { type: 'flag', id: key },
      metadata: { before: { value: row.value }, after: null, tenantId },
    });
  });
  await flagStore().refresh();
}

/** Dealer groups by name (case-insensitive substring) or exact id; at most 20. */
export async function searchTenants(user: Omit<Operator, 'userId'>, q: string): Promise<{ tenants: { id: string; name: string }[] }> {
  assertOperator(user);
  const found = await withSystem('flags: operator searches dealer groups by name', async (tx) => {
    if (z.uuid().safeParse(q).success)
      return tx.select({ id: tenants.id, name: tenants.name }).from(tenants).where(eq(tenants.id, q.toLowerCase())).limit(1);
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return tx
      .select({ id: tenants.id, name: tenants.name })
      .from(tenants)
      .where(sql`${tenants.name} ilike ${pattern}`)
      .orderBy(tenants.name, tenants.id)
      .limit(20);
  });
  return { tenants: found };
}
