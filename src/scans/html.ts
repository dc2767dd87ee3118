/** Extracts the facts the checks need from one HTML document. Pure; never throws on bad HTML. */
import { parse, type HTMLElement } from 'node-html-parser';

export interface JsonLdBlock {
  /** The script's text (capped), for evidence. */
  raw: string;
  /** Parsed JSON, when it parsed. */
  data?: unknown;
  /** The JSON parse error, when it did not. */
  error?: string;
}

export interface PageFacts {
  title: string | null;
  metaDescription: string | null;
  /** <meta name="robots|googlebot|bingbot|…" content="…"> */
  metaRobots: { name: string; content: string }[];
  canonical: string | null;
  viewport: string | null;
  headings: { level: number; text: string }[];
  /** Visible text (scripts, styles, templates removed), newline-separated blocks, capped. */
  text: string;
  wordCount: number;
  jsonLd: JsonLdBlock[];
  /** Absolute http(s) link targets without fragments, de-duplicated, capped. */
  links: string[];
  telLinks: string[];
  detailsCount: number;
  siteName: string | null;
}

const MAX_TEXT = 200_000;
const MAX_LINKS = 1_000;
const MAX_JSONLD_RAW = 20_000;

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

export function extractPage(html: string, pageUrl: string): PageFacts {
  const root = parse(html, {
    comment: false,
    blockTextElements: { script: true, style: true, noscript: true, pre: true, textarea: true },
  });

  const jsonLd: JsonLdBlock[] = [];
  for (const script of root.querySelectorAll('script')) {
    const type = (script.getAttribute('type') ?? '').trim().toLowerCase();
    if (type !== 'application/ld+json') continue;
    const raw = script.rawText.trim();
    const block: JsonLdBlock = { raw: raw.slice(0, MAX_JSONLD_RAW) };
    try {
      // Some CMSs wrap JSON-LD in HTML comments or CDATA; browsers' JSON parse would not accept that either,
      // but search engines strip it, so we do too.
      const body = raw.replace(/^<!--|-->$/g, '').replace(/^\/\*<!\[CDATA\[\*\/|\/\*\]\]>\*\/$/g, '').trim();
      block.data = JSON.parse(body);
    } catch (err) {
      block.error = (err as Error).message.slice(0, 200);
    }
    jsonLd.push(block);
  }

  const meta = (pred: (el: HTMLElement) => boolean) => root.querySelectorAll('meta').filter(pred);
  const attr = (el: HTMLElement | undefined | null, name: string) => el?.getAttribute(name) ?? null;

  const titleEl = root.querySelector('head title') ?? root.querySelector('title');
  const title = titleEl ? clean(titleEl.text) : null;
  const description = meta((m) => (m.getAttribute('name') ?? '').toLowerCase() === 'description')[0];
  const metaRobots = meta((m) =>
    /^(robots|googlebot|bingbot|gptbot|oai-searchbot|chatgpt-user|perplexitybot|claudebot|applebot)$/i.test(
      m.getAttribute('name') ?? '',
    ),
  ).map((m) => ({ name: (m.getAttribute('name') ?? '').toLowerCase(), content: clean(m.getAttribute('content') ?? '') }));
  const viewport = meta((m) => (m.getAttribute('name') ?? '').toLowerCase() === 'viewport')[0];
  const siteName = meta((m) => (m.getAttribute('property') ?? '').toLowerCase() === 'og:site_name')[0];

  let canonical: string | null = null;
  for (const link of root.querySelectorAll('link')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('canonical')) {
      canonical = resolve(link.getAttribute('href') ?? '', pageUrl) ?? (link.getAttribute('href') || null);
      break;
    }
  }

  const links = new Set<string>();
  const telLinks: string[] = [];
  for (const a of root.querySelectorAll('a')) {
    const href = (a.getAttribute('href') ?? '').trim();
    if (!href) continue;
    if (/^tel:/i.test(href)) {
      telLinks.push(decodeURIComponentSafe(href.slice(4)));
      continue;
    }
    if (links.size >= MAX_LINKS) continue;
    const abs = resolve(href, pageUrl);
    if (abs) links.add(abs);
  }

  const headings = root
    .querySelectorAll('h1, h2, h3, h4, h5, h6')
    .map((h) => ({ level: Number(h.tagName.slice(1)), text: clean(h.text).slice(0, 300) }));
  const detailsCount = root.querySelectorAll('details').length;

  for (const el of root.querySelectorAll('script, style, noscript, template, svg')) el.remove();
  const body = root.querySelector('body') ?? root;
  const text = body.structuredText
    .split('\n')
    .map(clean)
    .filter(Boolean)
    .join('\n')
    .slice(0, MAX_TEXT);
  const wordCount = text ? text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length : 0;

  return {
    title: title || (titleEl ? '' : null),
    metaDescription: description ? clean(description.getAttribute('content') ?? '') : null,
    metaRobots,
    canonical,
    viewport: attr(viewport, 'content'),
    headings,
    text,
    wordCount,
    jsonLd,
    links: [...links],
    telLinks,
    detailsCount,
    siteName: siteName ? clean(siteName.getAttribute('content') ?? '') || null : null,
  };
}

function resolve(href: string, base: string): string | null {
  try {
    const u = new URL(href, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// ---------- JSON-LD helpers ----------

export type JsonObject = Record<string, unknown>;

/** Every object node in a JSON-LD document (arrays, @graph and nested values included). */
export function jsonLdNodes(data: unknown): JsonObject[] {
  const out: JsonObject[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number) => {
    if (depth > 12 || v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const item of v) walk(item, depth + 1);
      return;
    }
    const obj = v as JsonObject;
    out.push(obj);
    for (const value of Object.values(obj)) walk(value, depth + 1);
  };
  walk(data, 0);
  return out;
}

/** Normalised schema.org types of a node: "schema:AutoDealer", "https://schema.org/AutoDealer" → "autodealer". */
export function typesOf(node: JsonObject): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : t === undefined ? [] : [t];
  return list
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.replace(/^https?:\/\/schema\.org\//i, '').replace(/^schema:/i, '').toLowerCase());
}

/** A property's value as a list of strings/objects. */
export function values(node: JsonObject, key: string): unknown[] {
  const v = node[key];
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** A property as text: a string, a number, or the "name"/"@value" of an object. */
export function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as JsonObject;
    return textOf(o['@value'] ?? o['name']);
  }
  return null;
}
