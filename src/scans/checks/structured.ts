/** Pillar "Structured data": schema.org JSON-LD that answer engines read as facts. */
import type { CheckResult, Evidence } from '../types';
import type { SiteSnapshot } from '../snapshot';
import { jsonLdNodes, textOf, typesOf, values, type JsonObject } from '../html';
import type { CheckId } from '../weights';
import { check, htmlPages, INVENTORY_KINDS, keep, ofN, type HtmlPage } from './common';

/** schema.org types for a car dealer, most specific first. */
export const DEALER_TYPES = ['autodealer', 'motorcycledealer', 'automotivebusiness', 'autorepair', 'autopartsstore', 'autobodyshop'];
const GENERIC_BUSINESS = ['localbusiness', 'store', 'organization', 'corporation'];
const VEHICLE_TYPES = ['vehicle', 'car', 'motorcycle', 'busorcoach', 'motorizedbicycle'];

export interface DealerNode {
  url: string;
  node: JsonObject;
  specific: boolean;
}

export interface SiteJsonLd {
  /** Per page: its parsed nodes. */
  pages: { page: HtmlPage; nodes: JsonObject[] }[];
  dealers: DealerNode[];
}

export function collectJsonLd(s: SiteSnapshot): SiteJsonLd {
  const pages = htmlPages(s).map((page) => ({
    page,
    nodes: page.facts.jsonLd.flatMap((b) => (b.data === undefined ? [] : jsonLdNodes(b.data))),
  }));
  // Departments (service, parts) are described inside the store's entity; they are not the store.
  const departments = new Set<unknown>();
  for (const { nodes } of pages) {
    for (const node of nodes) for (const key of ['department', 'subOrganization']) for (const d of values(node, key)) departments.add(d);
  }
  const dealers: DealerNode[] = [];
  for (const { page, nodes } of pages) {
    for (const node of nodes) {
      if (departments.has(node)) continue;
      const types = typesOf(node);
      const specific = types.some((t) => DEALER_TYPES.includes(t));
      if (specific || types.some((t) => GENERIC_BUSINESS.includes(t))) dealers.push({ url: page.finalUrl, node, specific });
    }
  }
  return { pages, dealers };
}

