import { describe, expect, it } from 'vitest';
import { evaluateSite, overallScore, pointsAvailable, revenueAtRisk, scorePillars, CHECK_WEIGHTS, PILLARS, type CheckResult } from '@/src/scans';
import { classifyUrl, parseSitemap, pickPages, sameSite, urlKey } from '@/src/scans/discover';
import { extractPage } from '@/src/scans/html';
import { findPhones, normalizeAddress, normalizePhone, phoneFormat } from '@/src/scans/normalize';
import type { SiteSnapshot, SnapshotPage } from '@/src/scans/snapshot';
import { html, PROFILE, store } from './support/store';

describe('normalisation', () => {
  it('phones', () => {
    for (const p of ['(512) 555-0142', '512-555-0142', '512.555.0142', '+1 512 555 0142', '1-512-555-0142', '+15125550142']) {
      expect(normalizePhone(p)).toBe('5125550142');
    }
    expect(findPhones('Call (512) 555-0142 or 512.555.0143. VIN 1HGCV1F11MA000003, stock 5125550144, $21,900').map((f) => f.raw)).toEqual([
      '(512) 555-0142',
      '512.555.0143',
    ]);
    expect(phoneFormat('(512) 555-0142')).toBe('(###) ###-####');
    expect(phoneFormat('+1 512.555.0142')).toBe('###.###.####');
  });
  it('street addresses', () => {
    expect(normalizeAddress('1200 River Road')).toBe(normalizeAddress('1200 River Rd.'));
    expect(normalizeAddress('500 N. Main Street, Suite 4')).toBe('500 n main st ste 4');
    expect(normalizeAddress('12 West Avenue')).toBe(normalizeAddress('12 W Ave'));
    expect(normalizeAddress('1200 River Rd')).not.toBe(normalizeAddress('1250 River Rd'));
  });
});

describe('discovery', () => {
  it('classifies dealership URLs', () => {
    const cases: [string, string][] = [
      ['https://d.example/', 'home'],
      ['https://d.example/index.html', 'home'],
      ['https://d.example/new-inventory/', 'inventory-new'],
      ['https://d.example/searchnew.aspx', 'inventory-new'],
      ['https://d.example/used-vehicles', 'inventory-used'],
      ['https://d.example/certified-pre-owned', 'inventory-used'],
      ['https://d.example/inventory?type=used', 'inventory-used'],
      ['https://d.example/used/2021-toyota-rav4-2T3H1RFV8MC123411', 'vehicle'],
      ['https://d.example/vehicle/123', 'vehicle'],
      ['https://d.example/service/schedule', 'service'],
      ['https://d.example/parts', 'parts'],
      ['https://d.example/finance/apply', 'finance'],
      ['https://d.example/value-your-trade', 'trade-in'],
      ['https://d.example/contact-us', 'contact'],
      ['https://d.example/hours-and-directions', 'contact'],
      ['https://d.example/about-us', 'about'],
      ['https://d.example/faq', 'faq'],
      ['https://d.example/specials/new', 'specials'],
      ['https://d.example/used-car-specials', 'specials'],
      ['https://d.example/blog/why-hybrid', 'other'],
      ['https://d.example/news', 'other'],
    ];
    for (const [url, kind] of cases) expect(classifyUrl(url), url).toBe(kind);
  });
  it('ranks key pages first and caps vehicle pages', () => {
    const vdp = Array.from({ length: 30 }, (_, i) => `https://d.example/vehicle/${i}`);
    const picked = pickPages(['https://d.example/blog/a', ...vdp, 'https://d.example/service', 'https://d.example/used-inventory', 'https://d.example/faq'], 10);
    expect(picked.slice(0, 3)).toEqual(['https://d.example/used-inventory', 'https://d.example/service', 'https://d.example/faq']);
    expect(picked.filter((u) => u.includes('/vehicle/')).length).toBe(6); // 5 in the first pass, then one more by rank after the blog post
    expect(picked).toHaveLength(10);
  });
  it('parses sitemaps and indexes tolerantly', () => {
    expect(parseSitemap('<?xml version="1.0"?><urlset xmlns="x"><url><loc> https://d.example/a?x=1&amp;y=2 </loc></url><url><loc><![CDATA[https://d.example/b]]></loc></url></urlset>')).toEqual({
      kind: 'urlset',
      locs: ['https://d.example/a?x=1&y=2', 'https://d.example/b'],
    });
    expect(parseSitemap('<sitemapindex><sitemap><loc>https://d.example/s1.xml</loc></sitemap></sitemapindex>')).toEqual({ kind: 'index', locs: ['https://d.example/s1.xml'] });
    expect(parseSitemap('<!doctype html><html>not found</html>').kind).toBe('invalid');
  });
  it('same site and URL keys', () => {
    const site = new URL('https://dealer.example');
    expect(sameSite(new URL('https://www.dealer.example/x'), site)).toBe(true);
    expect(sameSite(new URL('http://dealer.example/x'), site)).toBe(true);
    expect(sameSite(new URL('https://dealer.example.evil.test/'), site)).toBe(false);
    expect(sameSite(new URL('https://dealer.example:8443/'), site)).toBe(false);
    expect(urlKey('https://D.example/service/?utm_source=x#top')).toBe('https://d.example/service');
  });
});

