/**
 * Security headers for every response, with a fresh script nonce per request. Pure, so it is
 * tested without a server; proxy.ts applies it.
 */
export function securityHeaders(options: { nonce: string; production: boolean; connectSources?: string[] }): Record<string, string> {
  const { nonce, production } = options;
  const connect = ["'self'", ...(options.connectSources ?? [])].join(' ');
  const csp = [
    `default-src 'self'`,
    // 'strict-dynamic': scripts loaded by a nonced script are trusted; no inline or eval in production.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${production ? '' : " 'unsafe-eval'"}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src ${connect}`,
    `frame-src 'self'`,
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
