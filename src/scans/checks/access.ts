/** Pillar "AI crawler access": may answer engines read the site at all? */
import type { CheckResult, Evidence } from '../types';
import type { SiteSnapshot } from '../snapshot';
import { AI_CRAWLERS, decidingLine, namesToken, parseRobots, robotsAllows } from '../robots';
import type { CheckId } from '../weights';
import { classifyUrl } from '../discover';
import { check, htmlPages, keep, KEY_KINDS, pathOf } from './common';

/** Crawlers that decide whether a store appears in live answers (not only in training). */
const LIVE_ANSWER_BOTS = new Set(['oai-searchbot', 'chatgpt-user', 'perplexitybot', 'bingbot']);


export function accessChecks(s: SiteSnapshot): CheckResult[] {
  return [...AI_CRAWLERS.map((bot) => crawlerCheck(s, bot)), noindexCheck(s), llmsTxtCheck(s)];
}

function robotsBody(s: SiteSnapshot): string | null {
  return s.robots.status !== null && s.robots.status >= 200 && s.robots.status < 300 ? s.robots.body : null;
}

function crawlerCheck(s: SiteSnapshot, bot: (typeof AI_CRAWLERS)[number]): CheckResult {
  const id = `access.bot.${bot.id}` as CheckId;
  const title = `${bot.token} (${bot.operator}) may read the site`;
  const body = robotsBody(s);
  const robots = parseRobots(s.siteOrigin, body);
  const robotsUrl = s.robots.url;
  const live = LIVE_ANSWER_BOTS.has(bot.id);

  if (body === null) {
    return check(id, title, 'pass', [{ url: robotsUrl, excerpt: `No robots.txt rules (HTTP ${s.robots.status ?? 'no response'}): every crawler may read the site.` }], keep(`${bot.token} feeds ${bot.purpose}.`));
  }

  const home = new URL('/', s.siteOrigin).href;
  if (!robotsAllows(robots, s.siteOrigin, home, bot.token)) {
    const line = decidingLine(robots, s.siteOrigin, home, bot.token, body);
    return check(
      id,
      title,
      'fail',
      [{ url: robotsUrl, excerpt: `${bot.token} is blocked from the whole site${line ? ` (${line})` : ''}.` }],
      {
        title: `Allow ${bot.token} in robots.txt`,
        detail: `${bot.token} feeds ${bot.purpose}. robots.txt blocks it from the whole site, so ${bot.operator} cannot read your inventory, hours or address. Remove its "Disallow: /" rule${namesToken(body, bot.token) ? '' : ' (it falls under the "User-agent: *" group)'} or add "User-agent: ${bot.token}" with "Allow: /".`,
        priority: live ? 'high' : 'medium',
        effort: 'low',
      },
    );
  }

  const keyUrls = new Set<string>();
  for (const p of s.pages) if (KEY_KINDS.has(p.kind)) keyUrls.add(new URL(pathOf(p.finalUrl), s.siteOrigin).href);
  // Key pages we did not fetch (robots kept our scanner out, or beyond the page budget) count too.
  for (const url of [...s.skippedByRobots, ...s.sitemapUrls]) {
    if (KEY_KINDS.has(classifyUrl(url))) keyUrls.add(new URL(pathOf(url), s.siteOrigin).href);
  }
  const blocked: Evidence[] = [];
  for (const url of [...keyUrls].sort()) {
    if (!robotsAllows(robots, s.siteOrigin, url, bot.token)) {
      const line = decidingLine(robots, s.siteOrigin, url, bot.token, body);
      blocked.push({ url, excerpt: `${bot.token} is blocked from ${pathOf(url)}${line ? ` (${line})` : ''}.` });
    }
  }
  if (blocked.length > 0) {
    return check(id, title, 'warn', blocked, {
      title: `Unblock key pages for ${bot.token}`,
      detail: `${bot.token} may read the site but not ${blocked.length === 1 ? 'one key page' : `${blocked.length} key pages`} (inventory, service, contact or FAQ). Remove the Disallow rules that cover them.`,
      priority: live ? 'high' : 'medium',
      effort: 'low',
    });
  }
  const explicit = namesToken(body, bot.token);
  return check(
    id,
    title,
    'pass',
    [{ url: robotsUrl, excerpt: explicit ? `robots.txt names ${bot.token} and allows the key pages.` : `No rule blocks ${bot.token} from the key pages (the "User-agent: *" rules apply).` }],
    keep(`${bot.token} feeds ${bot.purpose}.`),
  );
}

