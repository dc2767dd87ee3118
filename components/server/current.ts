import 'server-only';
import { cache } from 'react';
import { requirePrincipal } from '@/src/web/session';
import { getProfile } from '@/src/users';

/**
 * The signed-in shell's principal and profile, read once per request: the layout and the
 * page both ask for them, and React's request cache keeps that to one session lookup.
 */
export const currentPrincipal = cache(requirePrincipal);

export const currentContext = cache(async () => {
  const principal = await currentPrincipal();
  const profile = await getProfile(principal);
  const tenant = profile.tenants.find((t) => t.id === principal.tenantId) ?? { id: principal.tenantId, name: 'Dealer group', role: principal.role };
  return { principal, profile, tenant };
});

/** Domain code throws a Problem with an HTTP status; pages turn some of them into UI states. */
export const problemStatus = (err: unknown): number | undefined => {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
};

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
export const formatDate = (value: string | Date) => dateFormat.format(new Date(value));
