/** Fetches a dealership site into a SiteSnapshot: robots.txt, sitemaps, llms.txt and up to N pages. */
import zlib from 'node:zlib';
import { ScanError } from './errors';
import { decodeText, type FetchOutcome, type Fetcher, ROBOTS_TOKEN } from './http';
import { classifyUrl, isPageCandidate, parseSitemap, pickPages, sameSite, urlKey } from './discover';
import { extractPage } from './html';
import { parseRobots, robotsAllows, type Robots } from './robots';
import type { FetchedText, SitemapInfo, SiteSnapshot, SnapshotPage } from './snapshot';
import { checkUrl, bareHostname } from './ssrf';
import type { ScanProgress } from './types';

export interface CrawlOptions {
  fetcher: Fetcher;
  allowedHosts: ReadonlySet<string>;
  maxPages: number;
  maxBytes: number;
  signal?: AbortSignal;
  onProgress?: (p: ScanProgress) => void;
}

const MAX_SITEMAP_FETCHES = 10;
const MAX_SITEMAP_URLS = 5_000;
const MAX_WAVES = 3;

export async function crawl(websiteUrl: string, opts: CrawlOptions): Promise<{ snapshot: SiteSnapshot; errors: string[] }> {
  const errors: string[] = [];
  const { fetcher } = opts;
  const progress = (phase: ScanProgress['phase'], fetched: number, total: number) => {
    try {
      opts.onProgress?.({ phase, fetched, total });
    } catch {
      // a progress listener must not break the scan
    }
  };
  const cancelled = () => {
    if (opts.signal?.aborted) throw new ScanError('aborted', 'The scan was cancelled.');
  };

  let start: URL;
  try {
    start = checkUrl(websiteUrl.trim(), opts.allowedHosts);
  } catch (err) {
    const code = /not a valid URL|no host/.test((err as Error).message) ? 'invalid_url' : 'refused_by_guard';
    throw new ScanError(code, `Cannot scan ${websiteUrl}: ${(err as Error).message}.`, { cause: err });
  }
  start.hash = '';

  // 1. robots.txt for the starting origin.
  progress('robots', 0, 1);
  let origin = start.origin;
  let { robots, robotsFile } = await loadRobots(fetcher, origin);
  cancelled();
  assertReachable(robotsFile, start);
  assertScanAllowed(robots, robotsFile, origin, start.href);

  // 2. The home page (wherever it redirects: a site may have moved to another host).
  const home = await fetcher.get(start.href);
  cancelled();
  assertReachable(home, start);
  const finalHome = new URL(home.finalUrl);
  if (finalHome.origin !== origin) {
    origin = finalHome.origin;
    ({ robots, robotsFile } = await loadRobots(fetcher, origin));
    cancelled();
    assertReachable(robotsFile, finalHome);
    assertScanAllowed(robots, robotsFile, origin, finalHome.href);
  }
  const site = new URL(origin);
  const homePage = toPage(home, start.href, 'home');
  if (home.error) errors.push(`${start.href}: ${home.error}`);

  // 3. Sitemaps (from robots.txt, else /sitemap.xml) and llms.txt, in parallel.
  progress('sitemap', 1, 1);
  const [sitemapResult, llmsTxt] = await Promise.all([
    loadSitemaps(fetcher, robots, site, opts.maxBytes, errors),
    fetchText(fetcher, new URL('/llms.txt', origin).href, 'text/plain,text/markdown;q=0.9,*/*;q=0.5'),
  ]);
  cancelled();

  // 4. Pages, in waves: sitemap URLs and the home page's links first, then links found on those pages.
  const pages: SnapshotPage[] = [homePage];
  const seen = new Set<string>([urlKey(start.href), urlKey(home.finalUrl)]);
  const skippedByRobots: string[] = [];
  const finalKeys = new Set<string>([urlKey(home.finalUrl)]);
  const consider = (urls: Iterable<string>): string[] => {
    const out: string[] = [];
    for (const raw of urls) {
      let u: URL;
      try {
        u = new URL(raw);
      } catch {
        continue;
      }
      u.hash = '';
      if (!sameSite(u, site) || !isPageCandidate(u)) continue;
      // Fetch on the site's own scheme and host spelling (sitemaps often mix http and www).
      const onSite = new URL(`${u.pathname}${u.search}`, origin).href;
      const key = urlKey(onSite);
      if (seen.has(key)) continue;
      seen.add(key);
      if (!robotsAllows(robots, origin, onSite, ROBOTS_TOKEN)) {
        if (skippedByRobots.length < 50) skippedByRobots.push(onSite);
        continue;
      }
      out.push(onSite);
    }
    return out;
  };

  let pool = consider([...sitemapResult.urls, ...(homePage.facts?.links ?? [])]);
  let total = 1 + Math.min(pool.length, opts.maxPages - 1);
  progress('pages', 1, total);
  for (let wave = 0; wave < MAX_WAVES && pages.length < opts.maxPages && pool.length > 0; wave++) {
    const picked = pickPages(pool, opts.maxPages - pages.length);
    const pickedSet = new Set(picked);
    const left = pool.filter((u) => !pickedSet.has(u));
    total = pages.length + picked.length;
    let done = pages.length;
    const fetched = await Promise.all(
      picked.map(async (url) => {
        const res = await fetcher.get(url, { followRedirect: (target) => sameSite(target, site) });
        progress('pages', ++done, total);
        return toPage(res, url);
      }),
    );
    cancelled();
    const next: string[] = [];
    for (const page of fetched) {
      // Two links that redirect to the same page (/service and /service/) count once.
      const finalKey = urlKey(page.finalUrl);
      if (page.status !== null && page.status < 300 && finalKeys.has(finalKey)) continue;
      finalKeys.add(finalKey);
      pages.push(page);
      if (page.error) errors.push(`${page.url}: ${page.error}`);
      if (page.facts) next.push(...page.facts.links);
    }
    pool = [...left, ...consider(next)];
  }

  return {
    snapshot: {
      websiteUrl: start.href,
      siteOrigin: origin,
      robots: robotsFile,
      llmsTxt,
      sitemaps: sitemapResult.infos,
      sitemapUrls: sitemapResult.urls.slice(0, 500),
      pages,
      skippedByRobots,
    },
    errors,
  };
}

