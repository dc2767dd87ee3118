'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { readFlags } from '@/src/flags/client';
import type { FlagKey, FlagValue, FlagValues } from '@/src/flags/definitions';

const FlagsContext = createContext<FlagValues | null>(null);

/**
 * Hands a tenant's evaluated flags (from `evaluatedFlagsFor` in a server component) to client
 * components below it. Only values travel to the browser: no rules, no other tenants.
 *
 *   <FlagsProvider values={await evaluatedFlagsFor(principal.tenantId)}>…</FlagsProvider>
 */
export function FlagsProvider({ values, children }: { values: unknown; children: ReactNode }) {
  return <FlagsContext.Provider value={readFlags(values)}>{children}</FlagsContext.Provider>;
}

/** A flag's value for the signed-in tenant; the code default outside a FlagsProvider. */
export function useFlag<K extends FlagKey>(key: K): FlagValue<K> {
  const values = useContext(FlagsContext) ?? readFlags(null);
  return values[key];
}