describe('extractPage', () => {
  it('reads titles, meta, JSON-LD (good and bad), headings, text and links', () => {
    const f = extractPage(
      `<html><head><title> A &amp; B </title><meta name="description" content="Desc"><meta name="ROBOTS" content="noindex, nofollow">
       <link rel="canonical" href="/x"><meta name="viewport" content="width=device-width">
       <script type="application/ld+json">{"@type":"AutoDealer","name":"A"}</script>
       <script type="application/ld+json">{"@type": "Car",, }</script>
       <script>var hidden = "not text";</script></head>
       <body><h1>Hi</h1><h3>Skip</h3><p>Call <a href="tel:+1-512-555-0142">us</a></p><a href="/y#frag">y</a><a href="mailto:a@b">m</a></body></html>`,
      'https://d.example/page',
    );
    expect(f.title).toBe('A & B');
    expect(f.metaDescription).toBe('Desc');
    expect(f.metaRobots).toEqual([{ name: 'robots', content: 'noindex, nofollow' }]);
    expect(f.canonical).toBe('https://d.example/x');
    expect(f.jsonLd[0]!.data).toEqual({ '@type': 'AutoDealer', name: 'A' });
    expect(f.jsonLd[1]!.error).toBeTruthy();
    expect(f.headings).toEqual([
      { level: 1, text: 'Hi' },
      { level: 3, text: 'Skip' },
    ]);
    expect(f.text).not.toContain('hidden');
    expect(f.links).toEqual(['https://d.example/y']);
    expect(f.telLinks).toEqual(['+1-512-555-0142']);
  });
  it('never throws on garbage', () => {
    expect(() => extractPage('<<<>>><script type="application/ld+json">{', 'https://d.example/')).not.toThrow();
  });
});

/** A snapshot built from the fixture store without any network, for pure-function tests. */
function snapshot(): SiteSnapshot {
  const routes = store();
  const origin = 'https://hillcountry.example';
  const pages: SnapshotPage[] = Object.entries(routes)
    .filter(([p]) => !p.includes('.'))
    .map(([path, body]) => {
      const url = `${origin}${path}`;
      const text = (body as string).replaceAll('{{ORIGIN}}', origin);
      return {
        url,
        finalUrl: url,
        status: 200,
        ttfbMs: 100,
        bytes: text.length,
        kind: classifyUrl(url),
        contentType: 'text/html',
        xRobotsTag: null,
        facts: extractPage(text, url),
      };
    });
  return {
    websiteUrl: `${origin}/`,
    siteOrigin: origin,
    robots: { url: `${origin}/robots.txt`, status: 200, contentType: 'text/plain', body: `User-agent: *\nAllow: /\nSitemap: ${origin}/sitemap.xml` },
    llmsTxt: { url: `${origin}/llms.txt`, status: 404, contentType: 'text/html', body: null },
    sitemaps: [{ url: `${origin}/sitemap.xml`, status: 200, kind: 'urlset', urlCount: pages.length, fromRobots: true }],
    sitemapUrls: pages.map((p) => p.url),
    pages,
    skippedByRobots: [],
  };
}

