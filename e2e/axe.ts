/**
 * The one axe check the browser suites run (e2e/a11y.ts, e2e/journey.ts): WCAG 2.2 A and AA rules
 * on the page as it is once its transitions have finished.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Waits for the page's finite CSS transitions and animations. axe reads colours as painted: a
 * dialog that is fading in has less contrast than at rest, and the check would fail on timing
 * alone. Endless ones (spinners) are left running.
 */
export async function transitionsFinished(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

/** axe on the page as it is now: the violations, one line per rule and up to 8 elements. */
export async function axeViolations(page: Page, exclude: string[] = []): Promise<string[]> {
  await transitionsFinished(page);
  let builder = new AxeBuilder({ page })
    .withTags(AXE_TAGS)
    // The Next.js development overlay is not part of the app (absent in production builds).
    .exclude('nextjs-portal');
  for (const selector of exclude) builder = builder.exclude(selector);
  const results = await builder.analyze();
  return results.violations.flatMap((v) => [
    `${v.id} [${v.impact ?? 'n/a'}] ${v.help} (${v.helpUrl})`,
    ...v.nodes.slice(0, 8).map((n) => `    ${n.target.join(' ')}: ${n.html.slice(0, 160)}\n      ${n.failureSummary?.replace(/\n/g, ' ') ?? ''}`),
  ]);
}
