import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { scanSite, ScanError, type CheckResult, type ScanResult, type ScanOptions } from '@/src/scans';
import { serve, type FixtureServer } from './support/server';
import { html, PROFILE, store } from './support/store';

const servers: FixtureServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function site(routes: Parameters<typeof serve>[0], opts?: Parameters<typeof serve>[1]) {
  const s = await serve(routes, opts);
  servers.push(s);
  return s;
}

async function scan(s: FixtureServer, options: ScanOptions = {}, profile = PROFILE): Promise<ScanResult> {
  return scanSite({ websiteUrl: s.url, profile }, { allowedHosts: [s.host], ...options });
}

const status = (r: ScanResult, id: string) => {
  const c = r.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c.status;
};
const pillar = (r: ScanResult, id: string) => r.pillars.find((p) => p.id === id)!.score;

async function scanError(p: Promise<unknown>): Promise<ScanError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScanError);
  return err as ScanError;
}

describe('scanSite: a well-optimised store', () => {
  it('passes nearly everything and scores high', async () => {
    const s = await site(store());
    const phases = new Set<string>();
    const r = await scan(s, { onProgress: (p) => phases.add(p.phase) });

    expect(r.pages.length).toBe(9);
    expect(r.pages[0]).toMatchObject({ url: s.url, status: 200, title: 'Hill Country Honda | New & Used Honda Dealer in Austin, TX' });
    const notPassing = r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}:${c.status}`);
    // Served over plain http locally: the only miss.
    expect(notPassing).toEqual(['technical.https:fail']);
    expect(pillar(r, 'access')).toBe(100);
    expect(pillar(r, 'structured')).toBe(100);
    expect(pillar(r, 'entity')).toBe(100);
    expect(pillar(r, 'content')).toBe(100);
    expect(pillar(r, 'technical')).toBeGreaterThanOrEqual(70);
    expect(r.pillars.find((p) => p.id === 'answers')).toMatchObject({ score: null, checkIds: [] });
    expect(r.overallScore).toBeGreaterThanOrEqual(90);
    expect(r.overallScore).toBeLessThan(100);
    expect(r.recommendations[0]).toMatchObject({ checkId: 'technical.https', priority: 'high', status: 'fail' });
    expect(r.errors).toEqual([]);
    expect([...phases]).toEqual(expect.arrayContaining(['robots', 'sitemap', 'pages', 'checks', 'done']));
    // Revenue at risk from the profile's figures: 100 × 12 × $2,000 × {3%,10%} × gap.
    const gap = (100 - r.overallScore) / 100;
    expect(r.revenueAtRisk).toMatchObject({
      low: Math.round((2_400_000 * 0.03 * gap) / 100) * 100,
      high: Math.round((2_400_000 * 0.1 * gap) / 100) * 100,
    });
    // JSON-serialisable (stored as JSONB).
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    // Every check carries evidence and a recommendation.
    for (const c of r.checks) {
      expect(c.recommendation.title).toBeTruthy();
      expect(['high', 'medium', 'low']).toContain(c.recommendation.priority);
    }
  });

  it('sends its user agent, asks for compression and decodes gzip/br bodies', async () => {
    const seen: string[] = [];
    const routes = store();
    const home = routes['/'] as string;
    routes['/'] = (req) => {
      seen.push(`${req.headers['user-agent']}|${req.headers['accept-encoding']}`);
      return { body: home };
    };
    const s = await site(routes, { compress: true });
    const r = await scan(s);
    expect(seen[0]).toBe('DealershipAI-Scanner/1.0 (+https://dealershipai.app/scanner)|gzip, br, deflate');
    expect(r.pages[0]!.title).toBe('Hill Country Honda | New & Used Honda Dealer in Austin, TX');
    expect(status(r, 'structured.dealer-entity')).toBe('pass');
  });

  it('is deterministic: the same site scores the same', async () => {
    const s = await site(store({ robots: 'User-agent: GPTBot\nDisallow: /\n', llms: false }));
    const a = await scan(s);
    const b = await scan(s);
    const shape = (r: ScanResult) => ({
      overall: r.overallScore,
      pillars: r.pillars,
      revenue: r.revenueAtRisk,
      recs: r.recommendations,
      checks: r.checks.map((c: CheckResult) => (c.id === 'technical.ttfb' ? { ...c, evidence: [] } : c)),
    });
    expect(shape(b)).toEqual(shape(a));
  });

  it('keeps at most 4 requests in flight per host and honours maxPages', async () => {
    const routes = store();
    for (let i = 0; i < 20; i++) routes[`/specials/offer-${i}`] = { delayMs: 30, body: html(`/specials/offer-${i}`, { h1: `Offer ${i}` }) };
    routes['/sitemap.xml'] = `<urlset>${Object.keys(routes).filter((p) => p.startsWith('/') && !p.includes('.')).map((p) => `<url><loc>{{ORIGIN}}${p}</loc></url>`).join('')}</urlset>`;
    const s = await site(routes);
    const r = await scan(s, { maxPages: 25 });
    expect(r.pages.length).toBe(25);
    expect(s.maxInFlight).toBeLessThanOrEqual(4);
    // Key pages are ranked ahead of the specials.
    const paths = r.pages.map((p) => new URL(p.url).pathname);
    expect(paths).toEqual(expect.arrayContaining(['/', '/new-inventory', '/used-inventory', '/service', '/faq', '/contact']));
    const small = await scan(s, { maxPages: 3 });
    expect(small.pages.map((p) => new URL(p.url).pathname)).toEqual(['/', '/new-inventory', '/used-inventory']);
  });
});

describe('scanSite: stores with problems', () => {
  it('reports AI crawlers blocked site-wide and on key paths', async () => {
    const robots = [
      'User-agent: *',
      'Allow: /',
      '',
      'User-agent: GPTBot',
      'User-agent: OAI-SearchBot',
      'User-agent: PerplexityBot',
      'User-agent: ClaudeBot',
      'User-agent: CCBot',
      'User-agent: Google-Extended',
      'Disallow: /',
      '',
      'User-agent: ChatGPT-User',
      'Disallow: /new-inventory',
      'Disallow: /used-inventory',
      '',
      'Sitemap: {{ORIGIN}}/sitemap.xml',
    ].join('\n');
    const s = await site(store({ robots }));
    const r = await scan(s);
    for (const bot of ['gptbot', 'oai-searchbot', 'perplexitybot', 'claudebot', 'ccbot', 'google-extended']) {
      expect(status(r, `access.bot.${bot}`)).toBe('fail');
    }
    expect(status(r, 'access.bot.chatgpt-user')).toBe('warn');
    expect(status(r, 'access.bot.bingbot')).toBe('pass');
    expect(status(r, 'access.bot.applebot-extended')).toBe('pass');
    const oai = r.checks.find((c) => c.id === 'access.bot.oai-searchbot')!;
    expect(oai.evidence[0]!.excerpt).toMatch(/blocked from the whole site \(line 10: Disallow: \/\)/);
    expect(oai.recommendation.priority).toBe('high');
    expect(pillar(r, 'access')).toBeGreaterThanOrEqual(30);
    expect(pillar(r, 'access')).toBeLessThanOrEqual(50);
    expect(r.overallScore).toBeGreaterThanOrEqual(70);
    expect(r.overallScore).toBeLessThanOrEqual(85);
    expect(r.recommendations.slice(0, 3).every((x) => x.priority === 'high')).toBe(true);
  });

  it('reports noindex on key pages', async () => {
    const routes = store();
    routes['/service'] = { headers: { 'x-robots-tag': 'noindex' }, body: routes['/service'] as string };
    const s = await site(routes);
    const r = await scan(s);
    expect(status(r, 'access.noindex')).toBe('fail');
    expect(r.checks.find((c) => c.id === 'access.noindex')!.evidence[0]).toMatchObject({ url: `${s.url}service`, excerpt: 'X-Robots-Tag: noindex' });
  });

  it('reports malformed JSON-LD as evidence without crashing', async () => {
    const s = await site(store({ brokenJsonLd: true }));
    const r = await scan(s);
    expect(status(r, 'structured.jsonld-valid')).toBe('fail');
    const ev = r.checks.find((c) => c.id === 'structured.jsonld-valid')!.evidence[0]!;
    expect(ev.url).toBe(s.url);
    expect(ev.excerpt).toMatch(/^Invalid JSON \(.+\): \{"@context"/);
    expect(status(r, 'structured.dealer-entity')).toBe('fail');
    expect(status(r, 'structured.dealer-details')).toBe('fail');
    expect(status(r, 'structured.vehicle-offers')).toBe('pass');
    expect(pillar(r, 'structured')).toBeGreaterThanOrEqual(30);
    expect(pillar(r, 'structured')).toBeLessThanOrEqual(50);
    expect(r.recommendations.map((x) => x.checkId)).toContain('structured.jsonld-valid');
  });

  it('reports a phone and address that disagree with the profile', async () => {
    const s = await site(store({ phone: '512-555-0199', street: '1250 Oak Avenue' }));
    const r = await scan(s);
    expect(status(r, 'entity.phone')).toBe('fail');
    expect(status(r, 'entity.address')).toBe('fail');
    expect(status(r, 'entity.name')).toBe('pass');
    expect(status(r, 'entity.brands')).toBe('pass');
    const phone = r.checks.find((c) => c.id === 'entity.phone')!;
    expect(phone.evidence.map((e) => e.excerpt).join(' ')).toContain('"512-555-0199" differs from the profile\'s "(512) 555-0100"');
    const address = r.checks.find((c) => c.id === 'entity.address')!;
    expect(address.evidence[0]!.excerpt).toContain('Structured data says "1250 Oak Avenue", the profile says "500 Main Street"');
    expect(pillar(r, 'entity')).toBe(45);
  });

  it('matches phone formats and street abbreviations', async () => {
    const s = await site(store({ phone: '+1 512.555.0100', street: '500 MAIN STREET' }));
    const r = await scan(s);
    expect(status(r, 'entity.phone')).toBe('pass');
    expect(status(r, 'entity.address')).toBe('pass');
  });

  it('records a redirect loop on an inner page and carries on', async () => {
    const routes = store();
    routes['/service'] = { status: 302, headers: { location: '/service-hours' } };
    routes['/service-hours'] = { status: 301, headers: { location: '/service' } };
    const s = await site(routes);
    const r = await scan(s);
    const page = r.pages.find((p) => p.url.endsWith('/service'))!;
    expect(page.status).toBeNull();
    expect(page.error).toMatch(/more than 5 redirects/);
    expect(r.errors.some((e) => e.includes('/service: more than 5 redirects'))).toBe(true);
    expect(status(r, 'technical.status-codes')).toBe('warn');
    // 1 + 5 hops, then it stops.
    expect(s.hits.filter((h) => h.startsWith('/service')).length).toBe(6);
  });

  it('fails the scan when the home page loops', async () => {
    const s = await site({ '/': { status: 302, headers: { location: '/' } } });
    const err = await scanError(scan(s));
    expect(err.code).toBe('unreachable');
    expect(err.message).toMatch(/more than 5 redirects/);
  });

  it('stops reading an oversized page and marks it', async () => {
    const routes = store();
    const big = html('/used-inventory', { h1: 'Used cars', body: `<p>${'Low miles, one owner. '.repeat(150_000)}</p>` });
    routes['/used-inventory'] = big; // ~3.3 MB
    const s = await site(routes, { compress: true }); // 3 MB of text gzips to a few KB: the cap is on decoded bytes
    const r = await scan(s);
    const page = r.pages.find((p) => p.url.endsWith('/used-inventory'))!;
    expect(page).toMatchObject({ status: 200, bytes: 2 * 1024 * 1024, truncated: true });
    expect(status(r, 'technical.html-weight')).toBe('fail');
  });

  it('times out a slow page (configurable timeout)', async () => {
    const routes = store();
    routes['/service'] = { delayMs: 2_000, body: routes['/service'] as string };
    const s = await site(routes);
    const started = Date.now();
    const r = await scan(s, { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(1_800);
    const page = r.pages.find((p) => p.url.endsWith('/service'))!;
    expect(page).toMatchObject({ status: null, error: 'timed out after 300 ms' });
    expect(status(r, 'technical.status-codes')).toBe('warn');
  });

  it('follows sitemap indexes, gzipped sitemaps and robots Sitemap lines', async () => {
    const routes = store({ robots: 'User-agent: *\nAllow: /\nSitemap: {{ORIGIN}}/sitemaps/index.xml\nSitemap: https://cdn.example/sitemap.xml\n' });
    delete routes['/sitemap.xml'];
    routes['/sitemaps/index.xml'] = '<sitemapindex><sitemap><loc>{{ORIGIN}}/sitemaps/pages.xml.gz</loc></sitemap></sitemapindex>';
    routes['/sitemaps/pages.xml.gz'] = (_req, origin) => ({
      headers: { 'content-type': 'application/x-gzip' },
      body: gzipSync(`<urlset><url><loc>${origin}/service</loc></url><url><loc>${origin}/hidden-gem</loc></url></urlset>`),
    });
    routes['/hidden-gem'] = html('/hidden-gem', { h1: 'Only in the sitemap' });
    const s = await site(routes);
    const r = await scan(s);
    expect(r.pages.some((p) => p.url.endsWith('/hidden-gem'))).toBe(true);
    expect(status(r, 'technical.sitemap')).toBe('pass');
    expect(r.errors).toEqual(['sitemap https://cdn.example/sitemap.xml is on another site; not read']);
  });

  it('skips pages robots.txt disallows for our scanner', async () => {
    const s = await site(store({ robots: 'User-agent: DealershipAI-Scanner\nDisallow: /about\n\nUser-agent: *\nAllow: /\n\nSitemap: {{ORIGIN}}/sitemap.xml' }));
    const r = await scan(s);
    expect(r.pages.some((p) => p.url.endsWith('/about'))).toBe(false);
    expect(s.hits).not.toContain('/about');
  });

  it('handles a site with no robots.txt, no sitemap and no structured data', async () => {
    const s = await site({
      '/': '<!doctype html><html><head><title>Home</title></head><body><h1>Welcome</h1><p>Cars for sale.</p><a href="/service">Service</a></body></html>',
      '/service': '<!doctype html><html><head><title>Service</title></head><body><h3>Service</h3></body></html>',
    });
    const r = await scan(s);
    expect(r.pages.map((p) => p.status)).toEqual([200, 200]);
    expect(status(r, 'access.bot.gptbot')).toBe('pass');
    expect(status(r, 'technical.sitemap')).toBe('fail');
    expect(status(r, 'structured.jsonld-valid')).toBe('not_applicable');
    expect(status(r, 'structured.dealer-entity')).toBe('fail');
    expect(status(r, 'entity.name')).toBe('fail');
    expect(status(r, 'content.thin-pages')).toBe('fail');
    expect(r.overallScore).toBeGreaterThanOrEqual(20);
    expect(r.overallScore).toBeLessThanOrEqual(50);
  });
});

describe('scanSite: refusals', () => {
  it('refuses a redirect to a private address without connecting to it', async () => {
    const canary = await site({ '/': 'secret' });
    const port = new URL(canary.url).port;
    for (const target of [`http://127.0.0.1:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, `http://2130706433:${port}/`, `http://localhost:${port}/`]) {
      const s = await site({ '/': { status: 302, headers: { location: target } } });
      const err = await scanError(scan(s));
      expect(err.code).toBe('refused_by_guard');
      expect(err.message).toMatch(/loopback|only public addresses/);
    }
    expect(canary.hits).toEqual([]);
  });

  it('refuses an inner page that redirects to a private address', async () => {
    const canary = await site({ '/': 'secret' });
    const routes = store();
    routes['/service'] = { status: 301, headers: { location: `http://127.0.0.1:${new URL(canary.url).port}/` } };
    const s = await site(routes);
    const r = await scan(s);
    // Off-site redirects of inner pages are not followed at all.
    expect(r.pages.find((p) => p.url.endsWith('/service'))!.error).toMatch(/redirect/);
    expect(canary.hits).toEqual([]);
  });

  it('refuses private and tricky URLs before any request', async () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://2130706433/',
      'http://0177.0.0.1/',
      'http://0x7f.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::1]/',
      'http://example.com@127.0.0.1/',
      'http://localhost./',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://0.0.0.0/',
    ]) {
      const err = await scanError(scanSite({ websiteUrl: url, profile: PROFILE }));
      expect(err.code, url).toBe('refused_by_guard');
    }
    expect((await scanError(scanSite({ websiteUrl: 'file:///etc/passwd', profile: PROFILE }))).code).toBe('refused_by_guard');
    expect((await scanError(scanSite({ websiteUrl: 'not a url', profile: PROFILE }))).code).toBe('invalid_url');
  });

  it('refuses a site whose robots.txt disallows our scanner', async () => {
    const s = await site(store({ robots: 'User-agent: DealershipAI-Scanner\nDisallow: /\n' }));
    const err = await scanError(scan(s));
    expect(err.code).toBe('robots_disallowed');
    expect(err.message).toMatch(/disallows our scanner \(DealershipAI-Scanner\) for the whole site/);
    expect(s.hits).toEqual(['/robots.txt']);
  });

  it('does not scan when robots.txt answers 5xx (RFC 9309: assume disallow)', async () => {
    const s = await site({ ...store(), '/robots.txt': { status: 503, body: 'down' } });
    const err = await scanError(scan(s));
    expect(err.code).toBe('robots_unavailable');
  });

  it('reports an unreachable site', async () => {
    const s = await site({});
    const { host, url } = s;
    await s.close();
    servers.length = 0;
    const err = await scanError(scanSite({ websiteUrl: url, profile: PROFILE }, { allowedHosts: [host] }));
    expect(err.code).toBe('unreachable');
    expect(err.message).toMatch(/Could not reach 127\.0\.0\.1: the connection was refused/);
  });

  it('can be cancelled', async () => {
    const routes = store();
    for (const p of ['/service', '/faq', '/about', '/contact']) routes[p] = { delayMs: 1_000, body: routes[p] as string };
    const s = await site(routes);
    const ac = new AbortController();
    const promise = scan(s, {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.phase === 'pages') setTimeout(() => ac.abort(), 50);
      },
    });
    const err = await scanError(promise);
    expect(err.code).toBe('aborted');
  });
});
