/**
 * Route patterns for web-vitals beacons: the path with every identifier replaced, so nothing
 * that identifies a dealership, a report, a person or an invitation leaves the browser.
 * Browser-safe (the WebVitals component uses it) and used again by the server to validate.
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const UUID_G = new RegExp(UUID.source, 'gi');
const EMAIL = /[^\s/@]+@[^\s/@]+/;
/** A path segment that reads like an identifier: digits only, or long and random-looking. */
const NUMERIC = /^\d+$/;
const TOKENISH = (s: string) => s.length >= 24 || (s.length >= 12 && /\d/.test(s) && /[a-z]/i.test(s));

export const MAX_ROUTE_LENGTH = 200;
export const MAX_TARGET_LENGTH = 160;

/** Characters a stored route may contain: lowercase/uppercase letters, digits, - . _ ~ / [ ]. */
export const ROUTE_CHARS = /^\/[A-Za-z0-9\-._~/[\]]*$/;

/**
 * `/dealerships/3f1c…/edit` → `/dealerships/[id]/edit`. `params` (Next.js useParams) names the
 * dynamic segments exactly (`/invite/[token]`); whatever still looks like an id is replaced too.
 */
export function routePattern(pathname: string, params?: Record<string, string | string[] | undefined> | null): string {
  let path = (pathname.split(/[?#]/)[0] || '/').replace(/\/{2,}/g, '/');
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it encoded; the segment checks below still apply
  }
  let segments = path.split('/').filter(Boolean);
  if (params) {
    for (const [key, raw] of Object.entries(params)) {
      if (raw === undefined || !/^[A-Za-z0-9_]{1,32}$/.test(key)) continue;
      const values = Array.isArray(raw) ? raw : [raw];
      if (Array.isArray(raw) && raw.length > 0) {
        // catch-all: the run of segments that equals the values becomes one [...key]
        const at = segments.findIndex((_, i) => values.every((v, j) => segments[i + j] === v));
        if (at >= 0) segments = [...segments.slice(0, at), `[...${key}]`, ...segments.slice(at + values.length)];
        continue;
      }
      segments = segments.map((s) => (s === raw ? `[${key}]` : s));
    }
  }
  segments = segments.map((s) => {
    if (/^\[(\.\.\.)?[A-Za-z0-9_]+\]$/.test(s)) return s;
    if (UUID.test(s)) return '[id]';
    if (NUMERIC.test(s)) return '[n]';
    if (EMAIL.test(s)) return '[email]';
    if (TOKENISH(s)) return '[token]';
    return s.replace(/[^A-Za-z0-9\-._~]/g, '-');
  });
  const out = `/${segments.join('/')}`;
  return out.length > MAX_ROUTE_LENGTH ? `${out.slice(0, MAX_ROUTE_LENGTH - 4)}/...` : out;
}

/** What the server refuses to store in a route: anything that still carries an identifier. */
export function routeLeak(route: string): string | null {
  if (!ROUTE_CHARS.test(route)) return 'contains characters a route pattern never has';
  if (UUID.test(route)) return 'contains a UUID';
  if (EMAIL.test(route)) return 'contains an email address';
  for (const s of route.split('/').filter(Boolean)) {
    if (/^\[(\.\.\.)?[A-Za-z0-9_]+\]$/.test(s)) continue;
    if (/\d{5,}/.test(s)) return 'contains a long number';
    if (TOKENISH(s)) return 'contains an identifier-like segment';
  }
  return null;
}

/**
 * An attribution selector from web-vitals (`main#main>div.card>button`) without ids, numbers or
 * anything id-like, and at most MAX_TARGET_LENGTH characters (the end, the most specific part).
 */
export function sanitizeTarget(selector: string | undefined | null): string | null {
  if (!selector) return null;
  let s = selector
    .replace(UUID_G, '')
    .replace(/#[^\s>+~.:[\]]+/g, '') // #ids (React useId values included)
    .replace(/\[[^\]]*\]/g, '') // attribute selectors may carry values
    .replace(/[^\s>+~.:,()*A-Za-z0-9_-]/g, '')
    .replace(/\d{3,}/g, '')
    .replace(/\.(?=[\s>+~.:]|$)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (s.length > MAX_TARGET_LENGTH) s = s.slice(s.length - MAX_TARGET_LENGTH).replace(/^[^>]*>/, '');
  return s || null;
}

/** Mobile below 768 CSS px (Tailwind's md breakpoint, where the layouts switch). */
export const deviceClass = (viewportWidth: number): 'mobile' | 'desktop' => (viewportWidth < 768 ? 'mobile' : 'desktop');

/**
 * web-vitals' `generateTarget`: a short selector of the element and up to three ancestors,
 * built from tag names and plain class names only (never ids, attributes or text).
 */
export function elementSelector(node: Node | null): string | undefined {
  const parts: string[] = [];
  let el: Element | null = node && node.nodeType === 1 ? (node as Element) : (node?.parentElement ?? null);
  while (el && parts.length < 4 && el.localName !== 'html') {
    const classes = Array.from(el.classList)
      .filter((c) => /^[A-Za-z][A-Za-z0-9-]{0,23}$/.test(c))
      .slice(0, 2);
    parts.unshift(el.localName + classes.map((c) => `.${c}`).join(''));
    if (el.localName === 'body' || el.localName === 'main') break;
    el = el.parentElement;
  }
  return sanitizeTarget(parts.join('>')) ?? undefined;
}
