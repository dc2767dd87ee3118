/**
 * The accessibility suite: axe (WCAG 2.0/2.1/2.2 A and AA) on every page, signed out and in, in
 * each state that matters: empty (a fresh dealer group), populated, validation errors, dialogs
 * open, error pages. Zero violations is the bar; a page that does not exist yet is a failure.
 *
 * The page list is PAGES below: one entry per page and state. To cover a new page add an entry
 * (who sees it, its path, optionally the state to put it in). e2e/screenshots.ts photographs
 * the same list at 360 and 1280 px.
 *
 * Accounts are made through the API, not the UI (the journey and keyboard suites cover the UI):
 * a newcomer without a dealer group, a fresh owner (empty group), an owner with a populated
 * group (a dealership, a finished scan when E2E_DEMO_SITE_URL is set, a member, a pending
 * invitation) and, when E2E_OPERATOR_EMAIL is set (e2e/run.ts sets it and lists it in the
 * server's OPERATOR_EMAILS), an operator for /ops.
 *
 * Run against a running app: `BASE_URL=http://localhost:3000 npx tsx e2e/a11y.ts`
 * (`npm run test:browser` runs it with the other suites, see e2e/run.ts).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { axeViolations } from './axe';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './journey';

export const ARTIFACTS = path.resolve(process.env.ARTIFACTS_DIR ?? '.ci-artifacts');
export const TIMEOUT_MS = Number(process.env.JOURNEY_TIMEOUT_MS ?? 30_000);
const SCAN_TIMEOUT_MS = Number(process.env.JOURNEY_SCAN_TIMEOUT_MS ?? 90_000);

// ---------------------------------------------------------------------------
// A small harness shared by the a11y, keyboard and screenshot suites
// ---------------------------------------------------------------------------

export type Outcome = { name: string; status: 'passed' | 'failed' | 'skipped'; detail?: string };

export const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);

export const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Checks are independent: a failure is recorded and the suite goes on. */
export class Suite {
  readonly outcomes: Outcome[] = [];
  readonly pageErrors: string[] = [];
  readonly consoleErrors: string[] = [];

  constructor(readonly title: string) {}

  pass(name: string, note = ''): void {
    this.outcomes.push({ name, status: 'passed' });
    console.log(`PASS  ${name}${note ? ` ${note}` : ''}`);
  }

  fail(name: string, detail: string): void {
    this.outcomes.push({ name, status: 'failed', detail });
    console.log(`FAIL  ${name}\n${indent(detail)}`);
  }

  skip(name: string, why: string): void {
    this.outcomes.push({ name, status: 'skipped', detail: why });
    console.log(`SKIP  ${name}: ${why}`);
  }

  async check(name: string, fn: () => Promise<string | void>): Promise<boolean> {
    const started = Date.now();
    try {
      const note = await fn();
      this.pass(name, note ? `(${note}, ${Date.now() - started} ms)` : `(${Date.now() - started} ms)`);
      return true;
    } catch (err) {
      this.fail(name, err instanceof Error ? (err.stack ?? err.message) : String(err));
      return false;
    }
  }

