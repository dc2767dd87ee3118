/** Pillar "Business info consistency": does the site say what the profile says (name, address, phone, brands)? */
import type { CheckResult, DealershipProfile, Evidence } from '../types';
import type { SiteSnapshot } from '../snapshot';
import { textOf, typesOf, values, type JsonObject } from '../html';
import {
  excerptAround,
  findNormalized,
  findPhones,
  normalizeAddress,
  normalizePhone,
  normalizeText,
  phoneFormat,
} from '../normalize';
import type { CheckId } from '../weights';
import { check, htmlPages, keep } from './common';
import { collectJsonLd, type DealerNode } from './structured';

export function entityChecks(s: SiteSnapshot, profile: DealershipProfile): CheckResult[] {
  const ld = collectJsonLd(s);
  return [nameCheck(s, profile, ld.dealers), addressCheck(s, profile, ld.dealers), phoneCheck(s, profile, ld.dealers), brandsCheck(s, profile)];
}

const containsWords = (haystack: string, needle: string, normalize = normalizeText) => {
  const n = normalize(needle);
  return n.length > 0 && ` ${normalize(haystack)} `.includes(` ${n} `);
};

/** Where a phrase appears in visible text or titles: first page found, with an excerpt. */
function findInText(s: SiteSnapshot, phrase: string, normalize = normalizeText): Evidence | null {
  for (const p of htmlPages(s)) {
    for (const text of [p.facts.title ?? '', p.facts.text]) {
      const i = findNormalized(text, phrase, normalize);
      if (i >= 0) return { url: p.finalUrl, excerpt: excerptAround(text, i, phrase.length) };
    }
  }
  return null;
}

function nameCheck(s: SiteSnapshot, profile: DealershipProfile, dealers: DealerNode[]): CheckResult {
  const id: CheckId = 'entity.name';
  const title = 'Store name matches the profile';
  const name = profile.name.trim();
  const visible = findInText(s, name);
  const siteNames = htmlPages(s).flatMap((p) => (p.facts.siteName ? [{ url: p.finalUrl, name: p.facts.siteName }] : []));
  const markup = dealers.flatMap((d) => {
    const n = textOf(d.node['name']);
    return n ? [{ url: d.url, name: n }] : [];
  });
  const markupMatch = markup.find((m) => containsWords(m.name, name) || containsWords(name, m.name));
  const markupOther = markup.filter((m) => !containsWords(m.name, name) && !containsWords(name, m.name));
  const evidence: Evidence[] = [];
  if (visible) evidence.push({ url: visible.url, excerpt: `Visible text: ${visible.excerpt}` });
  if (markupMatch) evidence.push({ url: markupMatch.url, excerpt: `Structured data name: "${markupMatch.name}"` });
  for (const m of markupOther.slice(0, 3)) evidence.push({ url: m.url, excerpt: `Structured data name "${m.name}" differs from the profile's "${name}".` });
  for (const n of siteNames.slice(0, 1)) evidence.push({ url: n.url, excerpt: `og:site_name "${n.name}"` });
  const rec = {
    title: `Use "${name}" consistently`,
    detail: `Answer engines match your store across the web by its name. Use exactly "${name}" in the page titles, the visible header or footer, and the "name" of your AutoDealer JSON-LD, and the same on your Google Business Profile.`,
    priority: 'medium' as const,
    effort: 'low' as const,
  };
  if (!visible && !markupMatch) {
    return check(id, title, 'fail', evidence.length ? evidence : [{ url: s.siteOrigin, excerpt: `"${name}" was not found on the pages read.` }], { ...rec, priority: 'high' });
  }
  if (!visible) return check(id, title, 'warn', [...evidence, { url: s.siteOrigin, excerpt: 'Name found only in structured data, not in visible text.' }], rec);
  if (markupOther.length > 0 && !markupMatch) return check(id, title, 'warn', evidence, rec);
  return check(id, title, 'pass', evidence, keep('The name on the site matches the profile.'));
}

function streetOf(node: JsonObject): { street: string; zip: string | null } | null {
  for (const a of values(node, 'address')) {
    if (typeof a === 'string' && a.trim()) return { street: a.trim(), zip: /\b\d{5}(?:-\d{4})?\b/.exec(a)?.[0] ?? null };
    if (a && typeof a === 'object') {
      const street = textOf((a as JsonObject)['streetAddress']);
      if (street) return { street, zip: textOf((a as JsonObject)['postalCode']) };
    }
  }
  return null;
}

