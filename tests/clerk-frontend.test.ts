import { afterEach, describe, expect, it, vi } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { clerkFrontendApi, clerkSignOut } from '@/src/auth/clerk/urls';
import { resetEnvCache } from '@/src/config/env';
import { CLERK_BOOTSTRAP, ClerkScript, ClerkScriptTags } from '@/components/auth/ClerkScript';

// The nonce proxy.ts puts on the request.
vi.mock('next/headers', () => ({ headers: async () => new Headers({ 'x-nonce': 'cmVxdWVzdC1ub25jZQ==' }) }));

const b64 = (s: string) => Buffer.from(s).toString('base64');
const TEST_KEY = `pk_test_${b64('careful-otter-12.clerk.accounts.dev$')}`;
const LIVE_KEY = 'pk_live_Y2xlcmsuZXhhbXBsZS5jb20k'; // base64("clerk.example.com$")
const CLERK_SETTINGS = ['CLERK_SECRET_KEY', 'CLERK_JWT_KEY', 'CLERK_PUBLISHABLE_KEY', 'CLERK_SIGN_IN_URL'];

function settings(values: Record<string, string>) {
  for (const name of CLERK_SETTINGS) delete process.env[name];
  Object.assign(process.env, values);
  resetEnvCache();
}

afterEach(() => settings({}));

describe('clerkFrontendApi (publishable key → Frontend API host)', () => {
  it('decodes test and live keys', () => {
    expect(clerkFrontendApi(TEST_KEY)).toBe('careful-otter-12.clerk.accounts.dev');
    expect(clerkFrontendApi(LIVE_KEY)).toBe('clerk.example.com');
    expect(clerkFrontendApi(` ${LIVE_KEY}\n`)).toBe('clerk.example.com');
  });

  it('anything else is null', () => {
    for (const key of [
      undefined,
      null,
      '',
      'pk_test_',
      'sk_test_Y2xlcmsuZXhhbXBsZS5jb20k', // a secret key
      'pk_prod_Y2xlcmsuZXhhbXBsZS5jb20k',
      'pk_test_!!!notbase64',
      `pk_test_${b64('clerk.example.com')}`, // no trailing $
      `pk_test_${b64('$')}`,
      `pk_test_${b64('evil.example; script-src *$')}`, // would inject into the CSP
      `pk_test_${b64('clerk.example.com/path$')}`,
      `pk_test_${b64('localhost$')}`,
    ])
      expect(clerkFrontendApi(key), String(key)).toBeNull();
  });
});

describe('ClerkScript (root layout)', () => {
  it('built-in auth: renders nothing', async () => {
    settings({ CLERK_PUBLISHABLE_KEY: TEST_KEY });
    expect(await ClerkScript()).toBeNull();
    expect(clerkSignOut()).toBeNull();
  });

  it('Clerk mode: clerk-js from the Frontend API and its bootstrap, both with the request nonce', async () => {
    settings({
      CLERK_SECRET_KEY: 'sk_test_x',
      CLERK_JWT_KEY: 'pem',
      CLERK_PUBLISHABLE_KEY: TEST_KEY,
      CLERK_SIGN_IN_URL: 'https://accounts.example.test/sign-in',
    });
    const html = renderToStaticMarkup((await ClerkScript())!);
    expect(html).toBe(
      renderToStaticMarkup(
        createElement(ClerkScriptTags, {
          publishableKey: TEST_KEY,
          host: 'careful-otter-12.clerk.accounts.dev',
          nonce: 'cmVxdWVzdC1ub25jZQ==',
        }),
      ),
    );
    const [script, bootstrap] = html.split('</script>');
    expect(script).toContain(
      'src="https://careful-otter-12.clerk.accounts.dev/npm/@clerk/clerk-js@5/dist/clerk.browser.js"',
    );
    expect(script).toContain(`data-clerk-publishable-key="${TEST_KEY}"`);
    expect(script).toContain('crossorigin="anonymous"');
    expect(script).toMatch(/ async=""/);
    expect(script).toContain('nonce="cmVxdWVzdC1ub25jZQ=="');
    expect(bootstrap).toBe(`<script nonce="cmVxdWVzdC1ub25jZQ==">${CLERK_BOOTSTRAP}`);
    expect(clerkSignOut()).toEqual({
      signInUrl: `https://accounts.example.test/sign-in?redirect_url=${encodeURIComponent('http://localhost:3000/')}`,
    });
  });

  it('the bootstrap starts clerk-js exactly once, whichever load comes first', async () => {
    const load = vi.fn(async () => undefined);
    const listeners: (() => void)[] = [];
    const target = { addEventListener: (_: string, fn: () => void) => listeners.push(fn) };
    const window: { Clerk?: { load: typeof load }; addEventListener: typeof target.addEventListener } = {
      ...target,
    };
    const document = { querySelector: () => target };
    new Function('window', 'document', CLERK_BOOTSTRAP)(window, document);
    expect(load).not.toHaveBeenCalled(); // clerk-js has not run yet
    window.Clerk = { load };
    for (const fire of listeners) fire(); // the script's load, then the page's
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('Clerk mode without a usable publishable key: nothing (production refuses to start so)', async () => {
    settings({
      CLERK_SECRET_KEY: 'sk_test_x',
      CLERK_JWT_KEY: 'pem',
      CLERK_PUBLISHABLE_KEY: 'pk_test_garbage',
    });
    expect(await ClerkScript()).toBeNull();
  });
});
