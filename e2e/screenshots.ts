/**
 * Screenshots of every page in e2e/a11y.ts's PAGES (each state included) at 360 px and 1280 px
 * wide, full page, under $ARTIFACTS_DIR/screenshots (default .ci-artifacts/screenshots). Each
 * shot is also a reflow check: no horizontal scrolling at either width (WCAG 1.4.10).
 *
 * Then the checks behind docs/accessibility.md's manual checklist that a headless browser can
 * do, on a few key pages:
 *   zoom 200%       1280×800 at 200% = a 640×400 CSS px viewport at device scale factor 2: no
 *                   horizontal scrolling, screenshot
 *   reduced motion  prefers-reduced-motion: reduce: no running animation longer than 1 s or
 *                   repeating forever, screenshot
 *   forced colors   forced-colors: active: the focused element still has an outline (box-shadow
 *                   rings vanish in forced colors), screenshot
 *
 * Run against a running app: `BASE_URL=http://localhost:3000 npx tsx e2e/screenshots.ts`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, PAGES, Suite, TIMEOUT_MS, buildWorld, launch, pageFor, slug, visit, type PageSpec, type World } from './a11y';

export const SCREENSHOTS_DIR = path.join(ARTIFACTS, 'screenshots');
const WIDTHS = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
] as const;

/** Pages for the zoom, reduced-motion and forced-colors variants. */
const KEY_PAGES = ['home', 'pricing', 'sign-up with errors', 'dashboard (populated)', 'dealership', 'report', 'members (populated)', 'billing (owner)', 'ops: web vitals'];

/** Horizontal overflow of the document in CSS px (0 = none). */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}

async function widestOffender(page: Page): Promise<string> {
  return page.evaluate(() => {
    const limit = window.innerWidth;
    let worst: { el: Element; right: number } | null = null;
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > limit + 1 && (!worst || r.right > worst.right)) worst = { el, right: r.right };
    }
    if (!worst) return 'none found';
    const e = worst.el as HTMLElement;
    return `<${e.localName}${e.id ? `#${e.id}` : ''} class="${(e.className || '').toString().slice(0, 80)}"> reaches ${Math.round(worst.right)} px: ${e.outerHTML.slice(0, 160)}`;
  });
}

