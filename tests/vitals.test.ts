import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { APP_URL, call, json, signUp } from './support/app';
import * as vitalsRoute from '@/app/api/vitals/route';
import { withTenant, type Database } from '@/src/db';
import {
  VITALS_MAX_BODY_BYTES,
  countVitals,
  p75,
  rate,
  releaseId,
  routeLeak,
  routePattern,
  sanitizeTarget,
  summarize,
  vitalsReport,
  vitalsSampleRate,
  type Sample,
} from '@/src/vitals';

/**
 * Field web vitals: the p75 arithmetic (pure), route patterns (nothing identifying leaves the
 * browser or is stored), and POST /api/vitals (valid beacons stored, everything else refused
 * with nothing stored). The table comes from the web_vitals migration.
 */

const UUID = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

const beacon = (overrides: Record<string, unknown> = {}, metric: Record<string, unknown> = {}) => ({
  release: 'ci-123',
  device: 'mobile',
  metrics: [{ name: 'LCP', value: 2100.5, route: '/dealerships/[id]', navigationType: 'navigate', target: 'main>div.card>img', ...metric }],
  ...overrides,
});

const post = (o: { body?: unknown; rawBody?: string; headers?: Record<string, string>; cookie?: string }) =>
  call(vitalsRoute.POST, { method: 'POST', path: '/api/vitals', ...o });

describe('p75 (nearest rank, as percentile_disc(0.75))', () => {
  it('is null without values and the value itself for one', () => {
    expect(p75([])).toBeNull();
    expect(p75([42])).toBe(42);
  });

  it('is the smallest value with at least 75% of values at or below it', () => {
    expect(p75([1, 2, 3, 4])).toBe(3);
    expect(p75([4, 1, 3, 2])).toBe(3); // order does not matter
    expect(p75([1, 2, 3, 4, 5])).toBe(4);
    expect(p75(Array.from({ length: 100 }, (_, i) => i + 1))).toBe(75);
    expect(p75([0.01, 0.3, 0.02])).toBe(0.3);
  });

  it('ignores NaN and infinities and does not change its input', () => {
    const values = [5, Number.NaN, 1, Number.POSITIVE_INFINITY, 3];
    expect(p75(values)).toBe(5);
    expect(values[0]).toBe(5);
    expect(p75([Number.NaN])).toBeNull();
  });
});

describe('ratings against the thresholds', () => {
  it.each([
    ['LCP', 2500, 'good'],
    ['LCP', 2501, 'needs-improvement'],
    ['LCP', 4001, 'poor'],
    ['INP', 200, 'good'],
    ['INP', 201, 'needs-improvement'],
    ['CLS', 0.1, 'good'],
    ['CLS', 0.11, 'needs-improvement'],
    ['CLS', 0.26, 'poor'],
    ['FCP', 1800, 'good'],
    ['FCP', 1801, 'needs-improvement'],
    ['TTFB', 800, 'good'],
    ['TTFB', 1801, 'poor'],
  ] as const)('%s %d is %s', (metric, value, expected) => {
    expect(rate(metric, value)).toBe(expected);
  });
});

describe('summarize', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 24 * 3600 * 1000);
  const samples: Sample[] = [
    // /: LCP 1000, 2000, 3000, 4000 in the last week; one old 9000 only in the 28-day window
    ...[1000, 2000, 3000, 4000].map((value, i) => ({ route: '/', metric: 'LCP' as const, value, at: daysAgo(i + 1) })),
    { route: '/', metric: 'LCP', value: 9000, at: daysAgo(20) },
    { route: '/', metric: 'CLS', value: 0.05, at: daysAgo(2) },
    { route: '/reports/[id]', metric: 'INP', value: 350, at: daysAgo(3) },
    // outside both windows, and in the future: ignored
    { route: '/', metric: 'LCP', value: 50_000, at: daysAgo(40) },
    { route: '/', metric: 'LCP', value: 50_000, at: new Date(now.getTime() + 1000) },
  ];

  it('computes p75, count and rating per route and metric for each window', () => {
    const [week, month] = summarize(samples, now);
    expect(week!.days).toBe(7);
    expect(week!.samples).toBe(6);
    expect(week!.routes.map((r) => r.route)).toEqual(['/', '/reports/[id]']);
    expect(week!.routes[0]!.metrics.LCP).toEqual({ p75: 3000, count: 4, rating: 'needs-improvement' });
    expect(week!.routes[0]!.metrics.CLS).toEqual({ p75: 0.05, count: 1, rating: 'good' });
    expect(week!.routes[0]!.metrics.INP).toBeUndefined();
    expect(week!.routes[1]!.metrics.INP).toEqual({ p75: 350, count: 1, rating: 'needs-improvement' });

    expect(month!.days).toBe(28);
    expect(month!.samples).toBe(7);
    expect(month!.routes[0]!.metrics.LCP).toEqual({ p75: 4000, count: 5, rating: 'needs-improvement' });
  });

  it('is empty without samples', () => {
    expect(summarize([], now)).toEqual([
      { days: 7, samples: 0, routes: [] },
      { days: 28, samples: 0, routes: [] },
    ]);
  });
});

