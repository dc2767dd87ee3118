/** Where Clerk serves user and organization images (docs/auth.md). */
export const CLERK_IMAGES = 'https://img.clerk.com';

/**
 * Security headers for every response, with a fresh script nonce per request. Pure, so it is
 * tested without a server; proxy.ts applies it. `clerkOrigin` (Clerk mode only) is the instance's
 * Frontend API, e.g. https://clerk.example.com: pages load clerk-js from it, and clerk-js calls it
 * to refresh the session, shows avatars from it and img.clerk.com, and may frame it. Without it
 * the policy is exactly the built-in auth's (docs/auth.md, "Clerk in the browser").
 */
export function securityHeaders(options: {
  nonce: string;
  production: boolean;
  connectSources?: string[];
  clerkOrigin?: string | null;
}): Record<string, string> {
  const { nonce, production } = options;
  const clerk = options.clerkOrigin ? [options.clerkOrigin] : [];
  const sources = (...list: string[]) => list.join(' ');
  const csp = [
    `default-src 'self'`,
    // 'strict-dynamic': scripts loaded by a nonced script are trusted; no inline or eval in production.
    // Clerk's origin as well, for browsers without 'strict-dynamic' (those with it ignore host sources).
    `script-src ${sources("'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...clerk, ...(production ? [] : ["'unsafe-eval'"]))}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src ${sources("'self'", 'data:', 'blob:', ...(clerk.length > 0 ? [...clerk, CLERK_IMAGES] : []))}`,
    `font-src 'self'`,
    `connect-src ${sources("'self'", ...(options.connectSources ?? []), ...clerk)}`,
    `frame-src ${sources("'self'", ...clerk)}`,
    // clerk-js runs its session-refresh timers in a worker made from a blob: URL (so background tabs
    // do not throttle them); Clerk's CSP guide asks for exactly this.
    ...(clerk.length > 0 ? [`worker-src 'self' blob:`] : []),
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    ...(production ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    ...(production ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload' } : {}),
  };
}

/** Hosts the browser may call besides our own origin: Sentry's ingest when a DSN is set. */
export function connectSources(env: { NEXT_PUBLIC_SENTRY_DSN?: string }): string[] {
  const sources: string[] = [];
  try {
    if (env.NEXT_PUBLIC_SENTRY_DSN) sources.push(new URL(env.NEXT_PUBLIC_SENTRY_DSN).origin);
  } catch {
    // an unparsable DSN adds nothing
  }
  return sources;
}
