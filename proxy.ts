import { NextResponse, type NextRequest } from 'next/server';
import { connectSources, securityHeaders } from './src/web/security-headers';
import { clerkMode } from './src/config/env';
import { clerkFrontendApi } from './src/auth/clerk/urls';

/**
 * Runs before every request: a per-request nonce for the CSP (Next.js reads it from the request's
 * Content-Security-Policy header and puts it on its own scripts), and the security headers on
 * every response, pages and API alike.
 */
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  // Clerk mode: pages load clerk-js from the Frontend API named by the publishable key.
  const { CLERK_SECRET_KEY, CLERK_JWT_KEY, CLERK_PUBLISHABLE_KEY } = process.env;
  const clerkHost = clerkMode({ CLERK_SECRET_KEY, CLERK_JWT_KEY })
    ? clerkFrontendApi(CLERK_PUBLISHABLE_KEY)
    : null;
  const headers = securityHeaders({
    nonce,
    production: process.env.NODE_ENV === 'production',
    connectSources: connectSources({ NEXT_PUBLIC_SENTRY_DSN: process.env.NEXT_PUBLIC_SENTRY_DSN }),
    clerkOrigin: clerkHost ? `https://${clerkHost}` : null,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