export async function runScreenshots(baseUrl: string): Promise<{ passed: number; failed: number }> {
  const suite = new Suite('screenshots');
  let browser: Browser | undefined;
  let world: World | undefined;
  const extra: { close(): Promise<void> }[] = [];
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  try {
    browser = await launch();
    world = await buildWorld(browser, baseUrl, suite);
    suite.pass('accounts and data for the page list');
    const w = world;

    let n = 0;
    for (const spec of PAGES) {
      n++;
      for (const size of WIDTHS) {
        const name = `screenshot ${spec.name} @${size.width}`;
        const tab = pageFor(w, spec.who);
        if (tab) await tab.setViewportSize(size);
        try {
          const visited = await visit(w, spec);
          if ('skipped' in visited) {
            suite.skip(name, visited.skipped);
            continue;
          }
          const file = path.join(SCREENSHOTS_DIR, `${String(n).padStart(2, '0')}-${slug(spec.name)}-${size.width}.png`);
          await visited.page.screenshot({ path: file, fullPage: true });
          const over = await overflow(visited.page);
          if (over > 1) suite.fail(name, `scrolls sideways by ${over} px at ${size.width} px wide; widest: ${await widestOffender(visited.page)}`);
          else suite.pass(name, `(${path.relative(process.cwd(), file)})`);
        } catch (err) {
          suite.fail(name, err instanceof Error ? err.message : String(err));
        }
      }
    }

    // ---- Manual-checklist items that can be emulated ----
    const keySpecs = KEY_PAGES.map((k) => PAGES.find((p) => p.name === k)).filter((p): p is PageSpec => Boolean(p));
    const variant = async (label: string, spec: PageSpec, run: (page: Page) => Promise<string | void>, options: { zoom?: boolean; media?: Parameters<Page['emulateMedia']>[0] }) => {
      const name = `${label}: ${spec.name}`;
      const source = pageFor(w, spec.who);
      if (!source) return suite.skip(name, 'no such account in this run');
      // A context of its own with the account's cookies, so zoom (scale factor) can differ.
      const context = await browser!.newContext({
        baseURL: w.base,
        storageState: await source.context().storageState(),
        viewport: options.zoom ? { width: 640, height: 400 } : { width: 1280, height: 800 },
        deviceScaleFactor: options.zoom ? 2 : 1,
        timezoneId: 'America/Chicago',
      });
      await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
      extra.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT_MS);
      suite.watch(page, label);
      if (options.media) await page.emulateMedia(options.media);
      const view: World = { ...w };
      if (spec.who === 'anonymous') view.anonymous = { context, page };
      else if (spec.who === 'operator') view.operator = { ...w.operator!, context, page };
      else (view as Record<string, unknown>)[spec.who] = { ...w[spec.who], context, page };
      let visited: Awaited<ReturnType<typeof visit>>;
      try {
        visited = await visit(view, spec);
      } catch (err) {
        suite.fail(name, err instanceof Error ? err.message : String(err));
        return context.close();
      }
      if ('skipped' in visited) {
        suite.skip(name, visited.skipped);
        return context.close();
      }
      await suite.check(name, async () => {
        await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${slug(label)}-${slug(spec.name)}.png`), fullPage: true });
        return run(page);
      });
      await context.close();
    };

    for (const spec of keySpecs) {
      await variant(
        'zoom 200%',
        spec,
        async (page) => {
          const over = await overflow(page);
          if (over > 1) throw new Error(`scrolls sideways by ${over} CSS px at 200% zoom; widest: ${await widestOffender(page)}`);
          return 'no horizontal scrolling';
        },
        { zoom: true },
      );
      await variant(
        'reduced motion',
        spec,
        async (page) => {
          const reduced = await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches);
          if (!reduced) throw new Error('prefers-reduced-motion emulation did not apply');
          const moving = await page.evaluate(() =>
            document
              .getAnimations()
              .filter((a) => a.playState === 'running')
              .map((a) => {
                const t = a.effect?.getComputedTiming();
                return { duration: Number(t?.duration ?? 0), iterations: Number(t?.iterations ?? 1), target: (a.effect as KeyframeEffect | null)?.target?.outerHTML?.slice(0, 100) ?? '' };
              })
              .filter((a) => a.duration > 1000 || !Number.isFinite(a.iterations)),
          );
          if (moving.length > 0) throw new Error(`animations ignore reduced motion: ${JSON.stringify(moving).slice(0, 400)}`);
          return 'no long or endless animations';
        },
        { media: { reducedMotion: 'reduce' } },
      );
      await variant(
        'forced colors',
        spec,
        async (page) => {
          const forced = await page.evaluate(() => matchMedia('(forced-colors: active)').matches);
          if (!forced) throw new Error('forced-colors emulation did not apply');
          await page.keyboard.press('Tab');
          const focus = await page.evaluate(() => {
            const el = document.activeElement as HTMLElement | null;
            if (!el || el === document.body) return null;
            const cs = getComputedStyle(el);
            return { outline: `${cs.outlineStyle} ${cs.outlineWidth}`, what: el.outerHTML.slice(0, 100) };
          });
          if (!focus) throw new Error('Tab focused nothing');
          if (focus.outline.startsWith('none') || focus.outline.endsWith(' 0px')) throw new Error(`the focused element has no outline in forced colors: ${focus.what}`);
          return `focus outline ${focus.outline}`;
        },
        { media: { forcedColors: 'active' } },
      );
    }
    console.log(`screenshots: ${SCREENSHOTS_DIR}`);
  } catch (err) {
    suite.fail('screenshot suite could run', err instanceof Error ? (err.stack ?? err.message) : String(err));
  } finally {
    for (const c of extra) await c.close().catch(() => {});
    await world?.close();
    await browser?.close().catch(() => {});
  }
  return suite.finish();
}

// Run directly: `tsx e2e/screenshots.ts`.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { failed } = await runScreenshots(process.env.BASE_URL ?? 'http://localhost:3000');
  process.exitCode = failed > 0 ? 1 : 0;
}

