/**
 * Keyboard-only journeys: no mouse, no clicks. Tab / Shift+Tab to reach things, Enter and Space
 * to use them, typing to fill fields.
 *
 *   sign up → create a dealer group → add a dealership → run a scan → open the report →
 *   download the PDF; open and dismiss the delete confirmation; invite a member; change plan
 *
 * Along the way:
 *   - every element focused by Tab shows a visible focus indicator (an outline or box-shadow
 *     while it matches :focus-visible; for visually hidden inputs, on their label);
 *   - the skip link is the first Tab stop, visible when focused, and moves focus to <main>
 *     (on every layout: marketing, auth, onboarding, app, status, not found);
 *   - landmarks: one main, a banner, navigation (and contentinfo on public pages);
 *   - form errors: invalid fields carry aria-invalid and an aria-describedby that contains the
 *     message, and the error is announced (a live region holds it, or focus is on the invalid
 *     field that describes it);
 *   - charts (SVG larger than an icon) have a text alternative.
 *
 * "Change plan" cannot reach Stripe Checkout in CI (no STRIPE_SECRET_KEY): it asserts the clear
 * "Billing is not available" message instead, announced in a live region.
 *
 * Run against a running app: `BASE_URL=http://localhost:3000 npx tsx e2e/keyboard.ts`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { ARTIFACTS, Suite, TIMEOUT_MS, assert, hydrated, launch, leaveThroughTop, pointerLeavesThroughTop, slug } from './a11y';

const SCAN_TIMEOUT_MS = Number(process.env.JOURNEY_SCAN_TIMEOUT_MS ?? 90_000);
/** Most Tab presses allowed to reach one element. */
const MAX_TABS = 120;

type Focus = {
  isBody: boolean;
  desc: string;
  /** An outline or box-shadow is drawn (on the element, or on its label for a visually hidden input). */
  indicator: boolean;
  focusVisible: boolean;
  inViewport: boolean;
};

async function focus(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body || el === document.documentElement)
      return { isBody: true, desc: 'the page body', indicator: false, focusVisible: false, inViewport: false };
    const drawn = (e: Element) => {
      const cs = getComputedStyle(e);
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && !/rgba\(0, 0, 0, 0\)|transparent/.test(cs.outlineColor);
      const shadow = cs.boxShadow !== 'none' && cs.boxShadow !== '';
      return outline || shadow;
    };
    const rect = el.getBoundingClientRect();
    const hidden = rect.width <= 2 || rect.height <= 2;
    const holder = hidden ? (el.closest('label') ?? el.parentElement ?? el) : el;
    const r = holder.getBoundingClientRect();
    const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '').trim().replace(/\s+/g, ' ').slice(0, 60);
    return {
      isBody: false,
      desc: `<${el.localName}${el.getAttribute('type') ? ` type=${el.getAttribute('type')}` : ''}> "${name}"`,
      indicator: drawn(holder) || drawn(el),
      focusVisible: el.matches(':focus-visible'),
      inViewport: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < window.innerHeight && r.left < window.innerWidth,
    };
  });
}

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement).catch(() => false);

/** Elements reached by Tab without a visible focus indicator, per page path. */
const focusProblems = new Map<string, Set<string>>();

/** Presses Tab (or Shift+Tab) until `target` has focus; every stop on the way must show focus. */
async function tabTo(page: Page, target: Locator, what: string, options: { back?: boolean; max?: number } = {}): Promise<number> {
  await target.first().waitFor({ state: 'attached' });
  const t = target.first();
  const key = options.back ? 'Shift+Tab' : 'Tab';
  for (let presses = 0; presses <= (options.max ?? MAX_TABS); presses++) {
    if (await isFocused(t)) return presses;
    await page.keyboard.press(key);
    const f = await focus(page);
    if (!f.isBody && (!f.indicator || !f.focusVisible || !f.inViewport)) {
      const where = new URL(page.url()).pathname;
      const set = focusProblems.get(where) ?? new Set<string>();
      set.add(`${f.desc}: ${!f.focusVisible ? 'not :focus-visible' : !f.indicator ? 'no outline or box-shadow' : 'not scrolled into view'}`);
      focusProblems.set(where, set);
    }
  }
  const f = await focus(page);
  throw new Error(`${what} was not reached with ${key} in ${options.max ?? MAX_TABS} presses (focus is on ${f.desc})`);
}