  watch(page: Page, who: string): void {
    page.on('pageerror', (err) => this.pageErrors.push(`${who} on ${page.url()}: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(`${who} on ${page.url()}: ${msg.text().slice(0, 300)}`);
    });
  }

  /** Prints the last line, `N passed, N failed`; skipped checks count as neither. */
  finish(): { passed: number; failed: number } {
    if (this.consoleErrors.length > 0) {
      console.log(`console errors seen (informational):\n${indent([...new Set(this.consoleErrors)].slice(0, 30).join('\n'))}`);
    }
    if (this.pageErrors.length > 0) this.fail('no uncaught errors in the browser', [...new Set(this.pageErrors)].join('\n'));
    else this.pass('no uncaught errors in the browser');
    // Chromium reports every blocked load or inline script as a console error naming the policy.
    const cspViolations = [...new Set(this.consoleErrors.filter((e) => /Content Security Policy/i.test(e)))];
    if (cspViolations.length > 0) this.fail('no Content-Security-Policy violations', cspViolations.join('\n'));
    else this.pass('no Content-Security-Policy violations');
    const passed = this.outcomes.filter((o) => o.status === 'passed').length;
    const failed = this.outcomes.filter((o) => o.status === 'failed').length;
    const skipped = this.outcomes.filter((o) => o.status === 'skipped').length;
    console.log(`${this.title}: ${skipped} skipped`);
    console.log(`${passed} passed, ${failed} failed`);
    return { passed, failed };
  }
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Full page loads: wait until React has hydrated (components/HydrationMarker.tsx). */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
}

// ---------------------------------------------------------------------------
// Accounts and data, made through the API
// ---------------------------------------------------------------------------

export type Account = {
  name: string;
  email: string;
  password: string;
  context: BrowserContext;
  page: Page;
};

export type World = {
  base: string;
  runId: string;
  demoSite?: string;
  anonymous: { context: BrowserContext; page: Page };
  /** Signed up, no dealer group yet: onboarding. */
  newcomer: Account;
  /** Owner of an empty dealer group. */
  fresh: Account & { groupName: string };
  /** Owner of a group with a dealership, a report (with a demo site), a member and a pending invitation. */
  owner: Account & { groupName: string; dealershipId: string; dealershipName: string; reportId: string | null; memberName: string };
  operator: Account | null;
  close(): Promise<void>;
};

type Json = Record<string, unknown>;

/** A JSON call from the context (its cookies), as the browser would make it. */
export async function api<T = Json>(context: BrowserContext, base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await context.request.fetch(`${base}${path}`, {
    method,
    headers: { origin: base, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    data: body === undefined ? undefined : JSON.stringify(body),
    failOnStatusCode: false,
  });
  const text = await res.text();
  if (!res.ok()) throw new Error(`${method} ${path} answered ${res.status()}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

export async function signUpViaApi(context: BrowserContext, base: string, who: { name: string; email: string; password: string }): Promise<void> {
  await api(context, base, 'POST', '/api/auth/sign-up/email', who);
}

/** Signs in, or signs up first when the account does not exist yet (the operator is reused across runs). */
export async function signInOrUp(context: BrowserContext, base: string, who: { name: string; email: string; password: string }): Promise<void> {
  try {
    await api(context, base, 'POST', '/api/auth/sign-in/email', { email: who.email, password: who.password });
  } catch {
    await signUpViaApi(context, base, who);
  }
}

/**
 * Operator pages need a verified address (src/flags/operators.ts): opens the newest verification
 * link the app emailed, read from its outbox (DATABASE_SYSTEM_URL, the role its email worker
 * uses), in the person's browser.
 */
export async function openEmailedVerificationLink(context: BrowserContext, base: string, email: string): Promise<void> {
  // The account may be reused from an earlier run: verified already, or its first link expired.
  // Asking again answers 400 when verified, else leaves a link valid for the hour in the outbox.
  const again = await context.request.post(`${base}/api/auth/send-verification-email`, {
    headers: { origin: base, 'content-type': 'application/json' },
    data: JSON.stringify({ email }),
    failOnStatusCode: false,
  });
  if (again.status() === 400 && (await again.json().catch(() => ({}))).code === 'email_already_verified') return;
  if (!again.ok()) throw new Error(`asking for a verification link answered ${again.status()}: ${(await again.text()).slice(0, 200)}`);
  const url = process.env.DATABASE_SYSTEM_URL;
  if (!url) throw new Error('DATABASE_SYSTEM_URL is needed to read the verification email from the outbox');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let body: string | undefined;
  try {
    const { rows } = await client.query<{ text_body: string }>(
      `select text_body from email_outbox where to_address = $1 and template = 'verify_email' order by created_at desc limit 1`,
      [email],
    );
    body = rows[0]?.text_body;
  } finally {
    await client.end();
  }
  const link = /https?:\/\/\S+\/api\/auth\/verify-email\?\S+/.exec(body ?? '')?.[0];
  if (!link) throw new Error(`no verification email for ${email} in the outbox`);
  // The link names the app's APP_URL; the suites may reach the app at another address.
  const { pathname, search } = new URL(link);
  const page = await context.newPage();
  try {
    await page.goto(`${base}${pathname}${search}`);
  } finally {
    await page.close();
  }
}

export const sampleDealership = (name: string, website: string) => ({
  name,
  websiteUrl: website,
  address: '1200 River Rd',
  city: 'Austin',
  state: 'TX',
  zip: '78701',
  phone: '(512) 555-0142',
  brands: ['Toyota', 'Lexus'],
  monthlyUsedUnitSales: 140,
  avgFrontEndGross: 2100,
});

export async function waitForReport(context: BrowserContext, base: string, reportId: string, timeoutMs = SCAN_TIMEOUT_MS): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let status = 'unknown';
  while (Date.now() < deadline) {
    const report = await api<{ status: string }>(context, base, 'GET', `/api/reports/${reportId}`);
    status = report.status;
    if (status === 'succeeded' || status === 'failed') return status;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`report ${reportId} still ${status} after ${timeoutMs / 1000} s`);
}

export const OPERATOR_PASSWORD = process.env.E2E_OPERATOR_PASSWORD ?? 'operator-e2e-password-1';

/** Everyone the page list needs, each in their own browser context. */
export async function buildWorld(browser: Browser, baseUrl: string, suite: Suite, viewport = { width: 1280, height: 800 }): Promise<World> {
  const base = baseUrl.replace(/\/$/, '');
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const demoSite = process.env.E2E_DEMO_SITE_URL?.replace(/\/$/, '');
  const contexts: BrowserContext[] = [];
  const open = async (who: string) => {
    const context = await browser.newContext({ baseURL: base, viewport, timezoneId: 'America/Chicago' });
    // tsx (esbuild keepNames) wraps functions declared inside page.evaluate callbacks in `__name`.
    await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    page.setDefaultNavigationTimeout(TIMEOUT_MS);
    suite.watch(page, who);
    return { context, page };
  };
  const person = (role: string, name: string) => ({ name, email: `${role}-${runId}@example.test`, password: `${role}-pass-${runId}` });

  const anonymous = await open('anonymous');

  const newcomer = { ...person('newcomer', 'Nina Newcomer'), ...(await open('newcomer')) };
  await signUpViaApi(newcomer.context, base, newcomer);

  const fresh = { ...person('fresh', 'Fred Fresh'), ...(await open('fresh')), groupName: `Empty Motor Group ${runId}` };
  await signUpViaApi(fresh.context, base, fresh);
  await api(fresh.context, base, 'POST', '/api/tenants', { name: fresh.groupName });

  const ownerPerson = { ...person('owner', 'Olivia Owner'), ...(await open('owner')) };
  await signUpViaApi(ownerPerson.context, base, ownerPerson);
  const groupName = `Populated Motor Group ${runId}`;
  await api(ownerPerson.context, base, 'POST', '/api/tenants', { name: groupName });
  const dealershipName = `Riverside Toyota ${runId}`;
  const dealership = await api<{ id: string }>(
    ownerPerson.context,
    base,
    'POST',
    '/api/dealerships',
    sampleDealership(dealershipName, demoSite ?? 'https://riverside-toyota.example'),
  );
  let reportId: string | null = null;
  if (demoSite) {
    const queued = await api<{ reportId: string }>(ownerPerson.context, base, 'POST', '/api/reports/generate', { dealershipId: dealership.id });
    reportId = queued.reportId;
    const status = await waitForReport(ownerPerson.context, base, reportId);
    if (status !== 'succeeded') console.log(`NOTE  the populated group's scan ended "${status}"`);
  } else {
    console.log('NOTE  E2E_DEMO_SITE_URL is not set: no scan, so the report pages are skipped.');
  }
  // A member who joined (for the remove-member dialog) and a pending invitation.
  const member = { ...person('member', 'Mia Member'), ...(await open('member')) };
  const invitation = await api<{ id: string; url: string }>(ownerPerson.context, base, 'POST', '/api/members/invitations', { email: member.email, role: 'viewer' });
  await signUpViaApi(member.context, base, member);
  const token = new URL(invitation.url).pathname.split('/').pop()!;
  await api(member.context, base, 'POST', `/api/invitations/${invitation.id}/accept`, { token });
  await api(ownerPerson.context, base, 'POST', '/api/members/invitations', { email: `pending-${runId}@example.test`, role: 'manager' });
  const owner = { ...ownerPerson, groupName, dealershipId: dealership.id, dealershipName, reportId, memberName: member.name };

  let operator: Account | null = null;
  const operatorEmail = process.env.E2E_OPERATOR_EMAIL;
  if (operatorEmail) {
    operator = { name: 'Oscar Operator', email: operatorEmail, password: OPERATOR_PASSWORD, ...(await open('operator')) };
    await signInOrUp(operator.context, base, operator);
    await openEmailedVerificationLink(operator.context, base, operator.email);
  }

  return {
    base,
    runId,
    demoSite,
    anonymous,
    newcomer,
    fresh,
    owner,
    operator,
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
    },
  };
}

// ---------------------------------------------------------------------------
// Every page, and the states that matter
// ---------------------------------------------------------------------------

export type Who = 'anonymous' | 'newcomer' | 'fresh' | 'owner' | 'operator';

export type PageSpec = {
  /** Label in the output and the screenshot file name. */
  name: string;
  who: Who;
  /** The path, or null when the world has no such page (e.g. no report without a demo site). */
  path: string | ((w: World) => string | null);
  /** Expected document status; null to accept any (pages whose status depends on streaming). */
  status?: number | null;
  /** Only outside production (the dev mailbox). */
  devOnly?: boolean;
  /** Extra axe exclusions (CSS selectors). */
  exclude?: string[];
  /** Puts the loaded page into the state to check (submit an invalid form, open a dialog, ...). */
  state?: (page: Page, w: World) => Promise<void>;
};

const missingUuid = '00000000-0000-4000-8000-000000000000';

async function submitInvalid(page: Page, button: string, fill: Record<string, string> = {}): Promise<void> {
  for (const [label, value] of Object.entries(fill)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.locator('[aria-invalid="true"]').first().waitFor({ state: 'visible' });
}

async function openDialog(page: Page, trigger: RegExp | string): Promise<void> {
  await page.getByRole('button', { name: trigger }).first().click();
  await page.getByRole('dialog').first().waitFor({ state: 'visible' });
}

/**
 * The exit-intent offer arms 4 s after load; then the pointer leaves through the top edge. The
 * "shown this week" mark is cleared first, so a suite can open it once per viewport.
 */
export async function leaveThroughTop(page: Page): Promise<void> {
  await page.evaluate(() => localStorage.removeItem('dealershipai:exit-intent-shown-at'));
  // Its code loads after hydration (desktop only); the 4 s start when the closed dialog mounts.
  await page.locator('dialog').first().waitFor({ state: 'attached' });
  await page.waitForTimeout(4_200);
  await pointerLeavesThroughTop(page);
}

/** The event a pointer leaving the window through its top edge fires (the mouse itself is not used). */
export async function pointerLeavesThroughTop(page: Page): Promise<void> {
  await page.evaluate(() => document.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, clientX: 200, clientY: -1, relatedTarget: null })));
}

