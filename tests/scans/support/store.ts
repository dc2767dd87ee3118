/** Fixture dealership websites for the scan tests. */
import type { DealershipProfile } from '@/src/scans';
import type { Route } from './server';

export const PROFILE: DealershipProfile = {
  name: 'Hill Country Honda',
  address: '500 Main Street',
  city: 'Austin',
  state: 'TX',
  zip: '78702',
  phone: '(512) 555-0100',
  brands: ['Honda'],
  monthlyUsedUnitSales: 100,
  avgFrontEndGross: 2000,
};

const FILLER =
  'Our team has helped Central Texas families buy, finance and maintain their vehicles for more than twenty years. ' +
  'We explain every number on the paperwork, we show prices online, and we never add packages you did not ask for. ' +
  'Visit the showroom for a test drive, or ask a product specialist to bring a car to your home or office. ' +
  'Every used vehicle passes a multi-point inspection and comes with a free history report. ' +
  'Our service department uses genuine parts and factory-trained technicians, with a comfortable lounge, free Wi-Fi and a shuttle. ';

export interface PageSpec {
  title?: string | null;
  description?: string | null;
  canonical?: boolean;
  h1: string;
  body?: string;
  jsonLd?: (object | string)[];
  head?: string;
}

export function html(path: string, p: PageSpec): string {
  const ld = (p.jsonLd ?? [])
    .map((j) => `<script type="application/ld+json">${typeof j === 'string' ? j : JSON.stringify(j)}</script>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${p.title === null ? '' : `<title>${p.title ?? `${p.h1} | Hill Country Honda`}</title>`}
${p.description === null ? '' : `<meta name="description" content="${p.description ?? `${p.h1} at Hill Country Honda in Austin, Texas: prices online, friendly service and easy financing.`}">`}
${p.canonical === false ? '' : `<link rel="canonical" href="{{ORIGIN}}${path}">`}
${ld}
${p.head ?? ''}
</head><body>
<header><a href="/">Hill Country Honda</a>
<nav><a href="/new-inventory">New</a> <a href="/used-inventory">Used</a> <a href="/service">Service</a>
<a href="/financing">Financing</a> <a href="/trade-in">Trade-in</a> <a href="/faq">FAQ</a> <a href="/about">About</a> <a href="/contact">Contact</a></nav></header>
<main>
<h1>${p.h1}</h1>
${p.body ?? ''}
<h2>Why Hill Country Honda</h2>
<p>${FILLER}</p>
<p>${FILLER}</p>
</main>
<footer>{{FOOTER}}</footer>
</body></html>`;
}

export interface StoreOptions {
  /** What the site shows (defaults: the profile's). */
  street?: string;
  phone?: string;
  robots?: string | null;
  llms?: boolean;
  brokenJsonLd?: boolean;
  routes?: Record<string, Route>;
}

export function dealerJsonLd(o: { street: string; phone: string }) {
  return {
    '@context': 'https://schema.org',
    '@type': 'AutoDealer',
    name: 'Hill Country Honda',
    url: '{{ORIGIN}}/',
    telephone: o.phone,
    address: { '@type': 'PostalAddress', streetAddress: o.street, addressLocality: 'Austin', addressRegion: 'TX', postalCode: '78702' },
    geo: { '@type': 'GeoCoordinates', latitude: 30.26, longitude: -97.72 },
    openingHoursSpecification: [{ '@type': 'OpeningHoursSpecification', dayOfWeek: ['Monday', 'Friday'], opens: '09:00', closes: '19:00' }],
    sameAs: ['https://www.facebook.com/hillcountryhonda.example'],
    aggregateRating: { '@type': 'AggregateRating', ratingValue: 4.7, reviewCount: 1200 },
  };
}

const crumbs = (name: string, path: string) => ({
  '@context': 'https://schema.org',
  '@type': 'BreadcrumbList',
  itemListElement: [
    { '@type': 'ListItem', position: 1, name: 'Home', item: '{{ORIGIN}}/' },
    { '@type': 'ListItem', position: 2, name, item: `{{ORIGIN}}${path}` },
  ],
});

const vehicle = (name: string, vin: string, price: number) => ({
  '@type': 'Car',
  name,
  brand: { '@type': 'Brand', name: 'Honda' },
  vehicleIdentificationNumber: vin,
  offers: { '@type': 'Offer', price, priceCurrency: 'USD', availability: 'https://schema.org/InStock' },
});

/** A well-optimised store; options make it worse in one way at a time. */
export function store(o: StoreOptions = {}): Record<string, Route> {
  const street = o.street ?? '500 Main St.';
  const phone = o.phone ?? '(512) 555-0100';
  const footer = `Hill Country Honda · ${street}, Austin, TX 78702 · <a href="tel:${phone}">${phone}</a>`;
  const dealer = o.brokenJsonLd
    ? `{"@context": "https://schema.org", "@type": "AutoDealer", "name": "Hill Country Honda", "telephone": "${phone}",}`
    : dealerJsonLd({ street, phone });
  const list = (items: object[]) => ({ '@context': 'https://schema.org', '@type': 'ItemList', itemListElement: items.map((item, i) => ({ '@type': 'ListItem', position: i + 1, item })) });
  const pages: Record<string, PageSpec> = {
    '/': {
      title: 'Hill Country Honda | New & Used Honda Dealer in Austin, TX',
      h1: 'Hill Country Honda: new and used Hondas in Austin',
      body: '<p>Shop the new Honda Civic, Accord, CR-V and Pilot, and quality used cars of every make.</p>',
      jsonLd: [dealer],
    },
    '/new-inventory': {
      h1: 'New Honda inventory',
      body: '<h2>2025 Honda CR-V EX</h2><p>$34,150 · In stock</p><h2>2025 Honda Civic Sport</h2><p>$27,300 · In stock</p>',
      jsonLd: [list([vehicle('2025 Honda CR-V EX', '7FARS4H51SE000001', 34150), vehicle('2025 Honda Civic Sport', '2HGFE2F59SH000002', 27300)]), crumbs('New', '/new-inventory')],
    },
    '/used-inventory': {
      h1: 'Used cars, trucks and SUVs',
      body: '<h2>2021 Honda Accord LX</h2><p>$21,900 · 41,000 miles</p>',
      jsonLd: [list([vehicle('2021 Honda Accord LX', '1HGCV1F11MA000003', 21900)]), crumbs('Used', '/used-inventory')],
    },
    '/service': {
      h1: 'Honda service center',
      body: '<h2>Service hours</h2><p>Monday–Friday 7:00am–6:00pm</p><p>Saturday 8:00am–2:00pm</p><p>Sunday closed</p>',
      jsonLd: [crumbs('Service', '/service')],
    },
    '/financing': {
      h1: 'Financing and leasing',
      body: '<p>Apply for credit online and get pre-approved in minutes. We work with Honda Financial Services and local credit unions.</p>',
      jsonLd: [crumbs('Financing', '/financing')],
    },
    '/trade-in': {
      h1: 'Value your trade',
      body: '<p>Get a written trade-in offer in thirty minutes. We buy cars even if you do not buy from us.</p>',
      jsonLd: [crumbs('Trade-in', '/trade-in')],
    },
    '/faq': {
      h1: 'Frequently asked questions',
      body: '<h2>Do you take trade-ins?</h2><p>Yes, any make.</p><h2>Can I get pre-approved online?</h2><p>Yes.</p><h2>Are you open on Saturday?</h2><p>Yes, 9am to 6pm.</p>',
      jsonLd: [
        {
          '@context': 'https://schema.org',
          '@type': 'FAQPage',
          mainEntity: [
            { '@type': 'Question', name: 'Do you take trade-ins?', acceptedAnswer: { '@type': 'Answer', text: 'Yes, any make.' } },
            { '@type': 'Question', name: 'Can I get pre-approved online?', acceptedAnswer: { '@type': 'Answer', text: 'Yes.' } },
          ],
        },
        crumbs('FAQ', '/faq'),
      ],
    },
    '/about': { h1: 'About Hill Country Honda', body: '<p>Family-owned since 2001.</p>', jsonLd: [crumbs('About', '/about')] },
    '/contact': {
      h1: 'Contact and directions',
      body: `<p>${street}, Austin, TX 78702</p><p>Call ${phone}</p>`,
      jsonLd: [crumbs('Contact', '/contact')],
    },
  };
  const routes: Record<string, Route> = {};
  for (const [path, spec] of Object.entries(pages)) routes[path] = html(path, spec).replace('{{FOOTER}}', footer);
  const paths = Object.keys(pages);
  routes['/sitemap.xml'] = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${paths.map((p) => `<url><loc>{{ORIGIN}}${p}</loc></url>`).join('')}</urlset>`;
  if (o.robots !== null) routes['/robots.txt'] = o.robots ?? 'User-agent: *\nAllow: /\n\nSitemap: {{ORIGIN}}/sitemap.xml\n';
  if (o.llms !== false) {
    routes['/llms.txt'] = '# Hill Country Honda\n\n> Honda dealer in Austin, TX.\n\n## Pages\n- [New inventory]({{ORIGIN}}/new-inventory)\n- [Service]({{ORIGIN}}/service): hours and booking\n';
  }
  return { ...routes, ...o.routes };
}