function addressCheck(s: SiteSnapshot, profile: DealershipProfile, dealers: DealerNode[]): CheckResult {
  const id: CheckId = 'entity.address';
  const title = 'Street address matches the profile';
  const street = profile.address?.trim();
  if (!street) {
    return check(id, title, 'not_applicable', [], {
      title: 'Add the street address to the dealership profile',
      detail: 'Without it we cannot compare the site with your listing.',
      priority: 'low',
      effort: 'low',
    });
  }
  const want = normalizeAddress(street);
  const visible = findInText(s, street, normalizeAddress);
  const marked = dealers.flatMap((d) => {
    const a = streetOf(d.node);
    return a ? [{ url: d.url, ...a }] : [];
  });
  // A structured address matches when either side contains the other (suite numbers, city appended).
  const matches = (a: string) => {
    const got = normalizeAddress(a);
    return ` ${got} `.includes(` ${want} `) || ` ${want} `.includes(` ${got} `);
  };
  const markupMatch = marked.find((m) => matches(m.street));
  const conflicts = marked.filter((m) => !matches(m.street));
  const zipConflicts = profile.zip ? marked.filter((m) => m.zip && m.zip.slice(0, 5) !== profile.zip!.trim().slice(0, 5)) : [];
  const evidence: Evidence[] = [];
  if (visible) evidence.push({ url: visible.url, excerpt: `Visible text: ${visible.excerpt}` });
  if (markupMatch) evidence.push({ url: markupMatch.url, excerpt: `Structured data streetAddress: "${markupMatch.street}"` });
  for (const c of conflicts.slice(0, 3)) evidence.push({ url: c.url, excerpt: `Structured data says "${c.street}", the profile says "${street}".` });
  for (const z of zipConflicts.slice(0, 2)) evidence.push({ url: z.url, excerpt: `Structured data postal code "${z.zip}", the profile says "${profile.zip}".` });
  const rec = {
    title: 'Make the address match everywhere',
    detail: `The profile says "${[street, profile.city, profile.state, profile.zip].filter(Boolean).join(', ')}". Show that exact address in the site footer and contact page, and use it in the AutoDealer JSON-LD. Conflicting addresses make answer engines unsure where the store is.`,
    priority: 'high' as const,
    effort: 'low' as const,
  };
  if (conflicts.length > 0 && !markupMatch) return check(id, title, 'fail', evidence, rec);
  if (!visible && !markupMatch) {
    return check(id, title, 'fail', [{ url: s.siteOrigin, excerpt: `"${street}" was not found in the visible text or structured data of the pages read.` }], rec);
  }
  if (!visible) return check(id, title, 'warn', [...evidence, { url: s.siteOrigin, excerpt: 'The address appears only in structured data, not in visible text.' }], { ...rec, priority: 'medium' });
  if (conflicts.length > 0 || zipConflicts.length > 0) return check(id, title, 'warn', evidence, { ...rec, priority: 'medium' });
  return check(id, title, 'pass', evidence, keep('The address on the site matches the profile.'));
}

