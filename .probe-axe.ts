import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const base = readFileSync('/tmp/emailprobe/mailbox.html', 'utf8');
const variants: Record<string, (s: string) => string> = {
  closed: (s) => s,
  nolazy: (s) => s.replaceAll('loading="lazy"', ''),
  sameorigin: (s) => s.replaceAll('sandbox=""', 'sandbox="allow-same-origin"'),
  sameorigin_nolazy: (s) => s.replaceAll('sandbox=""', 'sandbox="allow-same-origin"').replaceAll('loading="lazy"', ''),
};
for (const [name, f] of Object.entries(variants)) {
  const page = await (await browser.newContext()).newPage();
  await page.setContent(f(base), { waitUntil: 'load' });
  const t = Date.now();
  try {
    const r = await Promise.race([new AxeBuilder({ page }).withTags(['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']).analyze(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), 15000))]);
    console.log(name, Date.now() - t, 'ms', r.violations.map((v) => `${v.id}: ${v.nodes.length} ${v.nodes.map(n=>n.target.join(' > ')).join(' | ').slice(0, 200)}`));
  } catch (e) { console.log(name, 'ERR', (e as Error).message); }
  await page.close();
}
await browser.close();