describe('route patterns', () => {
  it('replaces ids, numbers, tokens and emails; keeps static segments; drops query and hash', () => {
    expect(routePattern(`/dealerships/${UUID}`)).toBe('/dealerships/[id]');
    expect(routePattern(`/reports/${UUID.toUpperCase()}?tab=1#x`)).toBe('/reports/[id]');
    expect(routePattern('/dealerships/new')).toBe('/dealerships/new');
    expect(routePattern('/invoices/12345/lines/7')).toBe('/invoices/[n]/lines/[n]');
    expect(routePattern('/invite/Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTBhYmNkZWY')).toBe('/invite/[token]');
    expect(routePattern('/people/jane.doe%40example.com')).toBe('/people/[email]');
    expect(routePattern('/')).toBe('/');
    expect(routePattern('')).toBe('/');
  });

  it('names dynamic segments from Next.js params', () => {
    expect(routePattern('/invite/abc', { token: 'abc' })).toBe('/invite/[token]');
    expect(routePattern('/docs/a/b', { slug: ['a', 'b'] })).toBe('/docs/[...slug]');
  });

  it('the server refuses routes that still identify something', () => {
    expect(routeLeak('/dealerships/[id]')).toBeNull();
    expect(routeLeak('/settings/billing')).toBeNull();
    expect(routeLeak(`/dealerships/${UUID}`)).toMatch(/UUID/);
    expect(routeLeak('/people/jane@example.com')).toMatch(/characters/);
    expect(routeLeak('/orders/1234567')).toMatch(/number/);
    expect(routeLeak('/invite/Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTBh')).toMatch(/identifier/);
    expect(routeLeak('https://example.com/')).not.toBeNull();
  });

  it('attribution selectors lose ids, attribute values and long numbers', () => {
    expect(sanitizeTarget('html>body>main#main>div.card>button#«r1»')).toBe('html>body>main>div.card>button');
    expect(sanitizeTarget(`div[data-id="${UUID}"]>img.hero`)).toBe('div>img.hero');
    expect(sanitizeTarget('li.row-1234567>a')).toBe('li.row->a');
    expect(sanitizeTarget('')).toBeNull();
    expect(sanitizeTarget(`main>${'div.x>'.repeat(60)}img`)!.length).toBeLessThanOrEqual(160);
  });
});

describe('settings', () => {
  it('samples every page load in development and a tenth in production unless VITALS_SAMPLE_RATE says otherwise', () => {
    expect(vitalsSampleRate({ NODE_ENV: 'development' })).toBe(1);
    expect(vitalsSampleRate({ NODE_ENV: 'production' })).toBe(0.1);
    expect(vitalsSampleRate({ NODE_ENV: 'production', VITALS_SAMPLE_RATE: '0.25' })).toBe(0.25);
    expect(vitalsSampleRate({ NODE_ENV: 'production', VITALS_SAMPLE_RATE: '0' })).toBe(0);
    expect(vitalsSampleRate({ NODE_ENV: 'production', VITALS_SAMPLE_RATE: '2' })).toBe(0.1);
    expect(vitalsSampleRate({ NODE_ENV: 'production', VITALS_SAMPLE_RATE: 'lots' })).toBe(0.1);
  });

  it('the release is RELEASE_ID (cleaned) or dev', () => {
    expect(releaseId({})).toBe('dev');
    expect(releaseId({ RELEASE_ID: 'v1.2.3+abc/def' })).toBe('v1.2.3abcdef');
    expect(releaseId({ RELEASE_ID: '  ' })).toBe('dev');
  });
});

