import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { gunzipSync, inflateSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Sentry from '@sentry/nextjs';
import {
  captureServerError,
  EMAIL_REDACTED,
  FILTERED,
  releaseFrom,
  scrubBreadcrumb,
  scrubEvent,
  scrubString,
  sentryOptions,
  sentryTestRouteEnabled,
  serverSentryOptions,
} from '@/src/observability/sentry';

describe('scrubString', () => {
  it('removes email addresses, plain and percent-encoded', () => {
    expect(scrubString('invite for jane.doe+x@dealer-group.example.com failed')).toBe(
      `invite for ${EMAIL_REDACTED} failed`,
    );
    expect(scrubString('/api/x?to=jane%40example.com&page=2')).toBe(`/api/x?to=${EMAIL_REDACTED}&page=2`);
  });

  it('filters credential query parameters and keeps the others', () => {
    const out = scrubString(
      'https://app.example.com/cb?code=abc123&state=xyz&token=t0k&page=2&api_key=K&X-Amz-Signature=S&postcode=90210',
    );
    expect(out).toBe(
      `https://app.example.com/cb?code=${FILTERED}&state=xyz&token=${FILTERED}&page=2&api_key=${FILTERED}&X-Amz-Signature=${FILTERED}&postcode=90210`,
    );
    expect(scrubString('session=abc; theme=dark')).toBe(`session=${FILTERED}; theme=dark`);
    expect(scrubString('better-auth.session_token=abc.def; other=1')).toBe(
      `better-auth.session_token=${FILTERED}; other=1`,
    );
    expect(scrubString('key=abc&secret=s&password=p&signature=x&sig=y')).toBe(
      `key=${FILTERED}&secret=${FILTERED}&password=${FILTERED}&signature=${FILTERED}&sig=${FILTERED}`,
    );
  });

  it('filters URL credentials, bearer tokens, Stripe keys, JWTs and JSON secrets', () => {
    expect(scrubString('connect postgres://dealershipai_app:hunter2@db.example.com/app failed')).toBe(
      `connect postgres://dealershipai_app:${FILTERED}@db.example.com/app failed`,
    );
    expect(scrubString('Authorization: Bearer abc.DEF-123_x')).toBe(`Authorization: Bearer ${FILTERED}`);
    // Made-up keys, assembled here so secret scanners do not take the fixture for a leak.
    const stripeKey = ['sk', 'live', '51abcdefGHIJ'].join('_');
    const webhookSecret = ['whsec', 'abcdefgh12'].join('_');
    expect(scrubString(`key ${stripeKey} and ${webhookSecret}`)).toBe(
      `key ${FILTERED} and ${FILTERED}`,
    );
    expect(scrubString('jwt eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl')).toBe(`jwt ${FILTERED}`);
    expect(scrubString('{"email":"a@b.co","password":"p@ss w0rd","name":"Jo"}')).toBe(
      `{"email":"${EMAIL_REDACTED}","password":"${FILTERED}","name":"Jo"}`,
    );
  });

  it('filters quoted secrets in source lines and JSON', () => {
    expect(scrubString(`  headers: { cookie: 'a=b', 'svix-id': "msg_1", password: \`x\` },`)).toBe(
      `  headers: { cookie: '${FILTERED}', 'svix-id': "${FILTERED}", password: \`${FILTERED}\` },`,
    );
  });

  it('stays fast on long strings (no catastrophic backtracking)', () => {
    const long = `password=x token: "y" %40 @ ${'a'.repeat(200_000)} ${'b.c-d_e'.repeat(20_000)}${'%'.repeat(50_000)} jo@example.com`;
    const started = performance.now();
    const out = scrubString(long);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(out.length).toBeLessThan(50_100);
    expect(out.endsWith('…[truncated]')).toBe(true);
  });

  it('leaves ordinary text alone', () => {
    const text = 'GET /api/dealerships/0b6c…/reports?page=2&sort=desc took 120 ms (code path: render)';
    expect(scrubString(text)).toBe(text);
  });
});

describe('scrubEvent', () => {
  it('drops sensitive headers, cookies, IPs and user details everywhere in the event', () => {
    const event = scrubEvent({
      message: 'mail to jo@example.com',
      exception: { values: [{ type: 'Error', value: 'user jo@example.com: token=abc' }] },
      user: { id: 'u1', email: 'jo@example.com', ip_address: '203.0.113.9', username: 'jo' },
      request: {
        url: 'https://app.example.com/api/x?token=abc&page=1',
        query_string: 'token=abc&page=1',
        cookies: { 'better-auth.session_token': 'S' },
        env: { REMOTE_ADDR: '203.0.113.9' },
        headers: {
          Cookie: 'a=b',
          Authorization: 'Bearer X',
          'Stripe-Signature': 't=1,v1=S',
          'svix-id': 'msg_1',
          'svix-timestamp': '1',
          'svix-signature': 'v1,S',
          'x-forwarded-for': '203.0.113.9',
          'x-request-id': 'req-12345678',
          'user-agent': 'UA',
        },
        data: '{"password":"p"}',
      },
      extra: { contact: 'jo@example.com', nested: { apiKey: 'K', list: ['jo@example.com'] }, count: 3 },
      contexts: { billing: { stripe_secret_key: 'sk_test_123456789', plan: 'pro' } },
      breadcrumbs: [{ message: 'jo@example.com signed in', data: { url: '/x?code=1' } }],
      tags: { tenant_id: 't1' },
    });
    expect(event.message).toBe(`mail to ${EMAIL_REDACTED}`);
    expect(event.exception!.values![0]!.value).toBe(`user ${EMAIL_REDACTED}: token=${FILTERED}`);
    expect(event.user).toEqual({ id: 'u1' });
    expect(event.request!.cookies).toBeUndefined();
    expect(event.request!.env).toBeUndefined();
    expect(event.request!.url).toBe(`https://app.example.com/api/x?token=${FILTERED}&page=1`);
    expect(event.request!.query_string).toBe(`token=${FILTERED}&page=1`);
    const headers = event.request!.headers as Record<string, string>;
    for (const h of [
      'Cookie',
      'Authorization',
      'Stripe-Signature',
      'svix-id',
      'svix-timestamp',
      'svix-signature',
      'x-forwarded-for',
    ])
      expect(headers[h], h).toBe(FILTERED);
    expect(headers['user-agent']).toBe('UA');
    expect(event.request!.data).toBe(`{"password":"${FILTERED}"}`);
    expect(event.extra).toEqual({
      contact: EMAIL_REDACTED,
      nested: { apiKey: FILTERED, list: [EMAIL_REDACTED] },
      count: 3,
    });
    expect(event.contexts!.billing).toEqual({ stripe_secret_key: FILTERED, plan: 'pro' });
    expect(event.breadcrumbs![0]).toEqual({
      message: `${EMAIL_REDACTED} signed in`,
      data: { url: `/x?code=${FILTERED}` },
    });
    expect(event.tags).toEqual({ tenant_id: 't1', request_id: 'req-12345678' });
  });

  it('handles query strings as pair lists and objects, and survives cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    const event = scrubEvent({
      request: {
        query_string: [
          ['token', 'abc'],
          ['page', '2'],
        ] as unknown as string,
      },
      extra: { q: { password: 'p', page: 2 }, cyclic },
    });
    expect(event.request!.query_string).toEqual([
      ['token', FILTERED],
      ['page', '2'],
    ]);
    expect(event.extra!.q as object).toEqual({ password: FILTERED, page: 2 });
    expect((event.extra!.cyclic as Record<string, unknown>).self).toBe(FILTERED);
  });

  it('scrubs breadcrumbs on their own', () => {
    expect(
      scrubBreadcrumb({
        category: 'fetch',
        data: { url: 'https://api.stripe.com/v1/x?key=sk', authorization: 'x' },
      }),
    ).toEqual({
      category: 'fetch',
      data: { url: `https://api.stripe.com/v1/x?key=${FILTERED}`, authorization: FILTERED },
    });
  });
});