/** Focus a field by Tab and type into it (select-all first, so it replaces). */
async function typeInto(page: Page, field: Locator, what: string, text: string): Promise<void> {
  await tabTo(page, field, what);
  await page.keyboard.press('Control+A');
  if (text) await page.keyboard.type(text);
  else await page.keyboard.press('Delete');
}

async function activate(page: Page, target: Locator, what: string, options: { back?: boolean; key?: 'Enter' | 'Space' } = {}): Promise<void> {
  await tabTo(page, target, what, { back: options.back });
  await page.keyboard.press(options.key ?? 'Enter');
}

async function arrive(page: Page, url: RegExp | ((url: URL) => boolean)): Promise<void> {
  await page.waitForURL(url);
  await hydrated(page);
}

/** The first Tab stop is a skip link, visible when focused; Enter moves focus into <main>. */
async function checkSkipLink(page: Page): Promise<string> {
  // Sequential focus navigation from the top of the document, as after a fresh page load: focus
  // a temporary element before everything else and remove it (test instrumentation, no mouse).
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    const start = document.createElement('span');
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus();
    start.remove();
  });
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement as HTMLAnchorElement | null;
    const r = el?.getBoundingClientRect();
    const inMain = Boolean(el && document.querySelector('main')?.contains(el));
    return { text: el?.textContent?.trim() ?? '', href: el?.getAttribute('href') ?? '', w: r?.width ?? 0, h: r?.height ?? 0, inMain };
  });
  // Nothing focusable before <main> (e.g. the bare 404 page): there is nothing to skip.
  if (first.inMain) return `nothing to skip: the first Tab stop ("${first.text.slice(0, 40)}") is already in main`;
  assert(/skip to (the )?(main )?content/i.test(first.text), `the first Tab stop is not a skip link but "${first.text.slice(0, 60)}"`);
  assert(first.w > 10 && first.h > 10, 'the skip link stays invisible when focused');
  const f = await focus(page);
  assert(f.indicator && f.focusVisible, 'the focused skip link has no visible focus indicator');
  await page.keyboard.press('Enter');
  const onMain = await page.evaluate(() => {
    const main = document.querySelector('main');
    const active = document.activeElement;
    return Boolean(main && active && (active === main || main.contains(active)));
  });
  assert(onMain, 'Enter on the skip link does not move focus to <main> (give <main> tabIndex={-1})');
  await page.keyboard.press('Tab');
  const next = await page.evaluate(() => Boolean(document.querySelector('main')?.contains(document.activeElement)));
  assert(next, 'after the skip link, Tab leaves <main> instead of continuing inside it');
  return `"${first.text}" → ${first.href}`;
}

async function checkLandmarks(page: Page, expect: { footer?: boolean; nav?: boolean } = {}): Promise<string> {
  const found = await page.evaluate(() => {
    const count = (sel: string) => Array.from(document.querySelectorAll(sel)).filter((el) => !el.closest('[hidden]')).length;
    return {
      main: count('main, [role="main"]'),
      banner: count('body header:not(main header):not(section header):not(article header), [role="banner"]'),
      nav: count('nav, [role="navigation"]'),
      contentinfo: count('body footer:not(main footer):not(section footer):not(article footer), [role="contentinfo"]'),
      h1: count('h1'),
    };
  });
  assert(found.main === 1, `expected one main landmark, found ${found.main}`);
  assert(found.banner >= 1, 'no banner landmark (page header)');
  if (expect.nav !== false) assert(found.nav >= 1, 'no navigation landmark');
  if (expect.footer) assert(found.contentinfo >= 1, 'no contentinfo landmark (page footer)');
  assert(found.h1 === 1, `expected one h1, found ${found.h1}`);
  return `main ${found.main}, banner ${found.banner}, navigation ${found.nav}, contentinfo ${found.contentinfo}`;
}

