/**
 * Feature flags (server side). docs/flags.md explains declaring a flag, precedence, the
 * environment variables and the rollout procedure.
 *
 *   evaluateFlag(key, tenantId)       synchronous, in memory, never throws: the hot path
 *   flagDetails / flagValue           the same through OpenFeature's standard client
 *   evaluatedFlagsFor(tenantId)       { key: value } for a server component to pass to the browser
 *   probesEnabled(tenantId, plan)     plan entitlement AND the aiEnhancedReports flag
 *
 * Client components import '@/src/flags/client' (readFlags) and '@/src/flags/definitions' only.
 * Call the async helpers outside a database transaction: the very first one in a process
 * waits for the cache's first load, which opens a system transaction (PGlite serialises them).
 */
import type { EvaluationDetails } from '@openfeature/server-sdk';
import { PLANS, type PlanId } from '@/src/billing/plans';
import { FLAGS, FLAG_KEYS, type Definitions, type FlagKey, type FlagType, type FlagValue, type FlagValues } from './definitions';
import type { Evaluation } from './evaluate';
import { flagClient, installFlagProvider } from './provider';
import { flagStore } from './store';

export { FLAGS, FLAG_KEYS, isFlagKey, type FlagKey, type FlagValue, type FlagValues } from './definitions';
export type { Evaluation, Reason, Variant } from './evaluate';
export { REFRESH_INTERVAL_MS, flagStore, resetFlagStore, type StoreStatus } from './store';
export { DealershipFlagProvider, installFlagProvider, flagClient } from './provider';
export { assertOperator, isOperator, operatorEmails } from './operators';

/** Waits (once per process) for the first load and starts the refresh timer. Never rejects. */
export async function flagsReady(): Promise<void> {
  await flagStore().ready();
}

/** Starts the cache (first load + timer) at server start; see docs/flags.md. */
export const startFlagRefresh = flagsReady;

export const stopFlagRefresh = (): void => flagStore().stop();

/** Reloads rules and overrides now; false when the database could not be read (last good kept). */
export const refreshFlags = (): Promise<boolean> => flagStore().refresh();

/** The hot path: synchronous, no I/O, never throws. Unknown keys do not type-check. */
export function evaluateFlag<K extends FlagKey>(key: K, tenantId: string): Evaluation<FlagValue<K>> {
  return flagStore().evaluate(key, tenantId) as Evaluation<FlagValue<K>>;
}

/** Through OpenFeature's standard client: value, variant, reason (and errorCode on ERROR). */
export async function flagDetails<K extends FlagKey>(key: K, tenantId: string): Promise<EvaluationDetails<FlagValue<K>>> {
  await Promise.all([flagsReady(), installFlagProvider()]);
  const client = flagClient();
  const ctx = { targetingKey: tenantId };
  // On an error OpenFeature answers with this value: the deployment default, as the evaluator does.
  const fallback = flagStore().deploymentDefault(key, tenantId);
  const type: FlagType = (FLAGS as Definitions)[key]!.type;
  const details =
    type === 'boolean'
      ? await client.getBooleanDetails(key, fallback as boolean, ctx)
      : type === 'string'
        ? await client.getStringDetails(key, fallback as string, ctx)
        : await client.getNumberDetails(key, fallback as number, ctx);
  return details as EvaluationDetails<FlagValue<K>>;
}

export async function flagValue<K extends FlagKey>(key: K, tenantId: string): Promise<FlagValue<K>> {
  return (await flagDetails(key, tenantId)).value;
}

/** `{ key: value }` of every flag for one tenant: what the browser gets (no rules, no other tenants). */
export async function evaluatedFlagsFor(tenantId: string): Promise<FlagValues> {
  await flagsReady();
  const store = flagStore();
  return Object.fromEntries(FLAG_KEYS.map((key) => [key, store.evaluate(key, tenantId).value])) as FlagValues;
}

export type TenantFlag = { key: FlagKey; description: string; type: FlagType } & Evaluation;

/** Every flag with value and reason for one tenant (the tenant admin's read-only page). */
export async function evaluatedFlagDetailsFor(tenantId: string): Promise<TenantFlag[]> {
  await flagsReady();
  const store = flagStore();
  return FLAG_KEYS.map((key) => {
    const def = FLAGS[key];
    return { key, description: def.description, type: def.type, ...(store.evaluate(key, tenantId) as Evaluation) };
  });
}

/**
 * Answer-engine probes for a report: only when the tenant's plan includes them AND the
 * aiEnhancedReports flag is on for the tenant (src/reports/run.ts; the AI provider must still
 * be configured there). Never throws: any flag error answers the flag's default.
 */
export async function probesEnabled(tenantId: string, plan: PlanId): Promise<boolean> {
  if (!PLANS[plan]?.answerEngineProbes) return false;
  return flagValue('aiEnhancedReports', tenantId);
}
