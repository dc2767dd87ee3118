/**
 * The flag evaluator: a pure, synchronous function of (definitions, snapshot, key, tenant).
 * The server's cache (store.ts), the OpenFeature provider, `evaluatedFlagsFor` and the
 * benchmark all call this one function; tests/flags-vectors.json pins its behaviour.
 * No I/O, no Node APIs: it never throws (any surprise becomes reason ERROR).
 *
 * Resolution, highest first (docs/flags.md):
 *   1. the tenant's override (flag_overrides)                   TARGETING_MATCH  variant 'override'
 *   2. the rule (flag_rules), when enabled:
 *        percentage 100                                         TARGETING_MATCH  variant 'rule'
 *        the tenant's bucket is below percentage × 100          SPLIT            variant 'rollout'
 *        otherwise: falls through
 *   3. the deployment default from the environment:
 *        tenant listed in FEATURE_<KEY>_TENANTS (booleans: true) TARGETING_MATCH variant 'tenant-list'
 *        FEATURE_<KEY> (or the flag's `env` name) set           STATIC           variant 'environment'
 *   4. the code default                                         DEFAULT          variant 'default'
 * On an error (malformed override or rule, rules not loaded yet, no tenant): the deployment
 * default (3, else 4) with reason ERROR and an error code.
 */
import { envNames, fitsType, type Definitions, type FlagDefinition, type FlagPrimitive } from './definitions';
import { inRolloutLower } from './hash';

export type Reason = 'STATIC' | 'TARGETING_MATCH' | 'SPLIT' | 'DEFAULT' | 'ERROR';
export type Variant = 'override' | 'rule' | 'rollout' | 'tenant-list' | 'environment' | 'default';
/** OpenFeature's error codes, the subset this evaluator produces. */
export type EvalErrorCode = 'FLAG_NOT_FOUND' | 'TYPE_MISMATCH' | 'PARSE_ERROR' | 'PROVIDER_NOT_READY' | 'TARGETING_KEY_MISSING' | 'GENERAL';

export type Evaluation<V = FlagPrimitive> = {
  value: V;
  reason: Reason;
  variant?: Variant;
  errorCode?: EvalErrorCode;
  errorMessage?: string;
};

/** A row of flag_rules as read (jsonb parsed); anything may be malformed. */
export type RuleRow = { key: string; enabled: unknown; percentage: unknown; value: unknown };
/** A row of flag_overrides as read. */
export type OverrideRow = { tenantId: string; flagKey: string; value: unknown };

export type EnvDefaults = {
  values: ReadonlyMap<string, FlagPrimitive>;
  tenants: ReadonlyMap<string, ReadonlySet<string>>;
  /** Settings that were present but unusable (shown on the operator page). */
  problems: readonly string[];
};

export type Snapshot = {
  /** False until the first successful load: evaluations then answer ERROR / PROVIDER_NOT_READY. */
  loaded: boolean;
  rules: ReadonlyMap<string, RuleRow>;
  /** tenant id (lower case) → flag key → value. */
  overrides: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
  env: EnvDefaults;
};

export type Environment = Record<string, string | undefined>;

const EMPTY_ENV: EnvDefaults = { values: new Map(), tenants: new Map(), problems: [] };

/** The deployment defaults of every flag, parsed once (on each cache refresh), never per evaluation. */
export function readEnvDefaults(defs: Definitions, env: Environment): EnvDefaults {
  const values = new Map<string, FlagPrimitive>();
  const tenants = new Map<string, ReadonlySet<string>>();
  const problems: string[] = [];
  for (const [key, def] of Object.entries(defs)) {
    const names = envNames(key, def);
    const raw = env[names.value];
    if (raw !== undefined && raw.trim() !== '') {
      const parsed = parseEnvValue(def, raw);
      if (parsed === undefined) problems.push(`${names.value}=${JSON.stringify(raw)} is not a valid ${def.type}; ignored`);
      else values.set(key, parsed);
    }
    const list = env[names.tenants];
    if (list !== undefined && list.trim() !== '') {
      if (def.type !== 'boolean') problems.push(`${names.tenants} applies to boolean flags only; ignored`);
      else
        tenants.set(
          key,
          new Set(
            list
              .split(',')
              .map((t) => t.trim().toLowerCase())
              .filter(Boolean),
          ),
        );
    }
  }
  return { values, tenants, problems };
}