/** After an invalid submit: each invalid field describes its error, and the error is announced. */
async function checkFormErrors(page: Page): Promise<string> {
  await page.locator('[aria-invalid="true"]').first().waitFor({ state: 'visible' });
  await page.waitForTimeout(100); // focusFirstInvalid runs on the next animation frame
  const r = await page.evaluate(() => {
    const text = (el: Element | null) => (el?.textContent ?? '').trim().replace(/\s+/g, ' ');
    const invalid = Array.from(document.querySelectorAll<HTMLElement>('[aria-invalid="true"]'));
    const fields = invalid.map((el) => {
      const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
      const description = ids.map((id) => text(document.getElementById(id))).join(' ');
      const label = el.id ? text(document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) : '';
      return { label: label || el.getAttribute('name') || el.localName, description, ids: ids.length };
    });
    const live = Array.from(document.querySelectorAll('[role="alert"], [role="status"], [aria-live="assertive"], [aria-live="polite"]'))
      .map((el) => text(el))
      .filter(Boolean);
    const active = document.activeElement as HTMLElement | null;
    const focusedInvalid = Boolean(active && active.getAttribute('aria-invalid') === 'true' && active.getAttribute('aria-describedby'));
    return { fields, live, focusedInvalid };
  });
  assert(r.fields.length > 0, 'no field is marked aria-invalid');
  const undescribed = r.fields.filter((f) => f.ids === 0 || !f.description);
  assert(undescribed.length === 0, `invalid fields without an aria-describedby error: ${undescribed.map((f) => f.label).join(', ')}`);
  const inLive = r.fields.some((f) => r.live.some((l) => l.length > 0 && (l.includes(f.description) || f.description.includes(l))));
  assert(inLive || r.focusedInvalid, 'the errors are not announced: no live region holds them and focus is not on an invalid field');
  return `${r.fields.length} invalid field(s) described; announced by ${[inLive ? 'a live region' : '', r.focusedInvalid ? 'focus on the first invalid field' : ''].filter(Boolean).join(' and ')}`;
}

/** Every chart-sized SVG in main has a text alternative (role=img with a name, or hidden next to text). */
async function checkCharts(page: Page): Promise<string> {
  const charts = await page.evaluate(() =>
    Array.from(document.querySelectorAll('main svg'))
      .filter((svg) => {
        const r = svg.getBoundingClientRect();
        return r.width >= 40 && r.height >= 24 && !svg.closest('[aria-hidden="true"] [aria-hidden="true"]');
      })
      .map((svg) => {
        const role = svg.getAttribute('role');
        const named = Boolean(svg.getAttribute('aria-label') || svg.getAttribute('aria-labelledby') || svg.querySelector(':scope > title')?.textContent);
        const hidden = svg.getAttribute('aria-hidden') === 'true' || Boolean(svg.closest('[aria-hidden="true"]'));
        // Hidden charts need words next to them: the nearest ancestor with text other than the chart's own.
        let holder: Element | null = svg.parentElement;
        let words = '';
        for (let i = 0; holder && i < 3 && !words; i++, holder = holder.parentElement) {
          const clone = holder.cloneNode(true) as Element;
          clone.querySelectorAll('svg, [aria-hidden="true"]').forEach((n) => n.remove());
          words = (clone.textContent ?? '').trim();
        }
        return { ok: (role === 'img' && named) || (hidden && words.length >= 10), html: svg.outerHTML.slice(0, 120) };
      }),
  );
  const bad = charts.filter((c) => !c.ok);
  assert(bad.length === 0, `charts without a text alternative:\n${bad.map((b) => `  ${b.html}`).join('\n')}`);
  return `${charts.length} chart(s)`;
}

