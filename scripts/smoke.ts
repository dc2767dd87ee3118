/**
 * Smoke test of a running deployment: `npm run smoke -- https://app.example.com`
 * (or `npx tsx scripts/smoke.ts <base-url>`). Read-only: the only write is an unsigned
 * webhook POST that must be refused. Prints each check; exits 1 if any fails.
 */

import { COMPILE_HINT } from './compile-hints';
import { pageScripts } from './page-scripts';

type Result = { name: string; ok: boolean; detail: string };

const TIMEOUT_MS = 15_000;
const results: Result[] = [];

function record(name: string, ok: boolean, detail = ''): void {
  results.push({ name, ok, detail });
  console.log(`${ok ? '✓' : '✗'} ${name}${detail ? ` (${detail})` : ''}`);
}

async function get(
  url: URL,
  init: RequestInit = {},
): Promise<{ res: Response; body: string } | { error: string }> {
  try {
    const res = await fetch(url, { redirect: 'follow', ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    return { res, body: await res.text() };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    return { error: e.cause?.code ?? e.cause?.message ?? e.message };
  }
}

const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? '')?.[1];

/** The headers every response must carry (set by proxy.ts / next.config.ts). */
function checkSecurityHeaders(
  label: string,
  res: Response,
  https: boolean,
  options: { requireNonce: boolean },
): void {
  const h = res.headers;
  const csp = h.get('content-security-policy');
  if (options.requireNonce)
    record(
      `${label}: Content-Security-Policy with a nonce`,
      !!nonceOf(csp),
      csp ? csp.slice(0, 120) : 'missing',
    );
  else record(`${label}: Content-Security-Policy`, !!csp, csp ? csp.slice(0, 120) : 'missing');
  const nosniff = h.get('x-content-type-options');
  record(
    `${label}: X-Content-Type-Options: nosniff`,
    nosniff?.toLowerCase() === 'nosniff',
    nosniff ?? 'missing',
  );
  record(`${label}: Referrer-Policy`, !!h.get('referrer-policy'), h.get('referrer-policy') ?? 'missing');
  record(
    `${label}: Permissions-Policy`,
    !!h.get('permissions-policy'),
    h.get('permissions-policy')?.slice(0, 80) ?? 'missing',
  );
  record(
    `${label}: Cross-Origin-Opener-Policy`,
    !!h.get('cross-origin-opener-policy'),
    h.get('cross-origin-opener-policy') ?? 'missing',
  );
  record(`${label}: no X-Powered-By`, !h.has('x-powered-by'), h.get('x-powered-by') ?? '');
  if (https) {
    const hsts = h.get('strict-transport-security');
    record(`${label}: Strict-Transport-Security`, !!hsts && /max-age=\d+/.test(hsts), hsts ?? 'missing');
  }
}

/** The build step after `next build` ran: each script the page's HTML loads starts with V8's compile hint. */
async function checkCompileHints(html: string, pageUrl: URL): Promise<void> {
  const srcs = pageScripts(html, pageUrl).filter((src) => new URL(src).pathname.startsWith('/_next/static/'));
  const missing: string[] = [];
  for (const src of srcs) {
    const script = await get(new URL(src));
    if ('error' in script || !script.body.startsWith(COMPILE_HINT)) missing.push(src.replace(/^.*\//, ''));
  }
  record(
    '/: first-load scripts carry the V8 compile hint',
    srcs.length > 0 && missing.length === 0,
    srcs.length === 0
      ? 'no scripts found'
      : missing.length
        ? `without it: ${missing.join(', ')}`
        : `${srcs.length} scripts`,
  );
}

async function main(): Promise<void> {
  const arg = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!arg) {
    console.error('usage: npm run smoke -- <base-url>   e.g. npm run smoke -- https://app.example.com');
    process.exit(2);
  }
  const base = new URL(arg.endsWith('/') ? arg : `${arg}/`);
  const https = base.protocol === 'https:';
  const at = (p: string) => new URL(p.replace(/^\//, ''), base);
  console.log(`Smoke test of ${base.origin}${https ? '' : ' (http: HSTS not checked)'}\n`);

  // Health: readiness, the same URL the load balancer and monitors use.
  const health = await get(at('/api/health'));
  if ('error' in health) record('GET /api/health answers', false, health.error);
  else {
    let status: unknown;
    try {
      status = (JSON.parse(health.body) as { status?: unknown }).status;
    } catch {
      status = undefined;
    }
    record('GET /api/health → 200', health.res.status === 200, `status ${health.res.status}`);
    record(
      '/api/health reports "pass" (or "warn")',
      status === 'pass' || status === 'warn',
      `status field ${JSON.stringify(status)}`,
    );
    checkSecurityHeaders('/api/health', health.res, https, { requireNonce: false });
  }

  // Home page: HTML, so the CSP must carry a per-request nonce.
  const home = await get(at('/'));
  if ('error' in home) record('GET / answers', false, home.error);
  else {
    record('GET / → 200', home.res.status === 200, `status ${home.res.status}`);
    checkSecurityHeaders('/', home.res, https, { requireNonce: true });
    const again = await get(at('/'));
    if (!('error' in again)) {
      const [a, b] = [
        nonceOf(home.res.headers.get('content-security-policy')),
        nonceOf(again.res.headers.get('content-security-policy')),
      ];
      if (a && b) record('/: CSP nonce differs per request', a !== b, a === b ? 'the same nonce twice' : '');
    }
    await checkCompileHints(home.body, at('/'));
  }

  const signIn = await get(at('/sign-in'));
  if ('error' in signIn) record('GET /sign-in answers', false, signIn.error);
  else {
    record('GET /sign-in → 200', signIn.res.status === 200, `status ${signIn.res.status}`);
    record(
      '/sign-in renders a form',
      /<form[\s>]/i.test(signIn.body),
      /<form[\s>]/i.test(signIn.body) ? '' : 'no <form> in the HTML',
    );
  }

  // Stripe webhook without a signature: 400 when Stripe is configured, 503 when it is not.
  const webhook = await get(at('/api/stripe/webhook'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'evt_smoke_test', type: 'smoke.test' }),
  });
  if ('error' in webhook) record('POST /api/stripe/webhook answers', false, webhook.error);
  else {
    const s = webhook.res.status;
    record(
      'POST /api/stripe/webhook without a signature is refused (400, or 503 when Stripe is not configured)',
      s === 400 || s === 503,
      s === 400
        ? '400: Stripe configured, signature required'
        : s === 503
          ? '503: Stripe not configured on this deployment'
          : `status ${s}`,
    );
  }

  const robots = await get(at('/robots.txt'));
  if ('error' in robots) record('GET /robots.txt answers', false, robots.error);
  else
    record(
      'GET /robots.txt → 200',
      robots.res.status === 200 && /user-agent/i.test(robots.body),
      `status ${robots.res.status}`,
    );

  const sitemap = await get(at('/sitemap.xml'));
  if ('error' in sitemap) record('GET /sitemap.xml answers', false, sitemap.error);
  else
    record(
      'GET /sitemap.xml → 200',
      sitemap.res.status === 200 && sitemap.body.includes('<urlset'),
      `status ${sitemap.res.status}`,
    );

  const status = await get(at('/status'));
  if ('error' in status) record('GET /status answers', false, status.error);
  else record('GET /status → 200', status.res.status === 200, `status ${status.res.status}`);

  const failed = results.filter((r) => !r.ok);
  console.log(`\n${results.length - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length ? 1 : 0);
}

void main();
