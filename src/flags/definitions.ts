/**
 * Every feature flag, declared in code. Safe to import anywhere (server, client, scripts): it
 * holds names, descriptions and code defaults only, never rules or overrides.
 *
 * Declaring a flag (docs/flags.md): add an entry below with `booleanFlag`, `stringFlag` or
 * `numberFlag`. The key is camelCase ASCII; it names the flag in the database, the operator
 * page and the environment (`FEATURE_<KEY>` / `FEATURE_<KEY>_TENANTS`, key upper-cased).
 */

export type FlagType = 'boolean' | 'string' | 'number';
export type ValueOfType<T extends FlagType> = T extends 'boolean' ? boolean : T extends 'string' ? string : number;
export type FlagPrimitive = boolean | string | number;

export type FlagDefinition<T extends FlagType = FlagType> = {
  type: T;
  /** What the flag changes, in words an operator and a dealer group admin understand. */
  description: string;
  /** The code default: the value when nothing else applies, and on any error. */
  default: ValueOfType<T>;
  /** Team or person to ask before changing or removing it. */
  owner: string;
  /**
   * Environment variable holding the deployment default for every tenant. Unset: `FEATURE_<KEY>`.
   * Booleans read 'true' / 'false'; numbers any finite number; strings the raw text.
   */
  env?: string;
};

type Declared<T extends FlagType> = Omit<FlagDefinition<T>, 'type'>;

export const booleanFlag = (d: Declared<'boolean'>): FlagDefinition<'boolean'> => ({ type: 'boolean', ...d });
export const stringFlag = (d: Declared<'string'>): FlagDefinition<'string'> => ({ type: 'string', ...d });
export const numberFlag = (d: Declared<'number'>): FlagDefinition<'number'> => ({ type: 'number', ...d });

export const FLAGS = {
  aiEnhancedReports: booleanFlag({
    description:
      'Answer-engine probes in reports (asks ChatGPT-style engines about the store). Also needs a plan that includes probes and a configured AI provider.',
    default: false,
    owner: 'reports',
    env: 'NEXT_PUBLIC_FEATURE_AI_REPORTS',
  }),
  newDashboard: booleanFlag({
    description: 'Redesigned dashboard overview: a multi-store comparison (stores × pillars, trends, sortable) beside the store cards.',
    default: false,
    owner: 'dashboard',
    env: 'NEXT_PUBLIC_FEATURE_NEW_DASHBOARD',
  }),
} as const satisfies Record<string, FlagDefinition>;

export type Flags = typeof FLAGS;
export type FlagKey = keyof Flags;
export type FlagValue<K extends FlagKey> = ValueOfType<Flags[K]['type']>;
/** What a tenant's server component passes to the browser: evaluated values only. */
export type FlagValues = { [K in FlagKey]: FlagValue<K> };

/** Any registry of definitions (the real one, or a synthetic one in the benchmark and tests). */
export type Definitions = Readonly<Record<string, FlagDefinition>>;

export const FLAG_KEYS = Object.keys(FLAGS) as FlagKey[];
export const KEY_PATTERN = /^[a-z][a-zA-Z0-9]{0,63}$/;

export const isFlagKey = (key: string): key is FlagKey => Object.prototype.hasOwnProperty.call(FLAGS, key);

/** Environment variable names of a flag (documented in docs/flags.md). */
export function envNames(key: string, def: Pick<FlagDefinition, 'env'>): { value: string; tenants: string } {
  const upper = key.toUpperCase();
  return { value: def.env ?? `FEATURE_${upper}`, tenants: `FEATURE_${upper}_TENANTS` };
}

/** Does a JSON value fit the flag's type? (Numbers must be finite.) */
export function fitsType(type: FlagType, value: unknown): value is FlagPrimitive {
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'string') return typeof value === 'string';
  return typeof value === 'number' && Number.isFinite(value);
}