describe('options', () => {
  it('is off without a DSN', () => {
    expect(sentryOptions({ dsn: undefined })).toBeNull();
    expect(sentryOptions({ dsn: '  ' })).toBeNull();
    expect(serverSentryOptions({ NEXT_PUBLIC_SENTRY_DSN: 'http://k@127.0.0.1:1/1' })).toBeNull();
  });

  it('takes the release from SENTRY_RELEASE, else a git sha', () => {
    expect(releaseFrom({ SENTRY_RELEASE: 'r1', VERCEL_GIT_COMMIT_SHA: 'abc' })).toBe('r1');
    expect(releaseFrom({ RELEASE_ID: 'v42', VERCEL_GIT_COMMIT_SHA: 'abc' })).toBe('v42');
    expect(releaseFrom({ VERCEL_GIT_COMMIT_SHA: 'abc' })).toBe('abc');
    expect(releaseFrom({ GIT_SHA: 'def' })).toBe('def');
    expect(releaseFrom({})).toBeUndefined();
  });

  it('enables the test route outside production, and in production only with SENTRY_TEST_ROUTE=1', () => {
    expect(sentryTestRouteEnabled({ NODE_ENV: 'development' })).toBe(true);
    expect(sentryTestRouteEnabled({ NODE_ENV: 'test' })).toBe(true);
    expect(sentryTestRouteEnabled({ NODE_ENV: 'production' })).toBe(false);
    expect(sentryTestRouteEnabled({ NODE_ENV: 'production', SENTRY_TEST_ROUTE: 'true' })).toBe(false);
    expect(sentryTestRouteEnabled({ NODE_ENV: 'production', SENTRY_TEST_ROUTE: '1' })).toBe(true);
  });

  it('captureServerError is a no-op while Sentry is off', () => {
    expect(Sentry.isInitialized()).toBe(false);
    expect(captureServerError(new Error('x'), { requestId: 'req-00000000' })).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------
// The real SDK, sending to a local server that stands in for sentry.io.
// ---------------------------------------------------------------------------

type Envelope = {
  raw: string;
  header: Record<string, unknown>;
  items: { header: Record<string, unknown>; payload: unknown }[];
};

function decode(req: IncomingMessage, body: Buffer): Buffer {
  const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  if (encoding === 'br') return brotliDecompressSync(body);
  return body;
}

/** Newline-delimited envelope: header, then (item header, payload) pairs; a payload may declare its byte length. */
function parseEnvelope(buf: Buffer): Envelope {
  let offset = 0;
  const line = (): Buffer => {
    const end = buf.indexOf(0x0a, offset);
    const out = buf.subarray(offset, end === -1 ? buf.length : end);
    offset = end === -1 ? buf.length : end + 1;
    return out;
  };
  const header = JSON.parse(line().toString('utf8')) as Record<string, unknown>;
  const items: Envelope['items'] = [];
  while (offset < buf.length) {
    const h = line().toString('utf8').trim();
    if (!h) continue;
    const itemHeader = JSON.parse(h) as Record<string, unknown>;
    let payload: Buffer;
    if (typeof itemHeader.length === 'number') {
      payload = buf.subarray(offset, offset + itemHeader.length);
      offset += itemHeader.length;
      if (buf[offset] === 0x0a) offset += 1;
    } else {
      payload = line();
    }
    const text = payload.toString('utf8');
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // attachments are not JSON
    }
    items.push({ header: itemHeader, payload: parsed });
  }
  return { raw: buf.toString('utf8'), header, items };
}

describe('Sentry SDK end to end (local ingest server)', () => {
  let server: Server;
  let dsn: string;
  const envelopes: Envelope[] = [];
  const connections: string[] = [];
  const originalConnect = net.Socket.prototype.connect;

  beforeAll(async () => {
    // Record every outgoing TCP connection this process makes while the SDK runs.
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      const first = args[0];
      const opts = (Array.isArray(first) ? first[0] : first) as
        { host?: string; port?: number; path?: string } | number | string;
      if (typeof opts === 'object' && opts && !opts.path)
        connections.push(`${opts.host ?? 'localhost'}:${opts.port}`);
      else if (typeof opts === 'number')
        connections.push(`${typeof args[1] === 'string' ? args[1] : 'localhost'}:${opts}`);
      return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof net.Socket.prototype.connect;

    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url?.includes('/envelope/'))
          envelopes.push(parseEnvelope(decode(req, Buffer.concat(chunks))));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dsn = `http://publickey@127.0.0.1:${(server.address() as AddressInfo).port}/1`;

    const options = serverSentryOptions({
      SENTRY_DSN: dsn,
      SENTRY_RELEASE: 'dealershipai@test-release',
      SENTRY_ENVIRONMENT: 'test',
    });
    expect(options).not.toBeNull();
    Sentry.init(options!);
    expect(Sentry.isInitialized()).toBe(true);
  });

  afterAll(async () => {
    await Sentry.close(2000);
    net.Socket.prototype.connect = originalConnect;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const tenantId = '7c2f1e4a-1111-4a4a-9a9a-0123456789ab';
  const userId = '3d9b2c1e-2222-4b4b-8b8b-0123456789ab';
  const requestId = 'req-sentry-e2e-0001';
  // Made at run time, so they never appear in the source lines the SDK attaches to stack frames.
  const run = randomBytes(6).toString('hex');
  const secret = {
    session: `sess${run}A`,
    auth: `auth${run}B`,
    stripe: `stsig${run}C`,
    svixSig: `svsig${run}D`,
    svixId: `msg_${run}E`,
    query: `qtok${run}F`,
    oauth: `ocode${run}G`,
    smtp: `smtppw${run}H`,
    ip: `203.0.113.${(parseInt(run.slice(0, 2), 16) % 250) + 1}`,
  };
  const email = `jane.${run}@example.com`;
  const leaks = (raw: string) => [...Object.values(secret), email, run].filter((s) => raw.includes(s));

  it('sends the error with tenant, user and request ids and the release, and none of the secrets', async () => {
    Sentry.addBreadcrumb({
      category: 'http',
      message: `POST https://api.example.net/v1/invite for ${email}`,
      data: {
        url: `https://api.example.net/v1/cb?code=${secret.oauth}&page=2`,
        authorization: `Bearer ${secret.auth}`,
      },
    });
    const request = new Request(
      `http://localhost:3000/api/members/invitations?token=${secret.query}&page=2`,
      {
        method: 'POST',
        headers: {
          cookie: `better-auth.session_token=${secret.session}; theme=dark`,
          authorization: `Bearer ${secret.auth}`,
          'stripe-signature': `t=1,v1=${secret.stripe}`,
          'svix-id': secret.svixId,
          'svix-timestamp': '1700000000',
          'svix-signature': `v1,${secret.svixSig}`,
          'x-forwarded-for': secret.ip,
          'x-request-id': requestId,
          'user-agent': 'vitest-sentry',
        },
      },
    );
    const err = new Error(`SMTP rejected ${email} via smtp://mailer:${secret.smtp}@smtp.example.com:587`);
    const eventId = Sentry.withScope((scope) => {
      scope.setExtra('invitee', email);
      scope.setContext('invite', { email, password: secret.smtp, role: 'viewer' });
      return captureServerError(err, { requestId, tenantId, userId, request });
    });
    expect(eventId).toMatch(/^[0-9a-f]{32}$/);
    expect(await Sentry.flush(5000)).toBe(true);

    const envelope = envelopes.find((e) =>
      e.items.some((i) => (i.payload as { event_id?: string }).event_id === eventId),
    );
    expect(envelope, `no envelope for ${eventId}; got ${envelopes.length}`).toBeDefined();
    const event = envelope!.items.find((i) => i.header.type === 'event')!.payload as Sentry.Event;

    expect(event.release).toBe('dealershipai@test-release');
    expect(event.environment).toBe('test');
    expect(event.tags).toMatchObject({ request_id: requestId, tenant_id: tenantId, user_id: userId });
    expect(event.user).toEqual({ id: userId });
    expect(event.exception?.values?.[0]).toMatchObject({
      type: 'Error',
      value: `SMTP rejected ${EMAIL_REDACTED} via smtp://mailer:${FILTERED}@smtp.example.com:587`,
    });
    expect(event.request).toMatchObject({
      method: 'POST',
      url: 'http://localhost:3000/api/members/invitations',
      query_string: `token=${FILTERED}&page=2`,
    });
    expect(event.request?.headers?.['user-agent']).toBe('vitest-sentry');
    expect(event.extra).toEqual({ invitee: EMAIL_REDACTED });
    expect(event.breadcrumbs?.find((b) => b.category === 'http')?.data).toEqual({
      url: `https://api.example.net/v1/cb?code=${FILTERED}&page=2`,
      authorization: FILTERED,
    });
    expect(leaks(envelope!.raw)).toEqual([]);
  });

  it('scrubs errors reported through Next.js onRequestError (captureRequestError) too', async () => {
    const before = envelopes.length;
    Sentry.captureRequestError(
      new Error(`render failed for ${email}`),
      {
        path: `/dashboard?token=${secret.query}`,
        method: 'GET',
        headers: {
          cookie: `better-auth.session_token=${secret.session}`,
          authorization: `Bearer ${secret.auth}`,
          'x-forwarded-for': secret.ip,
          'x-request-id': 'req-render-000001',
        },
      },
      { routerKind: 'App Router', routePath: '/dashboard', routeType: 'render' },
    );
    expect(await Sentry.flush(5000)).toBe(true);
    const fresh = envelopes.slice(before).filter((e) => e.items.some((i) => i.header.type === 'event'));
    expect(fresh.length).toBeGreaterThan(0);
    const event = fresh.at(-1)!.items.find((i) => i.header.type === 'event')!.payload as Sentry.Event;
    expect(event.tags).toMatchObject({ request_id: 'req-render-000001' });
    expect(event.release).toBe('dealershipai@test-release');
    expect(event.exception?.values?.[0]?.value).toBe(`render failed for ${EMAIL_REDACTED}`);
    for (const e of fresh) expect(leaks(e.raw)).toEqual([]);
  });

  it('reached no host other than the local ingest server', () => {
    const port = new URL(dsn).port;
    expect(connections.length).toBeGreaterThan(0);
    for (const c of connections) expect(c, `unexpected connection to ${c}`).toBe(`127.0.0.1:${port}`);
  });
});
