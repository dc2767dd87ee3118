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

/** A bare host name: the decoded value ends up in a CSP header and a script URL, so nothing else passes. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;

/**
 * The Frontend API host a publishable key encodes, as Clerk documents it:
 * `pk_test_` or `pk_live_` + base64("<host>$"), e.g. `careful-otter-12.clerk.accounts.dev` or
 * `clerk.example.com`. Null for anything else. Reads no settings, so proxy.ts uses it as well.
 */
export function clerkFrontendApi(publishableKey: string | null | undefined): string | null {
  const match = /^pk_(?:test|live)_([A-Za-z0-9+/]+={0,2})$/.exec(publishableKey?.trim() ?? '');
  if (!match) return null;
  let decoded: string;
  try {
    decoded = atob(match[1]!);
  } catch {
    return null;
  }
  if (!decoded.endsWith('$')) return null;
  const host = decoded.slice(0, -1);
  return HOST.test(host) ? host.toLowerCase() : null;
}

/**
 * What the sign-out button needs in Clerk mode (null outside it): where to go when clerk-js has
 * not loaded and so cannot sign out itself, Clerk's hosted sign-in page.
 */
export function clerkSignOut(): { signInUrl: string } | null {
  const hosted = clerkHostedPage('sign-in', '/');
  if (hosted === null) return null;
  // Without CLERK_SIGN_IN_URL our /sign-in page explains what is missing.
  return { signInUrl: hosted === 'unset' ? '/sign-in' : hosted };
}