function parseEnvValue(def: FlagDefinition, raw: string): FlagPrimitive | undefined {
  const text = raw.trim();
  if (def.type === 'boolean') return text.toLowerCase() === 'true' ? true : text.toLowerCase() === 'false' ? false : undefined;
  if (def.type === 'number') {
    const n = Number(text);
    return Number.isFinite(n) ? n : undefined;
  }
  return raw;
}

/** Indexes loaded rows for evaluation. Rows for keys the code does not declare are kept out. */
export function buildSnapshot(
  defs: Definitions,
  input: { rules: readonly RuleRow[]; overrides: readonly OverrideRow[]; env: EnvDefaults; loaded?: boolean },
): Snapshot {
  const known = (key: unknown): key is string => typeof key === 'string' && Object.prototype.hasOwnProperty.call(defs, key);
  const rules = new Map<string, RuleRow>();
  for (const r of input.rules) if (known(r.key)) rules.set(r.key, r);
  const overrides = new Map<string, Map<string, unknown>>();
  for (const o of input.overrides) {
    if (!known(o.flagKey) || typeof o.tenantId !== 'string') continue;
    const tenant = o.tenantId.toLowerCase();
    let byKey = overrides.get(tenant);
    if (!byKey) overrides.set(tenant, (byKey = new Map()));
    byKey.set(o.flagKey, o.value);
  }
  return { loaded: input.loaded ?? true, rules, overrides, env: input.env };
}

export const emptySnapshot = (env: EnvDefaults = EMPTY_ENV): Snapshot => ({ loaded: false, rules: new Map(), overrides: new Map(), env });

/** Layers 3–4: what the deployment gives a tenant without any database rule or override. */
export function deploymentDefault(def: FlagDefinition, key: string, tenantId: string, env: EnvDefaults): Evaluation {
  if (def.type === 'boolean' && env.tenants.get(key)?.has(tenantId)) return { value: true, reason: 'TARGETING_MATCH', variant: 'tenant-list' };
  const value = env.values.get(key);
  if (value !== undefined) return { value, reason: 'STATIC', variant: 'environment' };
  return { value: def.default, reason: 'DEFAULT', variant: 'default' };
}

const failure = (value: FlagPrimitive, errorCode: EvalErrorCode, errorMessage: string): Evaluation => ({
  value,
  reason: 'ERROR',
  errorCode,
  errorMessage,
});

/**
 * One flag for one tenant. `value` is null only for a key the definitions do not declare
 * (typed callers cannot ask for one).
 */
export function evaluate(defs: Definitions, snapshot: Snapshot, key: string, tenantId: string): Evaluation<FlagPrimitive | null> {
  const def = Object.prototype.hasOwnProperty.call(defs, key) ? defs[key] : undefined;
  if (!def) return { value: null, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND', errorMessage: `no flag "${key}" is declared` };
  try {
    if (typeof tenantId !== 'string' || tenantId === '') {
      return failure(deploymentDefault(def, key, '', snapshot.env).value, 'TARGETING_KEY_MISSING', 'no tenant id');
    }
    const tenant = tenantId.toLowerCase();
    const fallback = deploymentDefault(def, key, tenant, snapshot.env);
    if (!snapshot.loaded) return failure(fallback.value, 'PROVIDER_NOT_READY', 'flag rules have not been loaded yet');

    const byTenant = snapshot.overrides.get(tenant);
    if (byTenant?.has(key)) {
      const value = byTenant.get(key);
      if (!fitsType(def.type, value)) return failure(fallback.value, 'TYPE_MISMATCH', `override ${JSON.stringify(value)} is not a ${def.type}`);
      return { value, reason: 'TARGETING_MATCH', variant: 'override' };
    }

    const rule = snapshot.rules.get(key);
    if (rule && rule.enabled === true) {
      const p = rule.percentage;
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 100)
        return failure(fallback.value, 'PARSE_ERROR', `rule percentage ${JSON.stringify(p)} is not an integer from 0 to 100`);
      const value = rule.value === null || rule.value === undefined ? (def.type === 'boolean' ? true : undefined) : rule.value;
      if (!fitsType(def.type, value)) return failure(fallback.value, 'TYPE_MISMATCH', `rule value ${JSON.stringify(rule.value)} is not a ${def.type}`);
      if (p === 100) return { value, reason: 'TARGETING_MATCH', variant: 'rule' };
      if (p > 0 && inRolloutLower(key, tenant, p)) return { value, reason: 'SPLIT', variant: 'rollout' };
    }
    return fallback;
  } catch (err) {
    return failure(def.default, 'GENERAL', err instanceof Error ? err.message : String(err));
  }
}