function assertReachable(res: FetchedText | FetchOutcome, url: URL): void {
  if (res.status !== null) return;
  const reason = res.error ?? 'no response';
  if ('refused' in res && res.refused) {
    throw new ScanError('refused_by_guard', `Cannot scan ${url.href}: ${reason.replace(/^refused: /, '')}.`);
  }
  if (/refused: |only public addresses|loopback name/.test(reason)) {
    throw new ScanError('refused_by_guard', `Cannot scan ${url.href}: ${reason.replace(/^refused: /, '')}.`);
  }
  throw new ScanError('unreachable', `Could not reach ${bareHostname(url)}: ${reason}.`);
}

function assertScanAllowed(robots: Robots, file: FetchedText, origin: string, url: string): void {
  if (file.status !== null && file.status >= 500) {
    throw new ScanError(
      'robots_unavailable',
      `${file.url} answered HTTP ${file.status}. Under the robots.txt standard a crawler must then assume the whole site is off-limits, so we did not scan it. Try again when the site is healthy.`,
    );
  }
  if (robotsAllows(robots, origin, url, ROBOTS_TOKEN)) return;
  const whole = !robotsAllows(robots, origin, new URL('/', origin).href, ROBOTS_TOKEN);
  throw new ScanError(
    'robots_disallowed',
    whole
      ? `The site's robots.txt (${file.url}) disallows our scanner (${ROBOTS_TOKEN}) for the whole site, so we did not scan it. Allow "User-agent: ${ROBOTS_TOKEN}" to scan.`
      : `The site's robots.txt (${file.url}) disallows our scanner (${ROBOTS_TOKEN}) for ${url}, so we did not scan it.`,
  );
}

async function loadRobots(fetcher: Fetcher, origin: string): Promise<{ robots: Robots; robotsFile: FetchedText }> {
  const robotsFile = await fetchText(fetcher, new URL('/robots.txt', origin).href, 'text/plain,*/*;q=0.5');
  // 2xx: the rules. 4xx: no rules (RFC 9309 §2.3.1.3). 5xx/unreachable: handled by the caller.
  const body = robotsFile.status !== null && robotsFile.status >= 200 && robotsFile.status < 300 ? robotsFile.body : null;
  return { robots: parseRobots(origin, body), robotsFile };
}

async function fetchText(fetcher: Fetcher, url: string, accept: string): Promise<FetchedText> {
  const res = await fetcher.get(url, { accept });
  const contentType = res.headers['content-type'] ?? null;
  return {
    url: res.finalUrl,
    status: res.status,
    contentType,
    body: res.body && res.status !== null && res.status < 400 ? decodeText(res.body, contentType ?? undefined) : null,
    ...(res.error ? { error: res.error } : {}),
  };
}