describe(`POST /api/vitals (${engine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await ownerQuery(db, 'delete from web_vitals');
  });

  it('stores a valid beacon, one row per metric, rated on the server; 204', async () => {
    const res = await post({
      body: beacon({
        metrics: [
          { name: 'LCP', value: 2100.5, route: '/dealerships/[id]', navigationType: 'navigate', target: 'main>div.card>img' },
          { name: 'CLS', value: 0.31, route: '/dealerships/[id]', navigationType: 'navigate', target: null },
          { name: 'TTFB', value: 120, route: '/', navigationType: 'reload' },
        ],
      }),
    });
    expect(res.status, await res.clone().text()).toBe(204);
    expect(res.headers.get('ratelimit-policy')).toContain('anonymous');
    const { rows } = await ownerQuery(db, 'select route, metric, value, rating, device, release, navigation_type, target from web_vitals order by metric');
    expect(rows).toEqual([
      { route: '/dealerships/[id]', metric: 'CLS', value: 0.31, rating: 'poor', device: 'mobile', release: 'ci-123', navigation_type: 'navigate', target: null },
      { route: '/dealerships/[id]', metric: 'LCP', value: 2100.5, rating: 'good', device: 'mobile', release: 'ci-123', navigation_type: 'navigate', target: 'main>div.card>img' },
      { route: '/', metric: 'TTFB', value: 120, rating: 'good', device: 'mobile', release: 'ci-123', navigation_type: 'reload', target: null },
    ]);
  });

  it('accepts the browser’s sendBeacon form: an application/json Blob with a charset', async () => {
    const res = await post({ rawBody: JSON.stringify(beacon()), headers: { 'content-type': 'application/json;charset=UTF-8' } });
    expect(res.status, await res.clone().text()).toBe(204);
    expect(await countVitals()).toBe(1);
  });

  it('stores nothing personal, even from a signed-in visitor', async () => {
    const user = await signUp(`vitals-${randomUUID()}@example.test`, 'Vera Vitals');
    const res = await post({
      body: beacon({}, { target: 'main#main>div.card>span#«r3»' }),
      cookie: user.cookie,
      headers: { 'user-agent': 'Mozilla/5.0 VitalsTest', 'x-forwarded-for': '203.0.113.77' },
    });
    expect(res.status).toBe(204);
    const { rows } = await ownerQuery<Record<string, unknown>>(db, 'select * from web_vitals');
    expect(rows).toHaveLength(1);
    const columns = Object.keys(rows[0]!).sort();
    expect(columns).toEqual(['created_at', 'device', 'id', 'metric', 'navigation_type', 'rating', 'release', 'route', 'target', 'value']);
    const stored = JSON.stringify(rows[0]);
    for (const personal of [user.userId, user.email, 'Vera', '203.0.113.77', 'VitalsTest', '«r3»', '#main']) expect(stored).not.toContain(personal);
    expect(rows[0]!.target).toBe('main>div.card>span');
  });

  it.each([
    ['a route with a UUID', beacon({}, { route: `/dealerships/${UUID}` })],
    ['a route with an email', beacon({}, { route: '/people/jane@example.com' })],
    ['a full URL instead of a route', beacon({}, { route: 'https://app.example.com/dashboard' })],
    ['a route with an invitation token', beacon({}, { route: '/invite/Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTBh' })],
    ['a target with an email', beacon({}, { target: 'a.mailto-jane@example.com' })],
    ['an unknown metric', beacon({}, { name: 'FID' })],
    ['a negative value', beacon({}, { value: -1 })],
    ['an absurd value', beacon({}, { value: 1e9 })],
    ['a CLS above 100', beacon({}, { name: 'CLS', value: 150 })],
    ['a string value', beacon({}, { value: '2100' })],
    ['an unknown navigation type', beacon({}, { navigationType: 'teleport' })],
    ['an extra field in a metric', beacon({}, { url: 'https://app.example.com/x' })],
    ['an extra top-level field', beacon({ userId: 'u1' })],
    ['a client-supplied rating', beacon({}, { rating: 'good' })],
    ['an unknown device class', beacon({ device: 'tablet' })],
    ['a release with odd characters', beacon({ release: 'v1 <script>' })],
    ['no metrics', beacon({ metrics: [] })],
    ['too many metrics', beacon({ metrics: Array.from({ length: 11 }, () => beacon().metrics[0]) })],
    ['a long target', beacon({}, { target: 'div>'.repeat(50) })],
    ['an array', [beacon()]],
    ['null', null],
  ])('refuses %s with 400 and stores nothing', async (_, body) => {
    const res = await post({ body });
    expect(res.status, await res.clone().text()).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await countVitals()).toBe(0);
  });

  it('refuses malformed JSON (400) and another content type (415), storing nothing', async () => {
    expect((await post({ rawBody: '{"release":', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect((await post({ rawBody: JSON.stringify(beacon()), headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect(await countVitals()).toBe(0);
  });

  it('refuses an oversized body with 413 whether or not it declares its length, storing nothing', async () => {
    const big = JSON.stringify(beacon({ release: 'x', pad: 'y'.repeat(VITALS_MAX_BODY_BYTES) }));
    const declared = await post({ rawBody: big, headers: { 'content-type': 'application/json' } });
    expect(declared.status).toBe(413);
    expect((await json(declared)).code).toBe('payload_too_large');

    // Streamed (chunked, no Content-Length): counted while reading.
    const chunks = [big.slice(0, 2000), big.slice(2000)];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
        controller.close();
      },
    });
    const streamed = await vitalsRoute.POST(
      new Request(new URL('/api/vitals', APP_URL), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.18.0.9' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
      { params: Promise.resolve({}) },
    );
    expect(streamed.status).toBe(413);
    expect(await countVitals()).toBe(0);
  });

  it('the runtime role cannot read or write the table; only the system role can', async () => {
    const tenantId = randomUUID();
    const denied = async (statement: ReturnType<typeof sql>) => {
      const err = await withTenant({ tenantId }, (tx) => tx.execute(statement)).then(
        () => null,
        (e: unknown) => e as Error & { cause?: Error },
      );
      return `${err?.message ?? ''} ${err?.cause?.message ?? ''}`;
    };
    expect(await denied(sql`select count(*) from web_vitals`)).toMatch(/permission denied/);
    expect(
      await denied(sql`insert into web_vitals (route, metric, value, rating, device, release, navigation_type) values ('/', 'LCP', 1, 'good', 'mobile', 'x', 'navigate')`),
    ).toMatch(/permission denied/);
    const { rows } = await ownerQuery<{ tenant_id: boolean }>(
      db,
      `select exists (select 1 from information_schema.columns where table_name = 'web_vitals' and column_name = 'tenant_id') as tenant_id`,
    );
    expect(rows[0]!.tenant_id).toBe(false);
  });

  it('the operator summary reads stored beacons: p75 per route and metric, with counts', async () => {
    for (const value of [1000, 2000, 3000, 4000]) {
      expect((await post({ body: beacon({}, { value, route: '/dashboard' }) })).status).toBe(204);
    }
    expect((await post({ body: beacon({}, { name: 'INP', value: 600, route: '/reports/[id]', target: null }) })).status).toBe(204);
    const report = await vitalsReport();
    expect(report.truncated).toBe(false);
    const [week, month] = report.windows;
    expect(week!.routes.find((r) => r.route === '/dashboard')!.metrics.LCP).toEqual({ p75: 3000, count: 4, rating: 'needs-improvement' });
    expect(week!.routes.find((r) => r.route === '/reports/[id]')!.metrics.INP).toEqual({ p75: 600, count: 1, rating: 'poor' });
    expect(month!.samples).toBe(5);
    // The same answer PostgreSQL gives.
    const { rows } = await ownerQuery<{ p: number }>(db, `select percentile_disc(0.75) within group (order by value) as p from web_vitals where route = '/dashboard'`);
    expect(rows[0]!.p).toBe(3000);
  });
});