export async function runKeyboard(baseUrl: string): Promise<{ passed: number; failed: number }> {
  const suite = new Suite('keyboard');
  const base = baseUrl.replace(/\/$/, '');
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const owner = { name: 'Kim Keyboard', email: `keys-${runId}@example.test`, password: `keys-pass-${runId}` };
  const invitee = `invitee-${runId}@example.test`;
  const groupName = `Keyboard Motor Group ${runId}`;
  const dealershipName = `Tabstop Honda ${runId}`;
  const demoSite = process.env.E2E_DEMO_SITE_URL?.replace(/\/$/, '');
  let browser: Browser | undefined;
  let page: Page | undefined;
  /** Later steps build on earlier ones: after a failure they are skipped. */
  let blocked = false;
  const step = async (name: string, fn: () => Promise<string | void>) => {
    if (blocked) return suite.skip(name, 'an earlier step failed');
    const ok = await suite.check(name, fn);
    if (!ok) {
      blocked = true;
      if (page && !page.isClosed()) await page.screenshot({ path: path.join(ARTIFACTS, `keyboard-${slug(name)}.png`), fullPage: true }).catch(() => {});
    }
  };
  /** Independent checks: a failure does not stop the journey. */
  const check = async (name: string, fn: () => Promise<string | void>) => {
    if (blocked) return suite.skip(name, 'an earlier step failed');
    await suite.check(name, fn);
  };

  try {
    browser = await launch();
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    // tsx compiles this file with esbuild's keepNames: functions declared inside page.evaluate
    // callbacks call a `__name` helper that only exists in Node. Give the page a no-op one.
    await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    page.setDefaultNavigationTimeout(TIMEOUT_MS);
    suite.watch(page, 'keyboard user');
    const p = page;
    // Guard: the suite must never click. Any mouse use is a bug in the suite itself.
    let mouseUsed = false;
    for (const m of ['click', 'dblclick', 'down', 'up', 'move', 'wheel'] as const) {
      const original = p.mouse[m].bind(p.mouse) as (...a: unknown[]) => Promise<void>;
      (p.mouse as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
        mouseUsed = true;
        return original(...a);
      };
    }

    await step('home loads', async () => {
      await p.goto('/');
      await hydrated(p);
    });
    await check('home: skip link moves focus to main', () => checkSkipLink(p));
    await check('home: landmarks', () => checkLandmarks(p, { footer: true }));
    await check('home: charts have text alternatives', () => checkCharts(p));

    await step('home: Tab to "Create an account" and press Enter', async () => {
      await activate(p, p.getByRole('link', { name: 'Create an account' }).first(), 'the "Create an account" link');
      await arrive(p, /\/sign-up/);
    });
    await check('sign-up: skip link moves focus to main', () => checkSkipLink(p));
    await check('sign-up: landmarks', () => checkLandmarks(p, { nav: false }));

    await step('sign-up: submitting empty shows errors tied to the fields and announced', async () => {
      await activate(p, p.getByRole('button', { name: 'Create account' }), 'the "Create account" button');
      return checkFormErrors(p);
    });

    await step('sign-up by keyboard lands on onboarding', async () => {
      await typeInto(p, p.getByLabel('Your name'), 'the name field', owner.name);
      await typeInto(p, p.getByLabel('Work email'), 'the email field', owner.email);
      await typeInto(p, p.getByLabel('Password', { exact: true }), 'the password field', owner.password);
      await page!.keyboard.press('Enter');
      await arrive(p, /\/onboarding$/);
    });

    await check('onboarding: skip link moves focus to main', () => checkSkipLink(p));
    await check('onboarding: landmarks', () => checkLandmarks(p, { nav: false }));

    await step('create a dealer group by keyboard', async () => {
      await typeInto(p, p.getByLabel('Dealer group name'), 'the dealer group name', groupName);
      await p.keyboard.press('Enter');
      await arrive(p, /\/dealerships\/new/);
    });

    await check('onboarding → new dealership: skip link moves focus to main', () => checkSkipLink(p));
    await check('new dealership: landmarks', () => checkLandmarks(p));

    await step('dealership form: errors by keyboard, then add a dealership', async () => {
      await typeInto(p, p.getByLabel('Website'), 'the website field', 'not a web address');
      await activate(p, p.getByRole('button', { name: 'Add dealership' }), 'the "Add dealership" button');
      const errors = await checkFormErrors(p);
      const fields: [string, string][] = [
        ['Dealership name', dealershipName],
        ['Website', demoSite ?? 'https://tabstop-honda.example'],
        ['Street address', '1 Keyboard Way'],
        ['City', 'Austin'],
        ['State', 'TX'],
        ['ZIP code', '78701'],
        ['Phone', '(512) 555-0100'],
        ['Brands sold', 'Honda'],
        ['Used units sold per month', '90'],
        ['Average front-end gross (US dollars)', '1,900'],
      ];
      // Shift+Tab back to the top of the form, then forward through it.
      await tabTo(p, p.getByLabel('Dealership name'), 'the dealership name field', { back: true });
      // Labels may end in "(optional)": match from the start.
      const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      for (const [label, value] of fields) await typeInto(p, p.getByLabel(new RegExp(`^${escape(label)}`)), `the ${label} field`, value);
      await activate(p, p.getByRole('button', { name: 'Add dealership' }), 'the "Add dealership" button');
      await arrive(p, /\/dealerships\/[0-9a-f-]{36}(\?|$)/);
      return errors;
    });

    await step('delete confirmation: opens with Enter, focus inside, Escape returns focus', async () => {
      const trigger = p.getByRole('button', { name: 'Delete dealership' });
      await activate(p, trigger, 'the "Delete dealership" button');
      const dialog = p.getByRole('dialog');
      await dialog.waitFor({ state: 'visible' });
      const inside = await dialog.evaluate((d) => d.contains(document.activeElement));
      assert(inside, 'focus did not move into the dialog');
      const f = await focus(p);
      assert(f.indicator && f.focusVisible, `the dialog's focused control shows no focus (${f.desc})`);
      await p.keyboard.press('Tab');
      assert(await dialog.evaluate((d) => d.contains(document.activeElement)), 'Tab left the modal dialog');
      await p.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      assert(await isFocused(trigger), 'focus did not return to "Delete dealership"');
    });

    if (!demoSite) {
      suite.skip('run a scan, open the report, download the PDF', 'E2E_DEMO_SITE_URL is not set (e2e/run.ts sets it)');
    } else {
      await step('run the first scan by keyboard and follow it to the report', async () => {
        await activate(p, p.getByRole('button', { name: 'Run your first scan' }), 'the "Run your first scan" button');
        await arrive(p, /\/reports\/[0-9a-f-]{36}$/);
        await p.getByRole('heading', { name: 'AI Visibility Score', exact: true }).waitFor({ state: 'visible', timeout: SCAN_TIMEOUT_MS });
      });

      await check('report: landmarks and chart text alternatives', async () => {
        const landmarks = await checkLandmarks(p);
        return `${landmarks}; ${await checkCharts(p)}`;
      });

      await check('report: evidence disclosure opens with the keyboard', async () => {
        const summary = p.locator('summary', { hasText: /^Evidence \(\d+\)/ }).first();
        await tabTo(p, summary, 'the first "Evidence" disclosure');
        await p.keyboard.press('Enter');
        const open = await summary.evaluate((s) => (s.parentElement as HTMLDetailsElement).open);
        assert(open, 'Enter did not open the evidence');
      });

      await step('download the PDF with Enter', async () => {
        const link = p.getByRole('link', { name: 'Download PDF' });
        await tabTo(p, link, 'the "Download PDF" link', { back: true });
        const [download] = await Promise.all([p.waitForEvent('download'), p.keyboard.press('Enter')]);
        assert(download.suggestedFilename().endsWith('.pdf'), `the download is "${download.suggestedFilename()}"`);
        assert((await download.failure()) === null, 'the download failed');
      });
    }

    await step('dashboard by keyboard: nav link, charts have text alternatives', async () => {
      await activate(p, p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }), 'the "Dashboard" nav link', { back: true });
      await arrive(p, /\/dashboard$/);
      return checkCharts(p);
    });

    await step('invite a member by keyboard: error first, then the link', async () => {
      await activate(p, p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }), 'the "Members" nav link');
      await arrive(p, /\/settings\/members$/);
      await typeInto(p, p.getByLabel('Email address'), 'the invitation email', 'not-an-email');
      await p.keyboard.press('Enter');
      const errors = await checkFormErrors(p);
      await typeInto(p, p.getByLabel('Email address'), 'the invitation email', invitee);
      const role = p.getByLabel('Role', { exact: true });
      await tabTo(p, role, 'the role select');
      // A closed native select changes with the arrow keys; find "Viewer" that way.
      for (let i = 0; i < 6 && (await role.inputValue()) !== 'viewer'; i++) await p.keyboard.press('ArrowDown');
      assert((await role.inputValue()) === 'viewer', `could not choose Viewer with the arrow keys (value ${await role.inputValue()})`);
      await activate(p, p.getByRole('button', { name: 'Create invitation link' }), 'the "Create invitation link" button');
      const link = p.getByLabel('Invitation link');
      await link.waitFor({ state: 'visible' });
      assert(/\/invite\/[A-Za-z0-9_-]{20,}$/.test(await link.inputValue()), 'no invitation link shown');
      return errors;
    });
    await check('members: skip link moves focus to main', () => checkSkipLink(p));

    await check('billing is reachable from the app navigation', async () => {
      const links = await p.locator('header a[href="/settings/billing"], nav a[href="/settings/billing"]').count();
      assert(links > 0, 'no link to /settings/billing in the app header or navigation (keyboard users, and everyone else, must type the URL)');
    });

    await step('change plan by keyboard: "billing not configured" is announced (no Stripe in CI)', async () => {
      const link = p.locator('header a[href="/settings/billing"], nav a[href="/settings/billing"]').first();
      if ((await link.count()) > 0) await activate(p, link, 'the billing link');
      else await p.goto('/settings/billing');
      await arrive(p, /\/settings\/billing/);
      const choose = p.getByRole('button', { name: /^Choose / }).first();
      await activate(p, choose, 'the first "Choose <plan>" button');
      const message = p.getByText('Billing is not available').first();
      await message.waitFor({ state: 'visible' });
      const live = await message.evaluate((el) => Boolean(el.closest('[role="alert"], [role="status"], [aria-live]')));
      assert(live, 'the "Billing is not available" message is not in a live region');
      const detail = await message.evaluate((el) => el.closest('[role="alert"], [role="status"], [aria-live]')?.textContent ?? '');
      assert(/not configured/i.test(detail), `the message does not say billing is not configured: ${detail.slice(0, 200)}`);
      return 'Stripe is not configured in CI: the checkout redirect is replaced by this message';
    });

    await check('billing: skip link moves focus to main', () => checkSkipLink(p));

    await step('sign out by keyboard', async () => {
      await activate(p, p.getByRole('button', { name: 'Sign out' }), 'the "Sign out" button', { back: true });
      await arrive(p, /\/sign-in/);
    });
    await check('sign-in: skip link moves focus to main', () => checkSkipLink(p));

    await step('exit-intent offer: focus moves in, Escape closes it and returns focus; shown once', async () => {
      await p.goto('/');
      await hydrated(p);
      const pricing = p.getByRole('link', { name: 'Pricing', exact: true }).first();
      await tabTo(p, pricing, 'the "Pricing" link');
      await leaveThroughTop(p);
      const dialog = p.getByRole('dialog', { name: 'Before you go: scan your store for free' });
      await dialog.waitFor({ state: 'visible' });
      assert(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus did not move into the offer');
      const f = await focus(p);
      assert(f.indicator && f.focusVisible, `the offer's focused control shows no focus (${f.desc})`);
      await p.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      assert(await isFocused(pricing), 'focus did not return to the "Pricing" link');
      // Once a week: leaving again (without clearing the mark) shows nothing.
      await pointerLeavesThroughTop(p);
      await p.waitForTimeout(300);
      assert(!(await dialog.isVisible()), 'the offer showed a second time');
    });

    await step('pricing: the billing period switch works by keyboard', async () => {
      await p.goto('/pricing');
      await hydrated(p);
      const monthly = p.getByRole('radio', { name: 'Monthly' });
      await tabTo(p, monthly, 'the "Monthly" billing period');
      await p.keyboard.press('ArrowRight');
      assert(await p.getByRole('radio', { name: /Annual/ }).isChecked(), 'ArrowRight did not choose "Annual"');
      assert(await p.getByText('Prices for a year, paid once a year.').isVisible(), 'the annual prices are not shown');
      assert(!(await p.getByText('Prices for a month, paid monthly.').isVisible()), 'the monthly prices are still shown');
      const shown = (interval: string) =>
        p.locator(`[data-show="${interval}"]`).evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null || e.getClientRects().length > 0).length);
      const perYear = await shown('year');
      const perMonthVisible = await shown('month');
      assert(perYear > 0 && perMonthVisible === 0, `expected yearly prices only (${perYear} per year, ${perMonthVisible} per month visible)`);
    });

    // The layouts the journey does not pass through.
    for (const [label, target, expected] of [
      ['status page', '/status', 200],
      ['404 page', '/this-page-does-not-exist', 404],
    ] as const) {
      await suite.check(`${label}: skip link moves focus to main`, async () => {
        const res = await p.goto(target);
        assert(res?.status() === expected, `${target} answered ${res?.status()}`);
        await hydrated(p);
        return checkSkipLink(p);
      });
    }

    if (focusProblems.size === 0) suite.pass('every Tab stop showed a visible focus indicator');
    else
      suite.fail(
        'every Tab stop showed a visible focus indicator',
        [...focusProblems].map(([where, set]) => `${where}:\n${[...set].map((s) => `  ${s}`).join('\n')}`).join('\n'),
      );
    if (mouseUsed) suite.fail('no mouse was used', 'the suite used the mouse');
    else suite.pass('no mouse was used');
    await context.close();
  } catch (err) {
    suite.fail('keyboard suite could run', err instanceof Error ? (err.stack ?? err.message) : String(err));
  } finally {
    await browser?.close().catch(() => {});
  }
  return suite.finish();
}

// Run directly: `tsx e2e/keyboard.ts`.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { failed } = await runKeyboard(process.env.BASE_URL ?? 'http://localhost:3000');
  process.exitCode = failed > 0 ? 1 : 0;
}
