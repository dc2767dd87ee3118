import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { securityHeaders } from '@/src/web/security-headers';
import { proxy } from '@/proxy';

const NONCE = 'bm9uY2U=';
const SENTRY = 'https://o1.ingest.sentry.io';
const CLERK = 'https://careful-otter-12.clerk.accounts.dev';
const CLERK_KEY = 'pk_test_Y2FyZWZ1bC1vdHRlci0xMi5jbGVyay5hY2NvdW50cy5kZXYk'; // base64("careful-otter-12.clerk.accounts.dev$")

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d] as const));

/** What proxy.ts sends for a page, with these settings in process.env. */
function proxiedCsp(settings: Record<string, string>): string {
  Object.assign(process.env, settings);
  try {
    return proxy(new NextRequest('http://localhost:3000/dashboard')).headers.get('content-security-policy')!;
  } finally {
    for (const name of Object.keys(settings)) delete process.env[name];
  }
}

describe('Content-Security-Policy', () => {
  it('built-in auth: exactly the policy it had before Clerk mode existed', () => {
    // Recorded from the implementation before the Clerk origins were added; must not change.
    const production =
      "default-src 'self'; script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self' https://o1.ingest.sentry.io; frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests";
    const development =
      "default-src 'self'; script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self' https://o1.ingest.sentry.io; frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    for (const clerkOrigin of [undefined, null]) {
      expect(
        securityHeaders({ nonce: NONCE, production: true, connectSources: [SENTRY], clerkOrigin })[
          'Content-Security-Policy'
        ],
      ).toBe(production);
      expect(
        securityHeaders({ nonce: NONCE, production: false, connectSources: [SENTRY], clerkOrigin })[
          'Content-Security-Policy'
        ],
      ).toBe(development);
    }
    // Through the proxy: a publishable key alone (no Clerk mode) adds nothing.
    const csp = proxiedCsp({ CLERK_PUBLISHABLE_KEY: CLERK_KEY });
    expect(csp).not.toMatch(/clerk/);
    expect(csp).toMatch(/^default-src 'self'; script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  });

  it("Clerk mode: the Frontend API in script-, connect-, img- and frame-src, Clerk's images, blob: workers, the rest unchanged", () => {
    const csp = proxiedCsp({
      CLERK_SECRET_KEY: 'sk_test_x',
      CLERK_JWT_KEY: 'pem',
      CLERK_PUBLISHABLE_KEY: CLERK_KEY,
    });
    const d = directives(csp);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    // NODE_ENV is 'test' here, so the development policy (with 'unsafe-eval').
    expect(d.get('script-src')).toBe(
      `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' ${CLERK} 'unsafe-eval'`,
    );
    expect(d.get('connect-src')).toBe(`connect-src 'self' ${CLERK}`);
    expect(d.get('img-src')).toBe(`img-src 'self' data: blob: ${CLERK} https://img.clerk.com`);
    expect(d.get('frame-src')).toBe(`frame-src 'self' ${CLERK}`);

    const builtIn = directives(securityHeaders({ nonce, production: false })['Content-Security-Policy']!);
    for (const [name, value] of builtIn) {
      if (!['script-src', 'connect-src', 'img-src', 'frame-src'].includes(name))
        expect(d.get(name)).toBe(value);
    }
    // One directive more: clerk-js's refresh timers run in a blob: worker.
    expect(d.get('worker-src')).toBe(`worker-src 'self' blob:`);
    const names = [...builtIn.keys()];
    names.splice(names.indexOf('frame-src') + 1, 0, 'worker-src');
    expect([...d.keys()]).toEqual(names);

    // Beside Sentry, and nothing for a key that does not decode to a host.
    expect(
      securityHeaders({ nonce, production: true, connectSources: [SENTRY], clerkOrigin: CLERK })[
        'Content-Security-Policy'
      ],
    ).toContain(`connect-src 'self' ${SENTRY} ${CLERK};`);
    expect(
      proxiedCsp({
        CLERK_SECRET_KEY: 'sk_test_x',
        CLERK_JWT_KEY: 'pem',
        CLERK_PUBLISHABLE_KEY: 'pk_test_bm90IGEgaG9zdA==',
      }),
    ).not.toMatch(/clerk/);
  });
});