export const PAGES: PageSpec[] = [
  // Signed out
  { name: 'home', who: 'anonymous', path: '/' },
  {
    name: 'home: exit-intent offer open',
    who: 'anonymous',
    path: '/',
    state: async (p) => {
      await leaveThroughTop(p);
      await p.getByRole('dialog', { name: /scan your store for free/ }).waitFor({ state: 'visible' });
    },
  },
  { name: 'pricing', who: 'anonymous', path: '/pricing' },
  {
    name: 'pricing: annual prices',
    who: 'anonymous',
    path: '/pricing',
    state: async (p) => {
      await p.locator('label', { hasText: 'Annual' }).click();
      await p.getByText('Prices for a year, paid once a year.').waitFor({ state: 'visible' });
    },
  },
  { name: 'legal terms', who: 'anonymous', path: '/legal/terms' },
  { name: 'legal privacy', who: 'anonymous', path: '/legal/privacy' },
  { name: 'legal dpa', who: 'anonymous', path: '/legal/dpa' },
  { name: 'status', who: 'anonymous', path: '/status' },
  { name: 'sign-in', who: 'anonymous', path: '/sign-in' },
  { name: 'sign-in with errors', who: 'anonymous', path: '/sign-in', state: (p) => submitInvalid(p, 'Sign in') },
  { name: 'sign-up', who: 'anonymous', path: '/sign-up' },
  { name: 'sign-up with errors', who: 'anonymous', path: '/sign-up', state: (p) => submitInvalid(p, 'Create account', { Password: 'short' }) },
  { name: 'invitation with a bad token', who: 'anonymous', path: '/invite/not-a-real-invitation-token', status: null },
  { name: '404 page', who: 'anonymous', path: '/this-page-does-not-exist', status: 404 },
  { name: 'dev mailbox', who: 'anonymous', path: '/dev/mailbox', devOnly: true, exclude: ['iframe'] },

  // Signed in, no dealer group yet
  { name: 'onboarding', who: 'newcomer', path: '/onboarding' },
  { name: 'onboarding with errors', who: 'newcomer', path: '/onboarding', state: (p) => submitInvalid(p, 'Create dealer group') },
  { name: 'profile without a dealer group (redirects to onboarding)', who: 'newcomer', path: '/profile' },

  // A fresh, empty dealer group
  { name: 'dashboard (empty)', who: 'fresh', path: '/dashboard' },
  { name: 'dealerships (empty)', who: 'fresh', path: '/dealerships' },
  { name: 'reports (empty)', who: 'fresh', path: '/reports' },
  { name: 'members (empty)', who: 'fresh', path: '/settings/members' },
  { name: 'audit trail (new group)', who: 'fresh', path: '/settings/audit' },
  { name: 'billing (free plan)', who: 'fresh', path: '/settings/billing' },
  { name: 'new dealership', who: 'fresh', path: '/dealerships/new' },
  {
    name: 'new dealership with errors',
    who: 'fresh',
    path: '/dealerships/new',
    state: (p) => submitInvalid(p, 'Add dealership', { Website: 'not a web address' }),
  },
  {
    name: 'invite with errors',
    who: 'fresh',
    path: '/settings/members',
    state: (p) => submitInvalid(p, 'Create invitation link', { 'Email address': 'not-an-email' }),
  },

  // A populated dealer group
  { name: 'dashboard (populated)', who: 'owner', path: '/dashboard' },
  { name: 'dealerships (populated)', who: 'owner', path: '/dealerships' },
  { name: 'dealership', who: 'owner', path: (w) => `/dealerships/${w.owner.dealershipId}` },
  {
    name: 'dealership edit with errors',
    who: 'owner',
    path: (w) => `/dealerships/${w.owner.dealershipId}`,
    state: (p) => submitInvalid(p, 'Save changes', { Website: 'not a web address' }),
  },
  {
    name: 'delete dealership dialog',
    who: 'owner',
    path: (w) => `/dealerships/${w.owner.dealershipId}`,
    state: (p) => openDialog(p, 'Delete dealership'),
  },
  { name: 'dealership not found', who: 'owner', path: `/dealerships/${missingUuid}`, status: null },
  { name: 'reports (populated)', who: 'owner', path: '/reports' },
  { name: 'report', who: 'owner', path: (w) => (w.owner.reportId ? `/reports/${w.owner.reportId}` : null) },
  {
    name: 'report with evidence open',
    who: 'owner',
    path: (w) => (w.owner.reportId ? `/reports/${w.owner.reportId}` : null),
    state: async (p) => {
      await p.getByText(/^Evidence \(\d+\)/).first().click();
    },
  },
  { name: 'report not found', who: 'owner', path: `/reports/${missingUuid}`, status: null },
  { name: 'members (populated)', who: 'owner', path: '/settings/members' },
  { name: 'remove member dialog', who: 'owner', path: '/settings/members', state: (p, w) => openDialog(p, new RegExp(`^Remove ${w.owner.memberName}`)) },
  { name: 'audit trail (populated)', who: 'owner', path: '/settings/audit' },
  { name: 'billing (owner)', who: 'owner', path: '/settings/billing' },
  {
    name: 'billing: change plan without Stripe',
    who: 'owner',
    path: '/settings/billing',
    state: async (p) => {
      await p.getByRole('button', { name: /^Choose / }).first().click();
      await p.getByText('Billing is not available').first().waitFor({ state: 'visible' });
    },
  },
  { name: 'pricing (signed in)', who: 'owner', path: '/pricing' },
  { name: 'feature flags (tenant)', who: 'owner', path: '/settings/flags' },
  { name: 'profile', who: 'owner', path: '/profile' },
  { name: 'profile with errors', who: 'owner', path: '/profile', state: (p) => submitInvalid(p, 'Save name', { Name: '' }) },
  {
    name: 'profile: an expired verification link, a new one asked for',
    who: 'owner',
    path: '/profile?error=TOKEN_EXPIRED',
    state: async (p) => {
      await p.getByRole('button', { name: 'Email me a new link' }).click();
      await p.getByRole('status').filter({ hasText: 'on its way' }).waitFor();
    },
  },

  // Operators
  { name: 'ops: feature flags', who: 'operator', path: '/ops/flags' },
  { name: 'ops: web vitals', who: 'operator', path: '/ops/vitals' },
  { name: 'ops: web vitals for a non-operator (not found)', who: 'owner', path: '/ops/vitals', status: 404 },
];