const BLOCKING = /\b(noindex|none|nosnippet)\b|max-snippet\s*:\s*0\b/i;

function noindexCheck(s: SiteSnapshot): CheckResult {
  const id: CheckId = 'access.noindex';
  const title = 'Pages may be indexed and quoted (no noindex / nosnippet)';
  const onKey: { url: string; excerpt: string }[] = [];
  const onOther: { url: string; excerpt: string }[] = [];
  for (const p of htmlPages(s)) {
    const found: string[] = [];
    if (p.xRobotsTag && BLOCKING.test(p.xRobotsTag)) found.push(`X-Robots-Tag: ${p.xRobotsTag}`);
    for (const m of p.facts.metaRobots) if (BLOCKING.test(m.content)) found.push(`<meta name="${m.name}" content="${m.content}">`);
    if (found.length === 0) continue;
    (KEY_KINDS.has(p.kind) ? onKey : onOther).push({ url: p.finalUrl, excerpt: found.join('; ') });
  }
  if (onKey.length > 0) {
    return check(id, title, 'fail', [...onKey, ...onOther], {
      title: 'Remove noindex / nosnippet from key pages',
      detail: 'These pages tell search and answer engines not to index or quote them, so they cannot appear in answers. Remove the robots meta tag or X-Robots-Tag header from them (often a leftover from a staging site or a CMS setting).',
      priority: 'high',
      effort: 'low',
    });
  }
  if (onOther.length > 0) {
    return check(id, title, 'warn', onOther, {
      title: 'Review pages marked noindex / nosnippet',
      detail: 'Some pages ask not to be indexed or quoted. That is right for thank-you or login pages; make sure none of these should be found by shoppers.',
      priority: 'medium',
      effort: 'low',
    });
  }
  return check(
    id,
    title,
    'pass',
    [{ url: s.siteOrigin, excerpt: `No noindex or nosnippet directive on the ${htmlPages(s).length} pages read.` }],
    keep('Answer engines may index and quote every page we read.'),
  );
}

function llmsTxtCheck(s: SiteSnapshot): CheckResult {
  const id: CheckId = 'access.llms-txt';
  const title = 'llms.txt guide for AI assistants';
  const f = s.llmsTxt;
  const rec = {
    title: 'Publish an llms.txt file',
    detail:
      'llms.txt is a short Markdown file at your site root ("# Store name", a one-line summary, then "## Sections" listing links to inventory, service, hours and contact pages). It is a proposed convention that some AI tools read; it is cheap to add.',
    priority: 'low' as const,
    effort: 'low' as const,
  };
  if (f.status === null || f.status >= 400 || !f.body) {
    return check(id, title, 'warn', [{ url: f.url, excerpt: f.error ? `Not fetched: ${f.error}` : `No llms.txt (HTTP ${f.status}).` }], rec);
  }
  const body = f.body.trim();
  const problems: string[] = [];
  if ((f.contentType && /html/i.test(f.contentType)) || /^<(!doctype|html)/i.test(body)) problems.push('it is an HTML page, not Markdown (probably a "not found" page answered with 200)');
  else {
    const first = body.split(/\r?\n/).find((l) => l.trim());
    if (!first || !/^#\s+\S/.test(first)) problems.push('it does not start with a "# Title" line');
    if (!/\[[^\]]+\]\([^)\s]+\)/.test(body)) problems.push('it has no Markdown links to your pages');
  }
  if (problems.length > 0) {
    return check(id, title, 'warn', [{ url: f.url, excerpt: `llms.txt found but ${problems.join('; ')}. Starts: "${body.slice(0, 120)}"` }], {
      ...rec,
      title: 'Fix the llms.txt format',
    });
  }
  const links = body.match(/\[[^\]]+\]\([^)\s]+\)/g)?.length ?? 0;
  return check(id, title, 'pass', [{ url: f.url, excerpt: `Well-formed llms.txt with ${links} link${links === 1 ? '' : 's'}: "${body.slice(0, 120)}"` }], keep('Keep llms.txt current when pages move.'));
}
