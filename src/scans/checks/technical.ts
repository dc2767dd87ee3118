/** Pillar "Technical health": the basics crawlers depend on. */
import type { CheckResult, Evidence } from '../types';
import type { SiteSnapshot } from '../snapshot';
import { sameSite } from '../discover';
import { THRESHOLDS, type CheckId } from '../weights';
import { check, htmlPages, keep, ofN } from './common';

export function technicalChecks(s: SiteSnapshot): CheckResult[] {
  return [httpsCheck(s), statusCheck(s), sitemapCheck(s), ttfbCheck(s), canonicalCheck(s), weightCheck(s), viewportCheck(s)];
}

function httpsCheck(s: SiteSnapshot): CheckResult {
  const id: CheckId = 'technical.https';
  const title = 'Served over HTTPS';
  const insecure = s.pages.filter((p) => p.status !== null && p.finalUrl.startsWith('http:'));
  const rec = {
    title: 'Serve every page over HTTPS',
    detail: 'Install a TLS certificate (free from your host or Let\'s Encrypt) and redirect every http:// address to https://. Browsers flag http sites as "Not secure" and engines prefer secure sources.',
    priority: 'high' as const,
    effort: 'medium' as const,
  };
  if (s.siteOrigin.startsWith('http:')) return check(id, title, 'fail', [{ url: s.siteOrigin, excerpt: 'The site is served over plain http.' }], rec);
  if (insecure.length > 0) {
    return check(id, title, 'warn', insecure.map((p) => ({ url: p.finalUrl, excerpt: 'Served over plain http.' })), { ...rec, title: 'Redirect the remaining http pages to https', priority: 'medium', effort: 'low' });
  }
  return check(id, title, 'pass', [{ url: s.siteOrigin, excerpt: 'Every page read was served over HTTPS.' }], keep('Renew the certificate automatically.'));
}

function statusCheck(s: SiteSnapshot): CheckResult {
  const id: CheckId = 'technical.status-codes';
  const title = 'Pages answer successfully (HTTP status)';
  const bad: Evidence[] = [];
  for (const p of s.pages) {
    if (p.status === null) bad.push({ url: p.url, excerpt: `No response: ${p.error ?? 'unknown error'}.` });
    else if (p.status >= 400) bad.push({ url: p.url, excerpt: `HTTP ${p.status}${p.finalUrl !== p.url ? ` at ${p.finalUrl}` : ''}.` });
    // A 3xx here is a link that redirects to another site: not broken, so not counted.
  }
  const home = s.pages[0];
  const rec = {
    title: 'Fix pages that fail to load',
    detail: 'Broken, looping or slow-to-time-out pages are skipped by crawlers. Fix or redirect (301) each address below, and remove dead links from the sitemap and menus.',
    priority: 'medium' as const,
    effort: 'medium' as const,
  };
  if (bad.length === 0) return check(id, title, 'pass', [{ url: s.siteOrigin, excerpt: `All ${s.pages.length} pages answered HTTP 2xx.` }], keep('Monitor for broken links after site changes.'));
  const homeBad = !home || home.status === null || home.status >= 400;
  const status = homeBad || bad.length * 2 >= s.pages.length ? 'fail' : 'warn';
  return check(id, title, status, [{ url: s.siteOrigin, excerpt: `${ofN(bad.length, s.pages.length, 'page')} did not load.` }, ...bad], status === 'fail' ? { ...rec, priority: 'high' } : rec);
}

function sitemapCheck(s: SiteSnapshot): CheckResult {
  const id: CheckId = 'technical.sitemap';
  const title = 'XML sitemap present and listed in robots.txt';
  const valid = s.sitemaps.filter((m) => m.kind === 'urlset' || m.kind === 'index');
  const inRobots = valid.some((m) => m.fromRobots);
  const declared = s.sitemaps.filter((m) => m.fromRobots);
  const evidence: Evidence[] = s.sitemaps.map((m) => ({
    url: m.url,
    excerpt:
      m.kind === 'urlset' || m.kind === 'index'
        ? `${m.kind === 'index' ? 'Sitemap index' : 'Sitemap'} with ${m.urlCount} entr${m.urlCount === 1 ? 'y' : 'ies'}${m.fromRobots ? ', listed in robots.txt' : ', not listed in robots.txt'}.`
        : `${m.error ?? `HTTP ${m.status}`}${m.fromRobots ? ' (listed in robots.txt)' : ''}.`,
  }));
  const rec = {
    title: 'Publish a sitemap and list it in robots.txt',
    detail: 'An XML sitemap listing every inventory, service and information page, kept up to date by your platform, plus a "Sitemap: https://your-site/sitemap.xml" line in robots.txt, lets crawlers find pages they would otherwise miss.',
    priority: 'medium' as const,
    effort: 'low' as const,
  };
  if (valid.length > 0 && inRobots) return check(id, title, 'pass', evidence, keep('Keep the sitemap generated automatically.'));
  if (valid.length > 0) return check(id, title, 'warn', evidence, { ...rec, title: 'List the sitemap in robots.txt', priority: 'low' });
  if (declared.length > 0) return check(id, title, 'warn', evidence, { ...rec, title: 'Fix the sitemap robots.txt points to' });
  return check(id, title, 'fail', evidence.length ? evidence : [{ url: new URL('/sitemap.xml', s.siteOrigin).href, excerpt: 'No sitemap found.' }], rec);
}