/** The entity that best describes the store: specific type first, then the most complete, home page first. */
export function bestDealer(ld: SiteJsonLd): DealerNode | null {
  let best: DealerNode | null = null;
  let bestScore = -1;
  for (const d of ld.dealers) {
    const score = (d.specific ? 100 : 0) + coreFields(d.node).length * 10 + detailFields(d.node).length;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function coreFields(n: JsonObject): string[] {
  const out: string[] = [];
  if (textOf(n['name'])) out.push('name');
  if (values(n, 'address').some((a) => (typeof a === 'string' ? a.trim() : textOf((a as JsonObject)['streetAddress'])))) out.push('address');
  if (textOf(n['telephone'])) out.push('telephone');
  return out;
}

const DETAIL_FIELDS = ['geo', 'openingHoursSpecification', 'url', 'sameAs', 'aggregateRating'] as const;

function detailFields(n: JsonObject): string[] {
  const has = (k: string) => values(n, k).length > 0;
  const hours =
    has('openingHoursSpecification') ||
    has('openingHours') ||
    values(n, 'department').some(
      (d) =>
        !!d &&
        typeof d === 'object' &&
        (values(d as JsonObject, 'openingHoursSpecification').length > 0 || values(d as JsonObject, 'openingHours').length > 0),
    );
  return DETAIL_FIELDS.filter((f) => (f === 'openingHoursSpecification' ? hours : has(f)));
}

function summarize(n: JsonObject): string {
  const addr = values(n, 'address')[0];
  const street = typeof addr === 'string' ? addr : addr && typeof addr === 'object' ? textOf((addr as JsonObject)['streetAddress']) : null;
  return [
    `@type ${JSON.stringify(n['@type'])}`,
    textOf(n['name']) && `name "${textOf(n['name'])}"`,
    street && `streetAddress "${street}"`,
    textOf(n['telephone']) && `telephone "${textOf(n['telephone'])}"`,
  ]
    .filter(Boolean)
    .join(', ');
}

export function structuredChecks(s: SiteSnapshot): CheckResult[] {
  const ld = collectJsonLd(s);
  return [validityCheck(s), dealerEntityCheck(ld), dealerDetailsCheck(ld), vehicleOffersCheck(ld), faqPageCheck(ld), breadcrumbsCheck(ld)];
}

function validityCheck(s: SiteSnapshot): CheckResult {
  const id: CheckId = 'structured.jsonld-valid';
  const title = 'JSON-LD parses without errors';
  const pages = htmlPages(s);
  const blocks = pages.flatMap((p) => p.facts.jsonLd.map((b) => ({ url: p.finalUrl, b })));
  if (blocks.length === 0) {
    return check(id, title, 'not_applicable', [{ url: s.siteOrigin, excerpt: `No JSON-LD blocks on the ${pages.length} pages read.` }], keep('See "Dealership entity in structured data" for what to add.'));
  }
  const broken = blocks.filter((x) => x.b.error);
  if (broken.length > 0) {
    return check(
      id,
      title,
      'fail',
      broken.map((x) => ({ url: x.url, excerpt: `Invalid JSON (${x.b.error}): ${x.b.raw.slice(0, 160)}` })),
      {
        title: 'Fix the broken JSON-LD',
        detail: `${ofN(broken.length, blocks.length, 'JSON-LD block')} cannot be parsed, so answer engines ignore everything in them. Paste each into a JSON validator (or Google's Rich Results Test) and fix the syntax: usually a trailing comma, an unescaped quote or a template placeholder left in.`,
        priority: 'high',
        effort: 'low',
      },
    );
  }
  const noContext = blocks.filter((x) => !/schema\.org/i.test(JSON.stringify((x.b.data as JsonObject | undefined)?.['@context'] ?? (Array.isArray(x.b.data) ? (x.b.data[0] as JsonObject | undefined)?.['@context'] : ''))));
  if (noContext.length > 0) {
    return check(id, title, 'warn', noContext.map((x) => ({ url: x.url, excerpt: `No schema.org @context: ${x.b.raw.slice(0, 160)}` })), {
      title: 'Add "@context": "https://schema.org" to JSON-LD',
      detail: 'Without the schema.org context the JSON is valid but its types and properties have no agreed meaning.',
      priority: 'medium',
      effort: 'low',
    });
  }
  return check(id, title, 'pass', [{ url: s.siteOrigin, excerpt: `${blocks.length} JSON-LD block${blocks.length === 1 ? '' : 's'} parsed without errors.` }], keep('Validate JSON-LD whenever templates change.'));
}

function dealerEntityCheck(ld: SiteJsonLd): CheckResult {
  const id: CheckId = 'structured.dealer-entity';
  const title = 'Dealership entity in structured data (AutoDealer with name, address, phone)';
  const best = bestDealer(ld);
  const rec = {
    title: 'Describe the store as a schema.org AutoDealer',
    detail:
      'Add a JSON-LD block of type AutoDealer to the home page with name, address (PostalAddress: streetAddress, addressLocality, addressRegion, postalCode), telephone, url, geo, openingHoursSpecification and sameAs links to your Google Business Profile and social pages. Answer engines use it as the authoritative description of the store.',
    priority: 'high' as const,
    effort: 'medium' as const,
  };
  if (!best) {
    const url = ld.pages[0]?.page.finalUrl ?? '';
    return check(id, title, 'fail', [{ url, excerpt: 'No AutoDealer, AutomotiveBusiness or LocalBusiness entity found in JSON-LD.' }], rec);
  }
  const core = coreFields(best.node);
  const missing = ['name', 'address', 'telephone'].filter((f) => !core.includes(f));
  const evidence: Evidence[] = [{ url: best.url, excerpt: summarize(best.node) }];
  if (missing.length > 0) {
    return check(id, title, 'warn', [...evidence, { url: best.url, excerpt: `Missing: ${missing.join(', ')}.` }], {
      ...rec,
      title: `Add ${missing.join(', ')} to the dealership JSON-LD`,
      effort: 'low',
    });
  }
  if (!best.specific) {
    return check(id, title, 'warn', evidence, {
      ...rec,
      title: 'Use the AutoDealer type instead of a generic business type',
      detail: 'The store is described as a generic business. Changing "@type" to "AutoDealer" (a kind of LocalBusiness) tells answer engines it sells and services vehicles.',
      priority: 'medium',
      effort: 'low',
    });
  }
  return check(id, title, 'pass', evidence, keep('The store is described as an AutoDealer with name, address and phone.'));
}

function dealerDetailsCheck(ld: SiteJsonLd): CheckResult {
  const id: CheckId = 'structured.dealer-details';
  const title = 'Dealership entity details (geo, hours, url, sameAs, rating)';
  const best = bestDealer(ld);
  const rec = (missing: string[]) => ({
    title: `Add ${missing.join(', ')} to the dealership JSON-LD`,
    detail:
      'geo (latitude/longitude) places the store on the map, openingHoursSpecification answers "are they open now?", url and sameAs (Google Business Profile, Facebook, Yelp) tie the site to your listings, and aggregateRating carries your review score when it reflects reviews you show on the page.',
    priority: 'medium' as const,
    effort: 'low' as const,
  });
  if (!best) {
    return check(id, title, 'fail', [{ url: ld.pages[0]?.page.finalUrl ?? '', excerpt: 'No dealership entity to carry these details.' }], rec([...DETAIL_FIELDS]));
  }
  const present = detailFields(best.node);
  const missing = DETAIL_FIELDS.filter((f) => !present.includes(f));
  const evidence = [{ url: best.url, excerpt: `Has ${present.join(', ') || 'none of them'}${missing.length ? `; missing ${missing.join(', ')}` : ''}.` }];
  if (missing.length === 0) return check(id, title, 'pass', evidence, keep('All recommended details are present.'));
  return check(id, title, present.length >= 2 ? 'warn' : 'fail', evidence, rec(missing));
}

interface VehicleStats {
  vehicles: number;
  withPrice: number;
  withAvailability: number;
  withVin: number;
}

function offerHas(offer: unknown, key: 'price' | 'availability'): boolean {
  if (!offer || typeof offer !== 'object') return false;
  const o = offer as JsonObject;
  if (key === 'availability') return values(o, 'availability').length > 0;
  if (values(o, 'price').length > 0 || values(o, 'lowPrice').length > 0) return true;
  return values(o, 'priceSpecification').some((p) => p && typeof p === 'object' && values(p as JsonObject, 'price').length > 0);
}

function vehicleStats(nodes: JsonObject[]): VehicleStats {
  const stats: VehicleStats = { vehicles: 0, withPrice: 0, withAvailability: 0, withVin: 0 };
  for (const n of nodes) {
    const types = typesOf(n);
    const isVehicle = types.some((t) => VEHICLE_TYPES.includes(t)) || (types.includes('product') && values(n, 'vehicleIdentificationNumber').length > 0);
    if (!isVehicle) continue;
    stats.vehicles++;
    const offers = values(n, 'offers');
    if (offers.some((o) => offerHas(o, 'price'))) stats.withPrice++;
    if (offers.some((o) => offerHas(o, 'availability'))) stats.withAvailability++;
    if (textOf(n['vehicleIdentificationNumber'])) stats.withVin++;
  }
  return stats;
}

function vehicleOffersCheck(ld: SiteJsonLd): CheckResult {
  const id: CheckId = 'structured.vehicle-offers';
  const title = 'Vehicles with offers (price, availability, VIN) on inventory pages';
  const inventory = ld.pages.filter((p) => INVENTORY_KINDS.has(p.page.kind));
  if (inventory.length === 0) {
    return check(id, title, 'not_applicable', [{ url: ld.pages[0]?.page.finalUrl ?? '', excerpt: 'No inventory pages were found to check.' }], keep('Link your new and used inventory from the home page so they can be found.'));
  }
  const evidence: Evidence[] = [];
  let good = 0;
  let any = 0;
  for (const { page, nodes } of inventory) {
    const st = vehicleStats(nodes);
    if (st.vehicles > 0) any++;
    const ok = st.vehicles > 0 && st.withPrice === st.vehicles && st.withAvailability === st.vehicles;
    if (ok) good++;
    evidence.push({
      url: page.finalUrl,
      excerpt:
        st.vehicles === 0
          ? 'No Vehicle/Car markup.'
          : `${st.vehicles} vehicle${st.vehicles === 1 ? '' : 's'}: ${st.withPrice} with price, ${st.withAvailability} with availability, ${st.withVin} with VIN.`,
    });
  }
  const rec = {
    title: 'Mark up inventory as Vehicle with an Offer',
    detail:
      'For each vehicle on listing and detail pages, add JSON-LD of type Car (or Vehicle) with name, brand, model, vehicleModelDate, mileageFromOdometer, vehicleIdentificationNumber (VIN) and an Offer with price, priceCurrency and availability (InStock). Most inventory providers can switch this on.',
    priority: 'high' as const,
    effort: 'medium' as const,
  };
  if (good === inventory.length) return check(id, title, 'pass', evidence, keep('Every inventory page read carries priced, available vehicles.'));
  if (any === 0) return check(id, title, 'fail', evidence, rec);
  return check(id, title, 'warn', evidence, { ...rec, title: 'Complete the Vehicle/Offer markup (price and availability on every vehicle)', priority: 'medium' });
}

function faqPageCheck(ld: SiteJsonLd): CheckResult {
  const id: CheckId = 'structured.faq-page';
  const title = 'FAQPage markup';
  const rec = {
    title: 'Add FAQPage markup to your FAQ page',
    detail: 'Wrap the questions and answers on your FAQ page in JSON-LD of type FAQPage (mainEntity: Question with acceptedAnswer Answer text). The text must match what the page shows.',
    priority: 'medium' as const,
    effort: 'low' as const,
  };
  let partial: Evidence | null = null;
  for (const { page, nodes } of ld.pages) {
    for (const n of nodes.filter((x) => typesOf(x).includes('faqpage'))) {
      const qs = values(n, 'mainEntity').filter((q): q is JsonObject => !!q && typeof q === 'object');
      const answered = qs.filter((q) => values(q, 'acceptedAnswer').some((a) => a && typeof a === 'object' && textOf((a as JsonObject)['text'])));
      if (answered.length > 0) {
        return check(id, title, 'pass', [{ url: page.finalUrl, excerpt: `FAQPage with ${answered.length} answered question${answered.length === 1 ? '' : 's'}, e.g. "${textOf(answered[0]!['name']) ?? ''}"` }], keep('Keep FAQ markup in step with the visible answers.'));
      }
      partial ??= { url: page.finalUrl, excerpt: `FAQPage with ${qs.length} question(s) but no acceptedAnswer text.` };
    }
  }
  if (partial) return check(id, title, 'warn', [partial], { ...rec, title: 'Give every FAQPage question an acceptedAnswer' });
  return check(id, title, 'fail', [{ url: ld.pages[0]?.page.finalUrl ?? '', excerpt: 'No FAQPage markup on the pages read.' }], rec);
}

function breadcrumbsCheck(ld: SiteJsonLd): CheckResult {
  const id: CheckId = 'structured.breadcrumbs';
  const title = 'BreadcrumbList on inner pages';
  const inner = ld.pages.filter((p) => p.page.kind !== 'home');
  if (inner.length === 0) return check(id, title, 'not_applicable', [], keep('Only the home page was read.'));
  const withCrumbs = inner.filter((p) => p.nodes.some((n) => typesOf(n).includes('breadcrumblist') && values(n, 'itemListElement').length > 0));
  const share = withCrumbs.length / inner.length;
  const evidence: Evidence[] = [
    { url: withCrumbs[0]?.page.finalUrl ?? inner[0]!.page.finalUrl, excerpt: `${ofN(withCrumbs.length, inner.length, 'inner page')} have BreadcrumbList markup.` },
    ...inner.filter((p) => !withCrumbs.includes(p)).slice(0, 5).map((p) => ({ url: p.page.finalUrl, excerpt: 'No BreadcrumbList.' })),
  ];
  const rec = {
    title: 'Add BreadcrumbList markup',
    detail: 'Breadcrumbs (Home › Used Inventory › 2021 Toyota RAV4) show how pages relate; add BreadcrumbList JSON-LD to inner page templates.',
    priority: 'low' as const,
    effort: 'low' as const,
  };
  if (share >= 0.5) return check(id, title, 'pass', evidence.slice(0, 1), keep('Breadcrumbs describe the site structure.'));
  return check(id, title, share > 0 ? 'warn' : 'fail', evidence, rec);
}
