/** Normalisation used to compare what a site says with the dealership profile. Pure. */

/** Lower case, "&" → "and", accents and punctuation removed, whitespace collapsed. */
export function normalizeText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const STREET_WORDS: Record<string, string> = {
  street: 'st',
  str: 'st',
  road: 'rd',
  avenue: 'ave',
  av: 'ave',
  boulevard: 'blvd',
  blv: 'blvd',
  drive: 'dr',
  lane: 'ln',
  court: 'ct',
  place: 'pl',
  highway: 'hwy',
  parkway: 'pkwy',
  freeway: 'fwy',
  expressway: 'expy',
  circle: 'cir',
  terrace: 'ter',
  trail: 'trl',
  square: 'sq',
  suite: 'ste',
  building: 'bldg',
  floor: 'fl',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
  first: '1st',
  second: '2nd',
  third: '3rd',
  fourth: '4th',
  fifth: '5th',
  number: 'no',
  mount: 'mt',
  saint: 'st',
};

/** Street address in a canonical form: "1200 River Road, Suite 5" → "1200 river rd ste 5". */
export function normalizeAddress(s: string): string {
  return normalizeText(s)
    .split(' ')
    .filter(Boolean)
    .map((w) => STREET_WORDS[w] ?? w)
    .filter((w) => w !== 'unit' && w !== 'no')
    .join(' ');
}

/** Ten significant digits of a North American number (leading 1 dropped); other numbers: all digits. */
export function normalizePhone(s: string): string {
  let digits = s.replace(/\D+/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  return digits;
}

/** Phone numbers written in visible text (North American formats with separators). */
const PHONE_RE = /(?<![\w.])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w])/g;

export function findPhones(text: string): { raw: string; index: number }[] {
  const out: { raw: string; index: number }[] = [];
  for (const m of text.matchAll(PHONE_RE)) out.push({ raw: m[0].trim(), index: m.index ?? 0 });
  return out;
}

/** The written shape of a phone number, digits replaced by "#": "(512) 555-0142" → "(###) ###-####". */
export function phoneFormat(raw: string): string {
  return raw.replace(/^\+?1[\s.-]?(?=\(?\d{3})/, '').replace(/\d/g, '#');
}

/** Text around a match, for evidence. */
export function excerptAround(text: string, index: number, length: number, radius = 80): string {
  const start = Math.max(0, index - radius);
  const end = Math.min(text.length, index + length + radius);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}

export function truncate(s: string, max = 200): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Finds a normalised needle inside a text, returning the index in the original text (approximate:
 * located by the needle's first word near the normalised position) for excerpts.
 */
export function findNormalized(
  haystack: string,
  needle: string,
  normalize: (s: string) => string = normalizeText,
): number {
  const n = normalize(needle);
  if (!n) return -1;
  const h = cached(normalize, haystack);
  const at = ` ${h} `.indexOf(` ${n} `);
  if (at < 0) return -1;
  // Map back: walk the original text's words until we pass as many normalised words.
  const wordsBefore = h.slice(0, at).split(' ').filter(Boolean).length;
  const re = /[\p{L}\p{N}]+/gu;
  let count = 0;
  for (const m of haystack.matchAll(re)) {
    if (count === wordsBefore) return m.index ?? 0;
    count++;
  }
  return 0;
}

// Page texts are searched for several phrases (name, address, brands): normalise each once.
const caches = new Map<(s: string) => string, Map<string, string>>();
const CACHE_ENTRIES = 256;

function cached(normalize: (s: string) => string, s: string): string {
  if (s.length < 256) return normalize(s);
  let cache = caches.get(normalize);
  if (!cache) caches.set(normalize, (cache = new Map()));
  let out = cache.get(s);
  if (out === undefined) {
    if (cache.size >= CACHE_ENTRIES) cache.clear();
    out = normalize(s);
    cache.set(s, out);
  }
  return out;
}