export const production = () => process.env.NODE_ENV === 'production';

export function pageFor(w: World, who: Who): Page | null {
  if (who === 'anonymous') return w.anonymous.page;
  if (who === 'operator') return w.operator?.page ?? null;
  return w[who].page;
}

/**
 * Loads a spec's page in its account's tab and puts it in its state. Returns why it was not
 * loaded (a skip), or throws when the page is missing or the state cannot be reached.
 */
export async function visit(w: World, spec: PageSpec): Promise<{ page: Page } | { skipped: string }> {
  if (spec.devOnly && production()) return { skipped: 'development only' };
  const page = pageFor(w, spec.who);
  if (!page) return { skipped: 'E2E_OPERATOR_EMAIL is not set (no operator account)' };
  const target = typeof spec.path === 'function' ? spec.path(w) : spec.path;
  if (target === null) return { skipped: 'not available in this run (no demo site to scan)' };
  const response = await page.goto(target);
  const expected = spec.status === undefined ? 200 : spec.status;
  const status = response?.status() ?? 0;
  if (expected !== null && status !== expected) {
    throw new Error(
      status === 404 ? `${target} answered 404: the page does not exist (yet)` : `${target} answered HTTP ${status}, expected ${expected}`,
    );
  }
  await hydrated(page);
  if (spec.state) await spec.state(page, w);
  return { page };
}

