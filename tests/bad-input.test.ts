import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { call, createTenant, insertDealership, json, validDealership, type TestTenant } from './support/app';
import * as dealerships from '@/app/api/dealerships/route';
import * as dealership from '@/app/api/dealerships/[id]/route';
import * as members from '@/app/api/members/[userId]/route';
import * as settings from '@/app/api/settings/dealer/route';
import type { Database } from '@/src/db';
import { MAX_BODY_BYTES } from '@/src/access';

let db: Database;
let t: TestTenant;
let dealershipId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTenant(db);
  dealershipId = await insertDealership(db, t.tenantId);
});
afterAll(async () => {
  await db.close();
});

async function snapshot(): Promise<string> {
  const { rows } = await ownerQuery<{ f: string }>(db, `select md5(string_agg(d::text, '|' order by d.id)) as f from dealerships d`);
  return rows[0]!.f;
}

async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = await json(res);
  expect(body).toMatchObject({ status, code, requestId: expect.any(String), type: `urn:dealershipai:problem:${code}` });
  expect(res.headers.get('x-request-id')).toBe(body.requestId);
  return body;
}

const post = (o: { body?: unknown; rawBody?: string; headers?: Record<string, string> }) =>
  call(dealerships.POST, { method: 'POST', path: '/api/dealerships', cookie: t.owner.cookie, ...o });

describe(`bad input is refused with problem+json and changes nothing (${engine})`, () => {
  it('malformed JSON → 400 malformed_json', async () => {
    const before = await snapshot();
    await expectProblem(await post({ rawBody: '{"name": "x",', headers: { 'content-type': 'application/json' } }), 400, 'malformed_json');
    expect(await snapshot()).toBe(before);
  });

  it('wrong types → 400 with field errors', async () => {
    const before = await snapshot();
    const body = await expectProblem(
      await post({ body: { ...validDealership(), monthlyUsedUnitSales: 'lots', brands: 'Honda' } }),
      400,
      'validation_failed',
    );
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['brands', 'monthlyUsedUnitSales']);
    expect(await snapshot()).toBe(before);
  });

  it('unknown fields → 400 (tenantId in the body is never accepted)', async () => {
    const before = await snapshot();
    await expectProblem(await post({ body: { ...validDealership(), tenantId: t.tenantId } }), 400, 'validation_failed');
    expect(await snapshot()).toBe(before);
  });

  it('missing required fields and a non-http URL → 400', async () => {
    await expectProblem(await post({ body: { name: '' } }), 400, 'validation_failed');
    await expectProblem(await post({ body: { ...validDealership(), websiteUrl: 'javascript:alert(1)' } }), 400, 'validation_failed');
  });

  it('body over 1 MB → 413, by declared length and by actual size', async () => {
    const before = await snapshot();
    const big = JSON.stringify({ ...validDealership(), name: 'x'.repeat(MAX_BODY_BYTES) });
    await expectProblem(await post({ rawBody: big, headers: { 'content-type': 'application/json' } }), 413, 'payload_too_large');
    // A lying Content-Length does not get past the streaming limit.
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const req = new Request('http://localhost:3000/api/dealerships', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: t.owner.cookie, origin: 'http://localhost:3000' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectProblem(await dealerships.POST(req, { params: Promise.resolve({}) }), 413, 'payload_too_large');
    expect(await snapshot()).toBe(before);
  });

  it('wrong content type → 415', async () => {
    const before = await snapshot();
    await expectProblem(await post({ rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
    await expectProblem(await post({ rawBody: JSON.stringify(validDealership()), headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
    expect(await snapshot()).toBe(before);
  });

  it('non-UUID ids in paths and queries → 400', async () => {
    for (const id of ['123', 'not-a-uuid', "' or 1=1 --", `${dealershipId}x`]) {
      await expectProblem(await call(dealership.GET, { path: `/api/dealerships/x`, params: { id }, cookie: t.owner.cookie }), 400, 'validation_failed');
      await expectProblem(await call(members.DELETE, { method: 'DELETE', path: `/api/members/x`, params: { userId: id }, cookie: t.owner.cookie }), 400, 'validation_failed');
    }
    await expectProblem(await call(settings.GET, { path: '/api/settings/dealer?dealershipId=nope', cookie: t.owner.cookie }), 400, 'validation_failed');
    await expectProblem(await call(settings.GET, { path: '/api/settings/dealer', cookie: t.owner.cookie }), 400, 'validation_failed');
  });

  it('an unknown but well-formed id → 404', async () => {
    await expectProblem(
      await call(dealership.PATCH, { method: 'PATCH', path: '/api/dealerships/x', params: { id: '6f1c1b7e-0000-4000-8000-000000000000' }, body: { name: 'New' }, cookie: t.owner.cookie }),
      404,
      'not_found',
    );
  });

  it('invalid pagination → 400; a valid cursor pages without repeats', async () => {
    await expectProblem(await call(dealerships.GET, { path: '/api/dealerships?limit=0', cookie: t.owner.cookie }), 400, 'validation_failed');
    await expectProblem(await call(dealerships.GET, { path: '/api/dealerships?cursor=garbage', cookie: t.owner.cookie }), 400, 'validation_failed');
    for (let i = 0; i < 4; i++) await insertDealership(db, t.tenantId, `Store ${i}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string }[]; nextCursor: string | null } = await json(
        await call(dealerships.GET, { path: `/api/dealerships?limit=2${cursor ? `&cursor=${cursor}` : ''}`, cookie: t.owner.cookie }),
      );
      seen.push(...page.data.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('accepts a well-formed incoming request id and replaces a malformed one', async () => {
    const good = await call(dealerships.GET, { path: '/api/dealerships', cookie: t.owner.cookie, headers: { 'x-request-id': 'req-12345678' } });
    expect(good.headers.get('x-request-id')).toBe('req-12345678');
    const bad = await call(dealerships.GET, { path: '/api/dealerships', cookie: t.owner.cookie, headers: { 'x-request-id': 'bad id\n' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
