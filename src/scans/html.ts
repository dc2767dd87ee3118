/**
 * Extracts the facts the checks need from one HTML document in a single streaming pass
 * (htmlparser2's tokenizer, no DOM), so large pages cost little time and memory.
 * Pure; never throws on bad HTML.
 */
import { Parser } from 'htmlparser2';

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
  /** Visible text (scripts, styles, templates removed), one line per block, capped. */
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
const MAX_JSONLD_PARSE = 1_000_000;

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Elements whose text is not visible content. */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'iframe', 'object', 'select']);
/** Elements that start a new line of text. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main',
  'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul', 'body', 'option',
]);
const ROBOTS_META = /^(robots|googlebot|bingbot|gptbot|oai-searchbot|chatgpt-user|perplexitybot|claudebot|applebot)$/;

export function extractPage(html: string, pageUrl: string): PageFacts {
  let title: string | null = null;
  let metaDescription: string | null = null;
  let canonical: string | null = null;
  let viewport: string | null = null;
  let siteName: string | null = null;
  const metaRobots: { name: string; content: string }[] = [];
  const headings: { level: number; text: string }[] = [];
  const jsonLdRaw: string[] = [];
  const links = new Set<string>();
  const telLinks: string[] = [];
  let detailsCount = 0;

  const textParts: string[] = [];
  let textLength = 0;
  let hidden = 0; // depth inside HIDDEN elements
  let svg = 0; // depth inside <svg> (its <title> is not the page title)
  let inTitle = false;
  let titleText = '';
  let ldScript: string[] | null = null;
  let heading: { level: number; parts: string[] } | null = null;

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (BLOCK.has(name) && textLength < MAX_TEXT) textParts.push('\n');
        if (name === 'td' || name === 'th') textParts.push(' ');
        switch (name) {
          case 'title':
            if (title === null && svg === 0) inTitle = true;
            break;
          case 'meta': {
            const n = (attrs.name ?? '').toLowerCase();
            const content = attrs.content ?? '';
            if (n === 'description' && metaDescription === null) metaDescription = clean(content);
            else if (n === 'viewport' && viewport === null) viewport = content;
            else if (ROBOTS_META.test(n)) metaRobots.push({ name: n, content: clean(content) });
            if ((attrs.property ?? '').toLowerCase() === 'og:site_name' && siteName === null) siteName = clean(content) || null;
            break;
          }
          case 'link':
            if (canonical === null && (attrs.rel ?? '').toLowerCase().split(/\s+/).includes('canonical')) {
              const href = attrs.href ?? '';
              canonical = resolve(href, pageUrl) ?? (href || null);
            }
            break;
          case 'script':
            if ((attrs.type ?? '').trim().toLowerCase() === 'application/ld+json') ldScript = [];
            break;
          case 'a': {
            const href = (attrs.href ?? '').trim();
            if (!href) break;
            if (/^tel:/i.test(href)) telLinks.push(decodeURIComponentSafe(href.slice(4)));
            else if (links.size < MAX_LINKS) {
              const abs = resolve(href, pageUrl);
              if (abs) links.add(abs);
            }
            break;
          }
          case 'details':
            detailsCount++;
            break;
          default:
            if (/^h[1-6]$/.test(name) && hidden === 0) heading = { level: Number(name[1]), parts: [] };
        }
        if (HIDDEN.has(name)) hidden++;
        if (name === 'svg') svg++;
      },
      ontext(data) {
        if (ldScript) {
          ldScript.push(data);
          return;
        }
        if (inTitle) {
          titleText += data;
          return;
        }
        if (hidden > 0) return;
        if (heading) heading.parts.push(data);
        if (textLength < MAX_TEXT) {
          textParts.push(data);
          textLength += data.length;
        }
      },
      onclosetag(name) {
        if (HIDDEN.has(name) && hidden > 0) hidden--;
        if (name === 'svg' && svg > 0) svg--;
        if (name === 'title' && inTitle) {
          inTitle = false;
          title = clean(titleText);
        } else if (name === 'script' && ldScript) {
          jsonLdRaw.push(ldScript.join(''));
          ldScript = null;
        } else if (heading && name === `h${heading.level}`) {
          headings.push({ level: heading.level, text: clean(heading.parts.join('')).slice(0, 300) });
          heading = null;
        }
        if (BLOCK.has(name) && textLength < MAX_TEXT) textParts.push('\n');
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();

  const text = textParts
    .join('')
    .split('\n')
    .map(clean)
    .filter(Boolean)
    .join('\n')
    .slice(0, MAX_TEXT);
  const wordCount = text ? text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length : 0;

  return {
    title: inTitle ? clean(titleText) : title,
    metaDescription,
    metaRobots,
    canonical,
    viewport,
    headings,
    text,
    wordCount,
    jsonLd: jsonLdRaw.map(parseJsonLd),
    links: [...links],
    telLinks,
    detailsCount,
    siteName,
  };
}

function parseJsonLd(raw: string): JsonLdBlock {
  const trimmed = raw.trim();
  const block: JsonLdBlock = { raw: trimmed.slice(0, MAX_JSONLD_RAW) };
  if (trimmed.length > MAX_JSONLD_PARSE) {
    block.error = `block larger than ${MAX_JSONLD_PARSE} characters; not parsed`;
    return block;
  }
  try {
    // Some CMSs wrap JSON-LD in HTML comments or CDATA markers; search engines strip them, so we do too.
    const body = trimmed.replace(/^<!--|-->$/g, '').replace(/^\/\*<!\[CDATA\[\*\/|\/\*\]\]>\*\/$/g, '').trim();
    block.data = JSON.parse(body);
  } catch (err) {
    block.error = (err as Error).message.slice(0, 200);
  }
  return block;
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
