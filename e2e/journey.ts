/**
 * The browser journey: two people, one dealer group, every page checked with axe.
 *
 *   owner signs up → creates a dealer group → adds a dealership → runs its first scan and
 *   follows it to the finished report → downloads the PDF → dashboard, reports, audit trail
 *   (verify integrity) → invites a viewer → signs out
 *   viewer (fresh browser context, 360 px wide) opens the link → signs up → accepts →
 *   sees the dealership and its report without edit/delete/scan controls, no audit trail → signs out
 *
 * The scan needs a site the app's scanner may reach: E2E_DEMO_SITE_URL (e2e/run.ts starts the
 * bundled demo site and sets it, with SCAN_ALLOWED_HOSTS for the app). Without it the scan
 * steps are skipped with a note.
 *
 * Run against a running app: `BASE_URL=http://localhost:3000 npx tsx e2e/journey.ts`
 * (`npm run test:browser` starts the built app itself, see e2e/run.ts).
 * JOURNEY_SCREENSHOTS=1 also saves a screenshot of every audited page to .ci-artifacts/pages/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { axeViolations } from './axe';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = path.resolve(process.env.ARTIFACTS_DIR ?? '.ci-artifacts');
const TIMEOUT_MS = Number(process.env.JOURNEY_TIMEOUT_MS ?? 30_000);
const SCAN_TIMEOUT_MS = Number(process.env.JOURNEY_SCAN_TIMEOUT_MS ?? 60_000);
const SCREENSHOTS = process.env.JOURNEY_SCREENSHOTS === '1';

type Outcome = { name: string; status: 'passed' | 'failed' | 'skipped'; detail?: string };

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

class Journey {
  readonly outcomes: Outcome[] = [];
  private aborted = false;
  private shot = 0;
  /** Uncaught exceptions in any page; reported as one final check. */
  readonly pageErrors: string[] = [];
  /** console.error output (hydration warnings, failed requests); printed, not failing. */
  readonly consoleErrors: string[] = [];

  constructor(private readonly current: () => Page | undefined) {}

  /** A journey step: later steps depend on it, so the first failure skips the rest. */
  async step(name: string, fn: () => Promise<void>): Promise<void> {
    if (this.aborted) {
      this.outcomes.push({ name, status: 'skipped' });
      console.log(`SKIP  ${name}`);
      return;
    }
    const started = Date.now();
    try {
      await fn();
      this.outcomes.push({ name, status: 'passed' });
      console.log(`PASS  ${name} (${Date.now() - started} ms)`);
    } catch (err) {
      this.aborted = true;
      const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
      this.outcomes.push({ name, status: 'failed', detail });
      console.log(`FAIL  ${name}\n${indent(detail)}`);
      await this.screenshot(`failed-${slug(name)}`);
    }
  }

  /** An accessibility check of the page as it is now; a violation fails the check, not the journey. */
  async audit(page: Page, label: string): Promise<void> {
    const name = `axe: ${label}`;
    if (SCREENSHOTS) {
      mkdirSync(path.join(ARTIFACTS, 'pages'), { recursive: true });
      const width = page.viewportSize()?.width ?? 0;
      await page.screenshot({ path: path.join(ARTIFACTS, 'pages', `${String(++this.shot).padStart(2, '0')}-${slug(label)}-${width}.png`), fullPage: true });
    }
    try {
      const lines = await axeViolations(page);
      if (lines.length === 0) {
        this.outcomes.push({ name, status: 'passed' });
        console.log(`PASS  ${name} (${page.url()})`);
        return;
      }
      this.outcomes.push({ name, status: 'failed', detail: lines.join('\n') });
      console.log(`FAIL  ${name} (${page.url()})\n${indent(lines.join('\n'))}`);
      await this.screenshot(`axe-${slug(label)}`, page);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      this.outcomes.push({ name, status: 'failed', detail });
      console.log(`FAIL  ${name}: axe could not run: ${detail}`);
    }
  }

  private async screenshot(name: string, page = this.current()): Promise<void> {
    if (!page || page.isClosed()) return;
    try {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = path.join(ARTIFACTS, `journey-${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`      screenshot: ${path.relative(process.cwd(), file)}`);
    } catch {
      // The page may already be gone; the failure itself is what matters.
    }
  }

  watch(page: Page, who: string): void {
    page.on('pageerror', (err) => this.pageErrors.push(`${who} on ${page.url()}: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(`${who} on ${page.url()}: ${msg.text().slice(0, 500)}`);
    });
  }
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function expectVisible(locator: Locator, what: string): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible' });
  } catch {
    throw new Error(`expected to see ${what}`);
  }
}

