/** URL discovery: sitemap parsing, page classification and ranking. Pure. */
import type { PageKind } from './snapshot';
import { bareHostname } from './ssrf';

const NON_HTML = /\.(pdf|jpe?g|png|gif|webp|avif|svg|ico|css|js|mjs|json|xml|gz|zip|mp4|mov|webm|mp3|woff2?|ttf|eot|txt|csv|xlsx?|docx?)$/i;
const SKIP_PATHS = /\/(logout|log-out|sign-?out|login|sign-?in|cart|checkout|wp-admin|wp-login\.php|account|my-account|admin)(\/|$)/i;
const VIN = /(?:^|[^a-z0-9])[a-hj-npr-z0-9]{17}(?:[^a-z0-9]|$)/i;

/** The kind of dealership page a URL most likely is, from its path (and title when known). */
export function classifyUrl(url: string, title?: string | null): PageKind {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'other';
  }
  const path = safeDecode(u.pathname).toLowerCase().replace(/\/index\.(html?|php|aspx?)$/, '/');
  if (path === '/' || path === '') return 'home';
  const p = `${path}${u.search.toLowerCase()}`;
  const t = (title ?? '').toLowerCase();
  if (/faq|frequently-asked|questions/.test(p) || /frequently asked|\bfaqs?\b/.test(t)) return 'faq';
  if (/\/(vehicle-details?|vdp|vehicle|auto)\//.test(path) || VIN.test(path) || /\/(new|used|inventory)\/.*(19|20)\d{2}[-_]/.test(path)) {
    return 'vehicle';
  }
  if (/special|offers|incentives|deals|coupons/.test(path)) return 'specials';
  if (/(^|\/)(new-inventory|new-vehicles|new-cars|new-trucks|searchnew|new)(\/|\.|$|-)/.test(path) || /[?&](type|condition)=new/.test(p)) {
    return 'inventory-new';
  }
  if (/(used|pre-?owned|certified|searchused)/.test(path) || /[?&](type|condition)=used/.test(p)) return 'inventory-used';
  if (/inventory|vehicles|showroom/.test(path)) return 'inventory';
  if (/service|maintenance|repair|oil-change|tires?(\/|$)/.test(path)) return 'service';
  if (/parts|accessories/.test(path)) return 'parts';
  if (/financ|credit|apply|loan|lease|payment-calculator/.test(path)) return 'finance';
  if (/trade|value-your|sell-my|sell-your|(^|\/)sell(\/|$)|appraisal/.test(path)) return 'trade-in';
  if (/contact|hours|directions|location|find-us|visit/.test(path)) return 'contact';
  if (/about|our-dealership|why-buy|staff|team|reviews|testimonials/.test(path)) return 'about';
  return 'other';
}

const KIND_SCORE: Record<PageKind, number> = {
  home: 100,
  'inventory-new': 90,
  'inventory-used': 90,
  service: 85,
  contact: 80,
  faq: 80,
  about: 75,
  inventory: 75,
  finance: 70,
  parts: 65,
  'trade-in': 65,
  specials: 55,
  vehicle: 45,
  other: 20,
};

/** At most this many pages of a kind in the first pass, so one kind cannot fill the budget. */
const KIND_CAP: Partial<Record<PageKind, number>> = { vehicle: 5 };
const DEFAULT_KIND_CAP = 4;

export function rankScore(url: string): number {
  const u = new URL(url);
  const kind = classifyUrl(url);
  const depth = u.pathname.split('/').filter(Boolean).length;
  let score = KIND_SCORE[kind] - Math.max(0, depth - 1) * 3;
  if (u.search) score -= 15;
  if (/\/(blog|news|articles?|posts?|tag|category|author)\//i.test(u.pathname)) score -= 10;
  return score;
}

/** Picks up to `limit` URLs: best-ranked first, at most a few of each kind, then the rest by rank. */
export function pickPages(candidates: readonly string[], limit: number): string[] {
  const ranked = [...new Set(candidates)]
    .map((url) => ({ url, kind: classifyUrl(url), score: rankScore(url) }))
    .sort((a, b) => b.score - a.score || a.url.length - b.url.length || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const taken: string[] = [];
  const perKind = new Map<PageKind, number>();
  const rest: string[] = [];
  for (const r of ranked) {
    const n = perKind.get(r.kind) ?? 0;
    if (taken.length < limit && n < (KIND_CAP[r.kind] ?? DEFAULT_KIND_CAP)) {
      taken.push(r.url);
      perKind.set(r.kind, n + 1);
    } else rest.push(r.url);
  }
  for (const url of rest) {
    if (taken.length >= limit) break;
    taken.push(url);
  }
  return taken;
}

/** Key for de-duplication: no fragment, no tracking parameters, no trailing slash, default port dropped. */
export function urlKey(url: string): string {
  const u = new URL(url);
  u.hash = '';
  for (const k of [...u.searchParams.keys()]) if (/^(utm_|gclid$|fbclid$|msclkid$)/i.test(k)) u.searchParams.delete(k);
  u.hostname = bareHostname(u);
  let s = u.href;
  if (u.pathname !== '/' && s.endsWith('/') && !u.search) s = s.slice(0, -1);
  return s;
}

/** Same site: same scheme-insensitive host (a "www." prefix either way is the same site) and port. */
export function sameSite(url: URL, site: URL): boolean {
  const strip = (h: string) => h.replace(/^www\./, '');
  const port = (u: URL) => u.port || (u.protocol === 'https:' ? '443' : '80');
  const samePort = port(url) === port(site) || (!url.port && !site.port); // http↔https on default ports
  return strip(bareHostname(url)) === strip(bareHostname(site)) && samePort;
}

/** Whether a URL is worth fetching as a page (HTML-looking, not a login or cart). */
export function isPageCandidate(url: URL): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (NON_HTML.test(url.pathname)) return false;
  if (SKIP_PATHS.test(url.pathname)) return false;
  return true;
}

/** Parses a sitemap or sitemap index. Tolerant: regex over <loc>, CDATA and entities handled. */
export function parseSitemap(xml: string, maxUrls = 50_000): { kind: 'urlset' | 'index' | 'invalid'; locs: string[] } {
  const head = xml.slice(0, 4096).toLowerCase();
  const kind = /<(?:\w+:)?sitemapindex[\s>]/.test(head) ? 'index' : /<(?:\w+:)?urlset[\s>]/.test(head) ? 'urlset' : 'invalid';
  if (kind === 'invalid') return { kind, locs: [] };
  const locs: string[] = [];
  const re = /<(?:\w+:)?loc>\s*(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?\s*<\/(?:\w+:)?loc>/gi;
  for (const m of xml.matchAll(re)) {
    const loc = decodeXml(m[1]!.trim());
    if (loc) locs.push(loc);
    if (locs.length >= maxUrls) break;
  }
  return { kind, locs };
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