function phoneCheck(s: SiteSnapshot, profile: DealershipProfile, dealers: DealerNode[]): CheckResult {
  const id: CheckId = 'entity.phone';
  const title = 'Phone number matches the profile';
  const phone = profile.phone?.trim();
  const want = phone ? normalizePhone(phone) : '';
  if (!phone || want.length < 7) {
    return check(id, title, 'not_applicable', [], {
      title: 'Add the main phone number to the dealership profile',
      detail: 'Without it we cannot compare the site with your listing.',
      priority: 'low',
      effort: 'low',
    });
  }
  // The store's own number in markup: the top-level dealer entities (departments may differ legitimately).
  const markup = dealers.flatMap((d) => {
    const t = textOf(d.node['telephone']);
    return t ? [{ url: d.url, raw: t }] : [];
  });
  const markupMatch = markup.find((m) => normalizePhone(m.raw) === want);
  const markupOther = markup.filter((m) => normalizePhone(m.raw) !== want);

  const formats = new Map<string, { url: string; excerpt: string }>();
  const others = new Map<string, { url: string; excerpt: string }>();
  let visible: Evidence | null = null;
  for (const p of htmlPages(s)) {
    for (const f of findPhones(p.facts.text)) {
      if (normalizePhone(f.raw) === want) {
        const ex = { url: p.finalUrl, excerpt: excerptAround(p.facts.text, f.index, f.raw.length, 40) };
        visible ??= ex;
        const fmt = phoneFormat(f.raw);
        if (!formats.has(fmt)) formats.set(fmt, { url: p.finalUrl, excerpt: `Written "${f.raw}": ${ex.excerpt}` });
      } else if (!others.has(normalizePhone(f.raw))) {
        others.set(normalizePhone(f.raw), { url: p.finalUrl, excerpt: `Other number "${f.raw}": ${excerptAround(p.facts.text, f.index, f.raw.length, 40)}` });
      }
    }
    for (const t of p.facts.telLinks) if (normalizePhone(t) === want && !visible) visible = { url: p.finalUrl, excerpt: `tel: link ${t}` };
  }

  const evidence: Evidence[] = [];
  if (visible) evidence.push({ url: visible.url, excerpt: `Found: ${visible.excerpt}` });
  if (markupMatch) evidence.push({ url: markupMatch.url, excerpt: `Structured data telephone "${markupMatch.raw}"` });
  for (const m of markupOther.slice(0, 3)) evidence.push({ url: m.url, excerpt: `Structured data telephone "${m.raw}" differs from the profile's "${phone}".` });
  const rec = {
    title: `Show ${phone} as the main number everywhere`,
    detail: `Use the profile's number (${phone}) in the header, footer, contact page and the AutoDealer JSON-LD "telephone". A different main number on the site splits your identity across listings and sends callers to the wrong place.`,
    priority: 'high' as const,
    effort: 'low' as const,
  };
  if (markupOther.length > 0 && !markupMatch) return check(id, title, 'fail', [...evidence, ...[...others.values()].slice(0, 3)], rec);
  if (!visible && !markupMatch) {
    return check(id, title, 'fail', [{ url: s.siteOrigin, excerpt: `${phone} was not found on the pages read.` }, ...[...others.values()].slice(0, 3)], rec);
  }
  if (!visible) return check(id, title, 'warn', [...evidence, { url: s.siteOrigin, excerpt: 'The number appears only in structured data, not in visible text.' }], { ...rec, priority: 'medium' });
  if (formats.size > 1) {
    return check(id, title, 'warn', [...evidence, ...formats.values()], {
      title: 'Write the phone number the same way on every page',
      detail: `The number is right but written ${formats.size} different ways (${[...formats.keys()].join(', ')}). Pick one format, e.g. "${phone}", so every page and listing reads identically.`,
      priority: 'low',
      effort: 'low',
    });
  }
  return check(id, title, 'pass', evidence, keep('The phone number on the site matches the profile.'));
}

function brandsCheck(s: SiteSnapshot, profile: DealershipProfile): CheckResult {
  const id: CheckId = 'entity.brands';
  const title = 'Franchise brands appear on the site';
  const brands = [...new Set(profile.brands.map((b) => b.trim()).filter(Boolean))];
  if (brands.length === 0) {
    return check(id, title, 'not_applicable', [], {
      title: 'Add your brands to the dealership profile',
      detail: 'Brands drive the "best {brand} dealer" questions we measure.',
      priority: 'low',
      effort: 'low',
    });
  }
  const ld = collectJsonLd(s);
  const markupText = ld.pages
    .flatMap((p) => p.nodes.flatMap((n) => [...values(n, 'brand'), ...values(n, 'makesOffer'), ...(typesOf(n).includes('brand') ? [n] : [])]))
    .map((b) => textOf(b) ?? '')
    .join(' ');
  const found: Evidence[] = [];
  const missing: string[] = [];
  for (const brand of brands) {
    const ev = findInText(s, brand);
    if (ev) found.push({ url: ev.url, excerpt: `"${brand}": ${ev.excerpt}` });
    else if (containsWords(markupText, brand)) found.push({ url: s.siteOrigin, excerpt: `"${brand}" appears in structured data only.` });
    else missing.push(brand);
  }
  const evidence = [...found, ...missing.map((b) => ({ url: s.siteOrigin, excerpt: `"${b}" was not found on the pages read.` }))];
  if (missing.length === 0) return check(id, title, 'pass', evidence, keep('Every profile brand appears on the site.'));
  return check(id, title, found.length > 0 ? 'warn' : 'fail', evidence, {
    title: `Name ${missing.join(', ')} on the site`,
    detail: 'Answer engines answer "best {brand} dealer near me" from pages that name the brand. Name each franchise brand you sell and service in visible text (home page, inventory and service pages) and in the AutoDealer JSON-LD (brand).',
    priority: found.length > 0 ? 'medium' : 'high',
    effort: 'low',
  });
}