function ttfbCheck(s: SiteSnapshot): CheckResult {
  const id: CheckId = 'technical.ttfb';
  const { good, poor } = THRESHOLDS.ttfbMs;
  const title = `Server response time (median time to first byte ≤ ${good} ms)`;
  const timed = s.pages.filter((p) => p.ttfbMs !== null && p.status !== null).map((p) => ({ url: p.finalUrl, ms: p.ttfbMs! }));
  if (timed.length === 0) return check(id, title, 'not_applicable', [], keep('No page answered, so response time was not measured.'));
  const sorted = [...timed].sort((a, b) => a.ms - b.ms);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]!.ms : Math.round((sorted[mid - 1]!.ms + sorted[mid]!.ms) / 2);
  const slowest = sorted[sorted.length - 1]!;
  const evidence = [
    { url: s.siteOrigin, excerpt: `Median ${median} ms over ${timed.length} pages, measured from our scanner (includes connecting).` },
    { url: slowest.url, excerpt: `Slowest: ${slowest.ms} ms.` },
  ];
  const rec = {
    title: 'Make the server answer faster',
    detail: `Pages should start arriving within ${good} ms. Use page caching or a CDN in front of the site, and ask your website provider about server response time; slow pages are fetched less often and may time out for AI crawlers.`,
    priority: 'medium' as const,
    effort: 'high' as const,
  };
  if (median <= good) return check(id, title, 'pass', evidence, keep('Response time is good.'));
  return check(id, title, median <= poor ? 'warn' : 'fail', evidence, rec);
}

function canonicalCheck(s: SiteSnapshot): CheckResult {
  const id: CheckId = 'technical.canonical';
  const title = 'Canonical tags point to the page on this site';
  const pages = htmlPages(s);
  if (pages.length === 0) return check(id, title, 'not_applicable', [], keep('No HTML pages were read.'));
  const site = new URL(s.siteOrigin);
  const issues: Evidence[] = [];
  let ok = 0;
  for (const p of pages) {
    const c = p.facts.canonical;
    if (!c) {
      issues.push({ url: p.finalUrl, excerpt: 'No <link rel="canonical">.' });
      continue;
    }
    let cu: URL | null = null;
    try {
      cu = new URL(c);
    } catch {
      // invalid
    }
    if (!cu) issues.push({ url: p.finalUrl, excerpt: `Invalid canonical "${c}".` });
    else if (!sameSite(cu, site)) issues.push({ url: p.finalUrl, excerpt: `Canonical points to another site: ${c}` });
    else ok++;
  }
  const rec = {
    title: 'Add a canonical tag to every page',
    detail: 'Each page should carry <link rel="canonical" href="https://your-site/the-page"> naming its own preferred address, so duplicates (tracking parameters, sort orders) are folded into one.',
    priority: 'low' as const,
    effort: 'low' as const,
  };
  if (issues.length === 0) return check(id, title, 'pass', [{ url: s.siteOrigin, excerpt: `All ${pages.length} pages declare a canonical on this site.` }], keep('Keep canonicals on new templates.'));
  return check(id, title, ok > 0 ? 'warn' : 'fail', issues, rec);
}

function weightCheck(s: SiteSnapshot): CheckResult {
  const id: CheckId = 'technical.html-weight';
  const { good, poor } = THRESHOLDS.htmlBytes;
  const title = `HTML size per page (≤ ${Math.round(good / 1024)} KB)`;
  const read = s.pages.filter((p) => p.status !== null && p.bytes > 0);
  if (read.length === 0) return check(id, title, 'not_applicable', [], keep('No page bodies were read.'));
  const cut = read.filter((p) => p.truncated);
  const heavy = read.filter((p) => !p.truncated && p.bytes > poor);
  const large = read.filter((p) => !p.truncated && p.bytes > good && p.bytes <= poor);
  const kb = (n: number) => `${Math.round(n / 1024)} KB`;
  const evidence: Evidence[] = [
    ...cut.map((p) => ({ url: p.finalUrl, excerpt: `Over ${kb(p.bytes)}: we stopped reading (pages this large are cut off by crawlers too).` })),
    ...heavy.map((p) => ({ url: p.finalUrl, excerpt: `${kb(p.bytes)} of HTML.` })),
    ...large.map((p) => ({ url: p.finalUrl, excerpt: `${kb(p.bytes)} of HTML.` })),
  ];
  const rec = {
    title: 'Slim down oversized HTML',
    detail: `Keep each page's HTML under ${kb(good)}: move inline scripts, styles and embedded data (often the whole inventory as JSON) into separate files, and paginate long lists. Crawlers stop reading very large pages.`,
    priority: 'medium' as const,
    effort: 'medium' as const,
  };
  if (cut.length > 0 || heavy.length > 0) return check(id, title, 'fail', evidence, rec);
  if (large.length > 0) return check(id, title, 'warn', evidence, { ...rec, priority: 'low' });
  const max = Math.max(...read.map((p) => p.bytes));
  return check(id, title, 'pass', [{ url: s.siteOrigin, excerpt: `Largest page ${kb(max)}.` }], keep('Pages are a reasonable size.'));
}

function viewportCheck(s: SiteSnapshot): CheckResult {
  const id: CheckId = 'technical.viewport';
  const title = 'Mobile viewport declared';
  const pages = htmlPages(s);
  if (pages.length === 0) return check(id, title, 'not_applicable', [], keep('No HTML pages were read.'));
  const missing = pages.filter((p) => !p.facts.viewport);
  const rec = {
    title: 'Add a viewport meta tag',
    detail: 'Add <meta name="viewport" content="width=device-width, initial-scale=1"> to every page template so the site is treated as mobile-friendly.',
    priority: 'low' as const,
    effort: 'low' as const,
  };
  if (missing.length === 0) return check(id, title, 'pass', [{ url: s.siteOrigin, excerpt: `All ${pages.length} pages declare a viewport.` }], keep('The site declares a mobile viewport.'));
  return check(id, title, missing.length < pages.length ? 'warn' : 'fail', missing.map((p) => ({ url: p.finalUrl, excerpt: 'No <meta name="viewport">.' })), rec);
}