describe('scoring', () => {
  it('is deterministic and JSON-safe for the same snapshot', () => {
    const a = evaluateSite(snapshot(), PROFILE);
    const b = evaluateSite(JSON.parse(JSON.stringify(snapshot())) as SiteSnapshot, PROFILE);
    expect(b).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    // Served over HTTPS with llms.txt missing: everything passes except llms.txt (warn).
    expect(a.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}:${c.status}`)).toEqual(['access.llms-txt:warn']);
  });

  it('every check id has one weight, every pillar one label', () => {
    const ids = evaluateSite(snapshot(), PROFILE).checks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(CHECK_WEIGHTS).toHaveProperty([id]);
    expect(PILLARS.map((p) => p.id)).toEqual(['access', 'structured', 'entity', 'content', 'technical', 'answers']);
  });

  const c = (id: string, pillar: CheckResult['pillar'], status: CheckResult['status'], weight: number): CheckResult => ({
    id,
    pillar,
    title: id,
    status,
    weight,
    evidence: [],
    recommendation: { title: 't', detail: 'd', priority: 'low', effort: 'low' },
  });

  it('computes pillar and overall scores by the documented formula', () => {
    const checks = [
      c('a1', 'access', 'pass', 3),
      c('a2', 'access', 'fail', 1),
      c('s1', 'structured', 'warn', 2),
      c('s2', 'structured', 'not_applicable', 5),
      c('e1', 'entity', 'pass', 1),
      c('c1', 'content', 'fail', 1),
      c('t1', 'technical', 'pass', 1),
    ];
    const pillars = scorePillars(checks);
    expect(pillars.map((p) => p.score)).toEqual([75, 50, 100, 0, 100, null]);
    // (25×75 + 25×50 + 15×100 + 20×0 + 15×100) / 100 = 61.25
    expect(overallScore(checks)).toBe(61);
    // a2: 100 × 1 × 1 / 4 × 25/100 = 6.25 → 6.3
    expect(pointsAvailable(checks).get('a2')).toBe(6.3);
    expect(pointsAvailable(checks).get('c1')).toBe(20);
    // With the answers pillar measured, weights renormalise over 120.
    const withAnswers = [...checks, c('n', 'answers', 'pass', 1)];
    expect(overallScore(withAnswers)).toBe(Math.round((6125 + 20 * 100) / 120));
  });

  it('revenue at risk needs both inputs and follows the formula', () => {
    expect(revenueAtRisk({ monthlyUsedUnitSales: 140, avgFrontEndGross: null }, 60)).toEqual({ missingInputs: true });
    expect(revenueAtRisk({ monthlyUsedUnitSales: undefined, avgFrontEndGross: 2100 }, 60)).toEqual({ missingInputs: true });
    const r = revenueAtRisk({ monthlyUsedUnitSales: 140, avgFrontEndGross: 2100 }, 60);
    // 140 × 12 × 2100 = 3,528,000; × 0.4 gap; × 3 % = 42,336 → 42,300; × 10 % = 141,120 → 141,100
    expect(r).toMatchObject({ low: 42_300, high: 141_100, currency: 'USD', period: 'year' });
    expect('assumptions' in r && r.assumptions[0]).toContain('$3,528,000');
    expect(revenueAtRisk({ monthlyUsedUnitSales: 140, avgFrontEndGross: 2100 }, 100)).toMatchObject({ low: 0, high: 0 });
  });
});

describe('fixture page helper', () => {
  it('renders', () => {
    expect(html('/x', { h1: 'X' })).toContain('<h1>X</h1>');
  });
});
