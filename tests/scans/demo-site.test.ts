import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { scanSite, startDemoSite, type DemoSite, type ScanResult } from '@/src/scans';

/** The seeded demo dealership profile. */
const DEMO_PROFILE = {
  name: 'Riverside Toyota',
  address: '1200 River Rd',
  city: 'Austin',
  state: 'TX',
  zip: '78701',
  phone: '(512) 555-0142',
  brands: ['Toyota'],
  monthlyUsedUnitSales: 140,
  avgFrontEndGross: 2100,
};

let demo: DemoSite;
beforeAll(async () => {
  demo = await startDemoSite({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await demo.close();
});

const get = async (path: string, method: 'GET' | 'HEAD' | 'POST' = 'GET') => {
  const res = await request(`${demo.url}${path}`, { method });
  const body = await res.body.text();
  return { status: res.statusCode, type: String(res.headers['content-type']), body };
};

describe('startDemoSite', () => {
  it('serves pages, robots.txt and sitemap.xml with the right content types', async () => {
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const home = await get('/');
    expect(home).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(home.body).toContain('Riverside Toyota');
    expect((await get('/service')).body).toContain('Service hours');
    expect((await get('/service.html')).status).toBe(200);
    expect(await get('/robots.txt')).toMatchObject({ status: 200, type: 'text/plain; charset=utf-8' });
    const sitemap = await get('/sitemap.xml');
    expect(sitemap.type).toBe('application/xml; charset=utf-8');
    expect(sitemap.body).toContain(`<loc>${demo.url}/used-inventory</loc>`);
    expect((await get('/styles.css')).type).toBe('text/css; charset=utf-8');
  });

  it('answers 404, refuses traversal and non-GET methods', async () => {
    const missing = await get('/no-such-page');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('that page is not here');
    expect((await get('/llms.txt')).status).toBe(404);
    expect((await get('/404')).status).toBe(404);
    expect((await get('/../package.json')).status).toBe(404);
    expect((await get('/%2e%2e/package.json')).status).toBe(404);
    expect((await get('/', 'POST')).status).toBe(405);
    expect(await get('/', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });

  it('scans to a meaningful mix of passes and problems', async () => {
    const r: ScanResult = await scanSite({ websiteUrl: demo.url, profile: DEMO_PROFILE }, { allowedHosts: [new URL(demo.url).host] });
    const st = Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
    expect(r.pages).toHaveLength(8);
    expect(r.errors).toEqual([]);
    expect(st).toMatchObject({
      'access.bot.gptbot': 'fail',
      'access.bot.oai-searchbot': 'pass',
      'access.bot.perplexitybot': 'pass',
      'access.llms-txt': 'warn',
      'structured.jsonld-valid': 'pass',
      'structured.dealer-entity': 'pass',
      'structured.dealer-details': 'warn',
      'structured.vehicle-offers': 'warn',
      'structured.faq-page': 'pass',
      'entity.name': 'pass',
      'entity.address': 'pass',
      'entity.phone': 'warn',
      'entity.brands': 'pass',
      'content.faq': 'pass',
      'content.hours': 'pass',
      'content.financing': 'pass',
      'content.trade-in': 'warn',
      'content.meta-descriptions': 'warn',
      'technical.https': 'fail',
      'technical.sitemap': 'pass',
      'technical.canonical': 'warn',
    });
    const meta = r.checks.find((c) => c.id === 'content.meta-descriptions')!;
    expect(meta.evidence).toEqual([{ url: `${demo.url}/used-inventory`, excerpt: 'No meta description.' }]);
    expect(r.overallScore).toBeGreaterThanOrEqual(70);
    expect(r.overallScore).toBeLessThanOrEqual(90);
    expect(r.revenueAtRisk).toMatchObject({ currency: 'USD', period: 'year' });
    expect(r.recommendations.length).toBeGreaterThanOrEqual(8);
  });
});