async function screenshotFailure(page: Page, name: string): Promise<void> {
  try {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `a11y-${slug(name)}.png`), fullPage: true });
  } catch {
    // the failure itself is what matters
  }
}

export async function runA11y(baseUrl: string): Promise<{ passed: number; failed: number }> {
  const suite = new Suite('a11y');
  let browser: Browser | undefined;
  let world: World | undefined;
  try {
    browser = await launch();
    world = await buildWorld(browser, baseUrl, suite);
    suite.pass('accounts and data for the page list');
    for (const spec of PAGES) {
      const name = `axe: ${spec.name}`;
      let page: Page | undefined;
      try {
        const visited = await visit(world, spec);
        if ('skipped' in visited) {
          suite.skip(name, visited.skipped);
          continue;
        }
        page = visited.page;
        const violations = await axeViolations(page, spec.exclude);
        if (violations.length === 0) suite.pass(name, `(${new URL(page.url()).pathname})`);
        else {
          suite.fail(`${name} (${new URL(page.url()).pathname})`, violations.join('\n'));
          await screenshotFailure(page, spec.name);
        }
      } catch (err) {
        suite.fail(name, err instanceof Error ? err.message : String(err));
        if (page) await screenshotFailure(page, spec.name);
      }
    }
    // The pages above were real page loads: their web vitals must have reached the operator page.
    if (world.operator) {
      const op = world.operator.page;
      await suite.check('field web vitals from these page loads reach /ops/vitals, as route patterns', async () => {
        await op.goto('/ops/vitals');
        await hydrated(op);
        const routes = await op.locator('table tbody th[scope="row"]').allTextContents();
        assert(routes.length > 0, 'no route rows on /ops/vitals (is VITALS_SAMPLE_RATE 0, or the web_vitals migration missing?)');
        const leaky = routes.filter((r) => /[0-9a-f]{8}-[0-9a-f]{4}-/i.test(r) || r.includes('@'));
        assert(leaky.length === 0, `routes with identifiers stored: ${leaky.join(', ')}`);
        return `${new Set(routes).size} route patterns, e.g. ${[...new Set(routes)].slice(0, 4).join(', ')}`;
      });
    } else suite.skip('field web vitals reach /ops/vitals', 'E2E_OPERATOR_EMAIL is not set');
  } catch (err) {
    suite.fail('a11y suite could run', err instanceof Error ? (err.stack ?? err.message) : String(err));
  } finally {
    await world?.close();
    await browser?.close().catch(() => {});
  }
  return suite.finish();
}

// Run directly: `tsx e2e/a11y.ts`.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { failed } = await runA11y(process.env.BASE_URL ?? 'http://localhost:3000');
  process.exitCode = failed > 0 ? 1 : 0;
}