async function loadSitemaps(
  fetcher: Fetcher,
  robots: Robots,
  site: URL,
  maxBytes: number,
  errors: string[],
): Promise<{ infos: SitemapInfo[]; urls: string[] }> {
  const fromRobots = robots
    .getSitemaps()
    .map((s) => {
      try {
        return new URL(s, site).href;
      } catch {
        return null;
      }
    })
    .filter((s): s is string => s !== null);
  const queue: { url: string; fromRobots: boolean; depth: number }[] = fromRobots
    .filter((s) => sameSite(new URL(s), site))
    .map((url) => ({ url, fromRobots: true, depth: 0 }));
  for (const s of fromRobots) {
    if (!sameSite(new URL(s), site)) errors.push(`sitemap ${s} is on another site; not read`);
  }
  if (queue.length === 0) queue.push({ url: new URL('/sitemap.xml', site).href, fromRobots: false, depth: 0 });

  const infos: SitemapInfo[] = [];
  const urls: string[] = [];
  const seen = new Set<string>();
  let fetches = 0;
  while (queue.length > 0 && fetches < MAX_SITEMAP_FETCHES && urls.length < MAX_SITEMAP_URLS) {
    const batch = queue.splice(0, Math.min(4, MAX_SITEMAP_FETCHES - fetches));
    fetches += batch.length;
    const results = await Promise.all(
      batch.map((item) =>
        fetcher.get(item.url, {
          accept: 'application/xml,text/xml;q=0.9,*/*;q=0.5',
          followRedirect: (t) => sameSite(t, site),
        }),
      ),
    );
    batch.forEach((item, i) => {
      const res = results[i]!;
      if (seen.has(item.url)) return;
      seen.add(item.url);
      const info: SitemapInfo = { url: item.url, status: res.status, kind: 'missing', urlCount: 0, fromRobots: item.fromRobots };
      infos.push(info);
      if (res.error || !res.body || res.status === null || res.status >= 400) {
        if (res.error) info.error = res.error;
        if (item.fromRobots || res.error) errors.push(`sitemap ${item.url}: ${res.error ?? `HTTP ${res.status}`}`);
        return;
      }
      let body = res.body;
      if (body[0] === 0x1f && body[1] === 0x8b) {
        try {
          body = zlib.gunzipSync(body, { maxOutputLength: maxBytes });
        } catch (err) {
          info.kind = 'invalid';
          info.error = `could not decompress: ${(err as Error).message.slice(0, 120)}`;
          return;
        }
      }
      const parsed = parseSitemap(decodeText(body, res.headers['content-type']));
      info.kind = parsed.kind;
      if (parsed.kind === 'invalid') {
        info.error = 'not a sitemap (no <urlset> or <sitemapindex>)';
        return;
      }
      if (parsed.kind === 'index') {
        for (const loc of parsed.locs) {
          try {
            const u = new URL(loc, site);
            if (sameSite(u, site) && item.depth < 2) queue.push({ url: u.href, fromRobots: false, depth: item.depth + 1 });
          } catch {
            // ignore bad entries
          }
        }
        info.urlCount = parsed.locs.length;
        return;
      }
      info.urlCount = parsed.locs.length;
      for (const loc of parsed.locs) {
        if (urls.length >= MAX_SITEMAP_URLS) break;
        urls.push(loc);
      }
    });
  }
  return { infos, urls };
}

function toPage(res: FetchOutcome, requested: string, kind?: SnapshotPage['kind']): SnapshotPage {
  const contentType = res.headers['content-type'] ?? null;
  const isHtml =
    res.body !== null &&
    res.status !== null &&
    (contentType ? /html/i.test(contentType) : /^\s*</.test(res.body.subarray(0, 64).toString('latin1')));
  const facts = isHtml ? extractPage(decodeText(res.body!, contentType ?? undefined), res.finalUrl) : null;
  const page: SnapshotPage = {
    url: requested,
    finalUrl: res.finalUrl,
    status: res.status,
    ttfbMs: res.ttfbMs,
    bytes: res.bytes,
    kind: kind ?? classifyUrl(res.finalUrl, facts?.title),
    contentType,
    xRobotsTag: res.headers['x-robots-tag'] ?? null,
    facts,
  };
  if (facts?.title) page.title = facts.title;
  if (res.truncated) page.truncated = true;
  if (res.error) page.error = res.error;
  return page;
}

