import { clerkMode, env } from '@/src/config/env';

/**
 * Where the built-in sign-in and sign-up pages send people in Clerk mode: Clerk's hosted page
 * (CLERK_SIGN_IN_URL / CLERK_SIGN_UP_URL) with `redirect_url` back to where they were going.
 * 'unset' in Clerk mode without that URL (the page explains); null outside Clerk mode.
 */
export function clerkHostedPage(kind: 'sign-in' | 'sign-up', next: string): string | 'unset' | null {
  const e = env();
  if (!clerkMode(e)) return null;
  const base = kind === 'sign-in' ? e.CLERK_SIGN_IN_URL : e.CLERK_SIGN_UP_URL;
  if (!base) return 'unset';
  const url = new URL(base);
  url.searchParams.set('redirect_url', new URL(next, e.APP_URL).toString());
  return url.toString();
}