async function expectNone(locator: Locator, what: string): Promise<void> {
  const count = await locator.count();
  assert(count === 0, `expected no ${what}, found ${count}`);
}

/** Full page loads: wait until React has hydrated, so typing and clicking reach its handlers. */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
}

async function go(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await hydrated(page);
}

async function arrive(page: Page, url: RegExp | ((url: URL) => boolean)): Promise<void> {
  await page.waitForURL(url);
  await hydrated(page);
}

const uuidPath = /\/dealerships\/[0-9a-f-]{36}(\?|$)/;
const reportPath = /\/reports\/[0-9a-f-]{36}$/;

export async function runJourney(baseUrl: string): Promise<{ passed: number; failed: number }> {
  const base = baseUrl.replace(/\/$/, '');
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const owner = { name: 'Olivia Owner', email: `owner-${runId}@example.test`, password: `owner-pass-${runId}` };
  const viewer = { name: 'Victor Viewer', email: `viewer-${runId}@example.test`, password: `viewer-pass-${runId}` };
  const groupName = `E2E Motor Group ${runId}`;
  const dealershipName = `Riverside Toyota ${runId}`;

  let page: Page | undefined;
  const journey = new Journey(() => page);
  let browser: Browser | undefined;
  let invitationPath = '';
  let dealershipPath = '';
  let reportUrlPath = '';
  const demoSite = process.env.E2E_DEMO_SITE_URL?.replace(/\/$/, '');

  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const newPage = async (context: BrowserContext, who: string) => {
      const p = await context.newPage();
      p.setDefaultTimeout(TIMEOUT_MS);
      p.setDefaultNavigationTimeout(TIMEOUT_MS);
      journey.watch(p, who);
      return p;
    };

    // ---- The owner, on a desktop-sized window ----
    // A time zone behind UTC, so local times and the audit trail's day filters are exercised.
    const ownerContext = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 }, timezoneId: 'America/Chicago' });
    page = await newPage(ownerContext, 'owner');
    const o = page;

    await journey.step('home page links to sign-up and sign-in', async () => {
      await go(o, '/');
      await expectVisible(o.getByRole('heading', { level: 1 }), 'the home page heading');
      await expectVisible(o.getByRole('link', { name: 'Create an account' }), 'a sign-up link');
      await journey.audit(o, 'home');
    });

    await journey.step('sign-up shows field errors inline', async () => {
      await o.getByRole('link', { name: 'Create an account' }).click();
      await arrive(o, /\/sign-up$/);
      await expectVisible(o.getByRole('heading', { name: 'Create your account' }), 'the sign-up heading');
      await journey.audit(o, 'sign-up');
      await o.getByLabel('Password', { exact: true }).fill('short');
      await o.getByRole('button', { name: 'Create account' }).click();
      await expectVisible(o.getByText('Enter your name.'), 'the missing-name error');
      await expectVisible(o.getByText('Use at least 10 characters.'), 'the password-length error');
      const password = o.getByLabel('Password', { exact: true });
      assert((await password.getAttribute('aria-invalid')) === 'true', 'password field is not marked aria-invalid');
      assert((await password.getAttribute('aria-describedby'))?.includes('error'), 'password error is not tied to the field');
      await journey.audit(o, 'sign-up with errors');
    });

    await journey.step('owner signs up and lands on onboarding', async () => {
      await o.getByLabel('Your name').fill(owner.name);
      await o.getByLabel('Work email').fill(owner.email);
      await o.getByLabel('Password', { exact: true }).fill(owner.password);
      await o.getByRole('button', { name: 'Create account' }).click();
      await arrive(o, /\/onboarding$/);
      await expectVisible(o.getByRole('heading', { name: 'Create your dealer group' }), 'the onboarding heading');
      await journey.audit(o, 'onboarding');
    });

    await journey.step('owner creates a dealer group', async () => {
      await o.getByLabel('Dealer group name').fill(groupName);
      await o.getByRole('button', { name: 'Create dealer group' }).click();
      await arrive(o, /\/dealerships\/new\?first=1$/);
      await expectVisible(o.getByRole('heading', { name: 'Add your first dealership' }), 'the first-dealership heading');
      await expectVisible(o.getByRole('banner').getByText(groupName), 'the dealer group name in the header');
      await journey.audit(o, 'new dealership');
    });

    await journey.step('dealership form shows validation errors next to fields', async () => {
      await o.getByLabel('Website').fill('not a web address');
      await o.getByRole('button', { name: 'Add dealership' }).click();
      await expectVisible(o.getByText('Enter the dealership’s name.'), 'the missing-name error');
      await expectVisible(o.getByText('Enter a full web address, like https://example.com.'), 'the website error');
      const focused = await o.evaluate(() => document.activeElement?.getAttribute('name'));
      assert(focused === 'name', `focus should move to the first invalid field, was on ${focused}`);
      await journey.audit(o, 'new dealership with errors');
    });

    await journey.step('owner adds a dealership', async () => {
      await o.getByLabel('Dealership name').fill(dealershipName);
      await o.getByLabel('Website').fill(demoSite ?? 'https://riverside-toyota.example');
      await o.getByLabel('Street address').fill('1200 River Rd');
      await o.getByLabel('City').fill('Austin');
      await o.getByLabel('State').fill('TX');
      await o.getByLabel('ZIP code').fill('78701');
      await o.getByLabel('Phone').fill('(512) 555-0142');
      await o.getByLabel('Brands sold').fill('Toyota, Lexus');
      await o.getByLabel('Used units sold per month').fill('140');
      await o.getByLabel('Average front-end gross (US dollars)').fill('2,100');
      await o.getByRole('button', { name: 'Add dealership' }).click();
      await arrive(o, uuidPath);
      dealershipPath = new URL(o.url()).pathname;
      await expectVisible(o.getByRole('heading', { level: 1, name: dealershipName }), 'the dealership heading');
      await expectVisible(o.getByText('Toyota, Lexus'), 'the brands');
      await expectVisible(o.getByText('$2,100'), 'the average gross');
      // Onboarding: the first dealership's page makes the first scan the next step.
      await expectVisible(o.getByRole('button', { name: 'Run your first scan' }), 'the "Run your first scan" button');
      await journey.audit(o, 'dealership (owner)');
    });

    await journey.step('owner edits the dealership', async () => {
      await o.getByLabel('Phone').fill('(512) 555-0199');
      await o.getByRole('button', { name: 'Save changes' }).click();
      await expectVisible(o.getByText('Changes saved.'), 'the saved confirmation');
      await expectVisible(o.getByRole('definition').getByText('(512) 555-0199'), 'the new phone number in the details');
    });

    await journey.step('delete confirmation opens as a modal and returns focus on cancel', async () => {
      const trigger = o.getByRole('button', { name: 'Delete dealership' });
      await trigger.click();
      const dialog = o.getByRole('dialog', { name: `Delete ${dealershipName}?` });
      await expectVisible(dialog, 'the confirmation dialog');
      await journey.audit(o, 'delete confirmation dialog');
      await o.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      const focused = await o.evaluate(() => document.activeElement?.textContent);
      assert(focused === 'Delete dealership', `focus should return to the trigger, was on "${focused}"`);
    });

    if (!demoSite) {
      console.log('NOTE  E2E_DEMO_SITE_URL is not set: skipping the scan and report steps (e2e/run.ts sets it when it starts the app).');
    } else {
      await journey.step('owner runs the first scan and sees its live progress', async () => {
        await o.getByRole('button', { name: 'Run your first scan' }).click();
        await arrive(o, reportPath);
        reportUrlPath = new URL(o.url()).pathname;
        await expectVisible(o.getByRole('heading', { level: 1, name: `AI visibility report: ${dealershipName}` }), 'the report heading');
        assert((await o.locator('[aria-live="polite"]').count()) > 0, 'the report page has no polite live region');
        const progress = o.getByRole('progressbar', { name: 'Scan progress' });
        if (await progress.isVisible()) {
          await journey.audit(o, 'report (in progress)');
        } else {
          console.log('NOTE  the scan finished before the page could be audited in progress');
        }
      });

      await journey.step('report finishes without a reload and shows the overall score', async () => {
        // A mark on the window survives the watcher's in-place refresh, but not a reload.
        const startUrl = o.url();
        await o.evaluate(() => Object.assign(window, { __sameDocument: true }));
        const heading = o.getByRole('heading', { name: 'AI Visibility Score', exact: true });
        try {
          await heading.waitFor({ state: 'visible', timeout: SCAN_TIMEOUT_MS });
        } catch {
          const failed = await o.getByRole('heading', { name: 'The scan failed' }).isVisible();
          throw new Error(failed ? `the scan failed: ${await o.locator('main').innerText()}` : `the report did not finish within ${SCAN_TIMEOUT_MS / 1000} s`);
        }
        const score = await o.locator('section', { has: heading }).innerText();
        assert(/\b\d{1,3}\s*\/\s*100\b/.test(score), `no overall score shown: ${score.slice(0, 200)}`);
        const sameDocument = await o.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
        assert(sameDocument && o.url() === startUrl, `the page reloaded or navigated while waiting (now at ${o.url()})`);
        await expectVisible(o.getByRole('heading', { name: 'What to fix first' }), 'the recommendations');
        await expectVisible(o.getByRole('heading', { name: 'Every check' }), 'the checks');
        await expectVisible(o.getByRole('heading', { name: /^Pages scanned/ }), 'the pages scanned');
        // Evidence opens from a native disclosure.
        await o.getByText(/^Evidence \(\d+\)/).first().click();
        await journey.audit(o, 'report (finished)');
      });

      await journey.step('owner downloads the PDF', async () => {
        const [download] = await Promise.all([o.waitForEvent('download'), o.getByRole('link', { name: 'Download PDF' }).click()]);
        const name = download.suggestedFilename();
        assert(name.endsWith('.pdf'), `the download is named "${name}", expected a .pdf`);
        assert((await download.failure()) === null, `the PDF download failed: ${await download.failure()}`);
      });
    }

    await journey.step('dealership list and dashboard show it', async () => {
      await o.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dealerships' }).click();
      await arrive(o, /\/dealerships$/);
      await expectVisible(o.getByRole('link', { name: dealershipName }), 'the dealership in the list');
      const current = o.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]');
      assert((await current.textContent()) === 'Dealerships', 'the Dealerships nav item should be aria-current="page"');
      await journey.audit(o, 'dealerships list');
      await o.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
      await arrive(o, /\/dashboard$/);
      await expectVisible(o.getByRole('heading', { name: 'Dashboard' }), 'the dashboard heading');
      await expectVisible(o.getByRole('heading', { level: 3, name: dealershipName }), 'the dealership card');
      if (demoSite) {
        await expectVisible(o.getByText('Average AI Visibility Score'), 'the group average');
        await expectVisible(o.getByRole('heading', { name: 'Top fixes across your stores' }), 'the top fixes');
        await expectVisible(o.getByRole('link', { name: `Latest report for ${dealershipName}` }), 'the link to the latest report');
      }
      await journey.audit(o, demoSite ? 'dashboard (owner, scanned)' : 'dashboard (owner)');
    });

    await journey.step('reports list shows the report', async () => {
      await o.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
      await arrive(o, /\/reports$/);
      await expectVisible(o.getByRole('heading', { level: 1, name: 'Reports' }), 'the reports heading');
      if (demoSite) {
        await expectVisible(o.getByRole('cell', { name: dealershipName }), 'the report row');
        await expectVisible(o.getByRole('link', { name: /^View report/ }), 'the link to the report');
      }
      await journey.audit(o, 'reports');
    });

    await journey.step('audit trail: filter, details, verify integrity', async () => {
      await o.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
      await arrive(o, /\/settings\/audit$/);
      await expectVisible(o.getByRole('heading', { level: 1, name: 'Audit trail' }), 'the audit trail heading');
      await expectVisible(o.getByRole('cell', { name: /Dealership created/ }), 'the dealership-created entry');
      await journey.audit(o, 'audit trail');
      await o.getByLabel('Action').selectOption('DEALERSHIP_UPDATED');
      // Today in the viewer's time zone, sent as the start of that day with the viewer's offset.
      const today = await o.evaluate(() => {
        const d = new Date();
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      });
      await o.getByLabel('From').fill(today);
      await o.getByRole('button', { name: 'Apply filters' }).click();
      await arrive(o, (url) => url.pathname === '/settings/audit' && url.searchParams.get('action') === 'DEALERSHIP_UPDATED');
      const from = new URL(o.url()).searchParams.get('from') ?? '';
      assert(/^\d{4}-\d{2}-\d{2}T00:00:00-0[56]:00$/.test(from), `the From day was not sent with the viewer's offset: ${from}`);
      await o.getByRole('cell', { name: /Dealership created/ }).first().waitFor({ state: 'detached' });
      await expectVisible(o.getByRole('cell', { name: /Dealership updated/ }), 'the filtered entry');
      await expectNone(o.getByRole('cell', { name: /Dealership created/ }), 'entries of other actions after filtering');
      const csv = o.getByRole('link', { name: 'Export CSV' });
      assert((await csv.getAttribute('href'))?.includes('action=DEALERSHIP_UPDATED'), 'the CSV export does not carry the filter');
      await o.getByRole('button', { name: /^Details/ }).first().click();
      await expectVisible(o.getByRole('table', { name: 'What changed' }), 'the before/after table');
      await expectVisible(o.getByRole('rowheader', { name: 'phone' }), 'the changed phone field');
      await o.getByRole('button', { name: 'Verify integrity' }).click();
      await expectVisible(o.getByText('Integrity verified.'), 'the integrity OK message');
      await journey.audit(o, 'audit trail (filtered, details open, verified)');
    });

    await journey.step('owner invites a viewer and gets the link', async () => {
      await o.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
      await arrive(o, /\/settings\/members$/);
      await expectVisible(o.getByText(owner.email), 'the owner in the member list');
      await journey.audit(o, 'members');
      await o.getByLabel('Email address').fill(viewer.email);
      await o.getByLabel('Role', { exact: true }).selectOption('viewer');
      await o.getByRole('button', { name: 'Create invitation link' }).click();
      const link = o.getByLabel('Invitation link');
      await expectVisible(link, 'the invitation link');
      const url = await link.inputValue();
      assert(/\/invite\/[A-Za-z0-9_-]{20,}$/.test(url), `unexpected invitation URL: ${url}`);
      // The link carries the server's APP_URL; the path is what matters here.
      invitationPath = new URL(url).pathname;
      await expectVisible(o.getByRole('listitem').filter({ hasText: viewer.email }), 'the pending invitation');
      await journey.audit(o, 'members with invitation link');
    });

    await journey.step('owner signs out', async () => {
      await o.getByRole('button', { name: 'Sign out' }).click();
      await arrive(o, /\/sign-in$/);
      await expectVisible(o.getByRole('heading', { name: 'Sign in' }), 'the sign-in heading');
      await journey.audit(o, 'sign-in');
      await go(o, '/dashboard');
      await arrive(o, /\/sign-in$/);
    });
    await ownerContext.close();

    // ---- The invited viewer, in a fresh context on a 360 px wide phone ----
    const viewerContext = await browser.newContext({ baseURL: base, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    page = await newPage(viewerContext, 'viewer');
    const v = page;

    await journey.step('invitation page shows the dealer group and role', async () => {
      assert(invitationPath, 'no invitation link was captured');
      await go(v, invitationPath);
      await expectVisible(v.getByRole('heading', { level: 1, name: groupName }), 'the dealer group name');
      await expectVisible(v.getByText('Viewer', { exact: true }), 'the invited role');
      await journey.audit(v, 'invitation (signed out)');
    });

    await journey.step('invited viewer signs up and returns to the invitation', async () => {
      await v.getByRole('link', { name: 'Create an account' }).click();
      await arrive(v, /\/sign-up\?next=/);
      await journey.audit(v, 'sign-up (from invitation)');
      await v.getByLabel('Your name').fill(viewer.name);
      await v.getByLabel('Work email').fill(viewer.email);
      await v.getByLabel('Password', { exact: true }).fill(viewer.password);
      await v.getByRole('button', { name: 'Create account' }).click();
      await arrive(v, (url) => url.pathname === invitationPath);
      await expectVisible(v.getByRole('button', { name: `Accept and join ${groupName}` }), 'the accept button');
      await journey.audit(v, 'invitation (signed in)');
    });

    await journey.step('viewer accepts the invitation', async () => {
      await v.getByRole('button', { name: `Accept and join ${groupName}` }).click();
      await arrive(v, /\/dashboard$/);
      await expectVisible(v.getByRole('banner').getByText(groupName), 'the dealer group in the header');
      await expectVisible(v.getByRole('banner').getByText('Viewer'), 'the viewer role in the header');
      await journey.audit(v, 'dashboard (viewer, 360 px)');
    });

    await journey.step('used invitation link says it was used', async () => {
      await go(v, invitationPath);
      await expectVisible(v.getByRole('heading', { name: 'This invitation has already been used' }), 'the used-invitation state');
      await journey.audit(v, 'invitation (used)');
    });

    await journey.step('viewer sees the dealership without edit or delete controls', async () => {
      await go(v, '/dealerships');
      await expectVisible(v.getByRole('link', { name: dealershipName }), 'the dealership in the list');
      await expectNone(v.getByRole('link', { name: /Add (your first )?dealership/ }), '"Add dealership" link for a viewer');
      await journey.audit(v, 'dealerships list (viewer)');
      await v.getByRole('link', { name: dealershipName }).click();
      await arrive(v, (url) => url.pathname === dealershipPath);
      await expectVisible(v.getByRole('heading', { level: 1, name: dealershipName }), 'the dealership heading');
      await expectNone(v.getByRole('button', { name: 'Delete dealership' }), 'delete button for a viewer');
      await expectNone(v.getByRole('button', { name: 'Save changes' }), 'save button for a viewer');
      await expectNone(v.getByRole('heading', { name: 'Edit details' }), 'edit form for a viewer');
      await expectNone(v.locator('main form, main input'), 'form controls for a viewer');
      await expectNone(v.getByRole('button', { name: /Scan now|Run your first scan/ }), 'scan buttons for a viewer');
      await journey.audit(v, 'dealership (viewer)');
    });

    await journey.step('viewer reads the report and has no audit trail', async () => {
      if (reportUrlPath) {
        await go(v, reportUrlPath);
        await expectVisible(v.getByRole('heading', { name: 'AI Visibility Score', exact: true }), 'the overall score');
        await expectNone(v.getByRole('button', { name: /Scan again/ }), 'a scan button for a viewer');
        await expectVisible(v.getByRole('link', { name: 'Download PDF' }), 'the PDF download for a viewer');
        await journey.audit(v, 'report (viewer, 360 px)');
      }
      await expectNone(v.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }), 'an audit trail link for a viewer');
      await go(v, '/settings/audit');
      await expectVisible(v.getByText('Only admins and owners can see the audit trail'), 'the admins-only message');
      await journey.audit(v, 'audit trail (viewer)');
    });

    await journey.step('viewer signs out', async () => {
      await v.getByRole('button', { name: 'Sign out' }).click();
      await arrive(v, /\/sign-in$/);
      await journey.audit(v, 'sign-in (360 px)');
      await go(v, '/dealerships');
      await arrive(v, /\/sign-in$/);
    });
    await viewerContext.close();
  } catch (err) {
    journey.outcomes.push({ name: 'browser', status: 'failed', detail: String(err) });
    console.log(`FAIL  browser: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await browser?.close().catch(() => {});
  }

  if (journey.consoleErrors.length > 0) {
    console.log(`console errors seen (informational):\n${indent(journey.consoleErrors.join('\n'))}`);
  }
  if (journey.pageErrors.length > 0) {
    journey.outcomes.push({ name: 'no uncaught errors in the browser', status: 'failed', detail: journey.pageErrors.join('\n') });
    console.log(`FAIL  no uncaught errors in the browser\n${indent(journey.pageErrors.join('\n'))}`);
  } else {
    journey.outcomes.push({ name: 'no uncaught errors in the browser', status: 'passed' });
    console.log('PASS  no uncaught errors in the browser');
  }

  const passed = journey.outcomes.filter((r) => r.status === 'passed').length;
  const failed = journey.outcomes.filter((r) => r.status === 'failed').length;
  const skipped = journey.outcomes.filter((r) => r.status === 'skipped').length;
  if (skipped > 0) console.log(`${skipped} skipped after the first failure`);
  console.log(`${passed} passed, ${failed} failed`);
  return { passed, failed: failed + skipped };
}

// Run directly: `tsx e2e/journey.ts`.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { failed } = await runJourney(process.env.BASE_URL ?? 'http://localhost:3000');
  process.exitCode = failed > 0 ? 1 : 0;
}
