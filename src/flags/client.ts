/**
 * The browser's side of flags: it receives evaluated values for its own tenant from a server
 * component (`evaluatedFlagsFor`), never rules or overrides. `readFlags` turns whatever arrived
 * into typed props: a missing key or a value of the wrong type becomes the code default, so a
 * stale or partial payload can never crash a client component. Pure: safe on both sides.
 */
import { FLAGS, fitsType, type Definitions, type FlagKey, type FlagValue, type FlagValues } from './definitions';

export function readFlags(raw: unknown): FlagValues;
export function readFlags(raw: unknown, defs: Definitions): Record<string, boolean | string | number>;
export function readFlags(raw: unknown, defs: Definitions = FLAGS): Record<string, boolean | string | number> {
  const source = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const out: Record<string, boolean | string | number> = {};
  for (const [key, def] of Object.entries(defs)) {
    const value = Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
    out[key] = fitsType(def.type, value) ? value : def.default;
  }
  return out;
}

/** One flag's value from props received from the server. */
export const flagFrom = <K extends FlagKey>(values: unknown, key: K): FlagValue<K> => readFlags(values)[key];
