import { afterEach, describe, expect, it } from 'vitest';
import type dns from 'node:dns';
import { addressRefusal, checkUrl, makeGuardedLookup, normaliseAllowedHosts, parseAllowedHosts, type Resolver } from '@/src/scans/ssrf';
import { GuardError } from '@/src/scans/errors';
import { Fetcher } from '@/src/scans/http';
import { serve, type FixtureServer } from './support/server';

describe('addressRefusal', () => {
  const refused = [
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '169.254.0.1',
    '100.64.0.1',
    '100.127.255.255',
    '224.0.0.1',
    '239.255.255.250',
    '0.0.0.0',
    '0.1.2.3',
    '255.255.255.255',
    '240.0.0.1',
    '192.0.2.1',
    '198.18.0.1',
    '::1',
    '::',
    'fe80::1',
    'febf::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::ffff:192.168.0.1',
    '::ffff:0:127.0.0.1',
    '::127.0.0.1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::',
    '2002:a00:1::',
    '2001::1',
    '[::1]',
    'not-an-ip',
  ];
  const allowed = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2606:4700:4700::1111', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808'];

  it.each(refused)('refuses %s', (ip) => {
    expect(addressRefusal(ip)).not.toBeNull();
  });
  it.each(allowed)('allows %s', (ip) => {
    expect(addressRefusal(ip)).toBeNull();
  });
  it('says why', () => {
    expect(addressRefusal('169.254.169.254')).toMatch(/link-local.*metadata/);
    expect(addressRefusal('::ffff:127.0.0.1')).toMatch(/loopback.*embedded in IPv6/);
    expect(addressRefusal('100.64.0.1')).toMatch(/carrier-grade NAT/);
    expect(addressRefusal('fd00::1')).toMatch(/unique-local/);
  });
});

describe('checkUrl: tricky URL forms', () => {
  const refused: [string, RegExp][] = [
    ['http://2130706433/', /127\.0\.0\.1 is a loopback/],
    ['http://0177.0.0.1/', /127\.0\.0\.1 is a loopback/],
    ['http://0x7f.1/', /127\.0\.0\.1 is a loopback/],
    ['http://127.1/', /127\.0\.0\.1 is a loopback/],
    ['http://0x7f000001/', /127\.0\.0\.1/],
    ['http://[::ffff:127.0.0.1]/', /loopback/],
    ['http://[0:0:0:0:0:ffff:7f00:1]/', /loopback/],
    ['http://[::1]:8080/', /loopback/],
    ['http://example.com@127.0.0.1/', /user name or password/],
    ['http://user:pass@example.com/', /user name or password/],
    ['http://localhost/', /loopback name/],
    ['http://localhost./', /loopback name/],
    ['http://LOCALHOST.:3000/', /loopback name/],
    ['http://app.localhost/', /loopback name/],
    ['http://127.0.0.1./', /loopback/],
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ['http://[fe80::1]/', /link-local/],
    ['http://0/', /unspecified/],
    ['http://10.0.0.1/', /private/],
    ['http://192.168.0.1:443/', /private/],
    ['http://100.100.100.200/', /carrier-grade/],
    ['ftp://example.com/', /only http and https/],
    ['file:///etc/passwd', /only http and https/],
    ['gopher://example.com/', /only http and https/],
    ['javascript:alert(1)', /only http and https/],
    ['not a url', /not a valid URL/],
  ];
  it.each(refused)('refuses %s', (url, why) => {
    expect(() => checkUrl(url)).toThrow(GuardError);
    expect(() => checkUrl(url)).toThrow(why);
  });

  it('accepts public URLs (names are checked later, at connect time)', () => {
    expect(checkUrl('https://www.example.com/path').hostname).toBe('www.example.com');
    expect(checkUrl('http://8.8.8.8/').hostname).toBe('8.8.8.8');
  });

  it('lets allowlisted host:port through, and only that port', () => {
    const allowed = normaliseAllowedHosts(['127.0.0.1:4010', 'localhost:4011']);
    expect(checkUrl('http://127.0.0.1:4010/x', allowed).href).toBe('http://127.0.0.1:4010/x');
    expect(checkUrl('http://localhost.:4011/', allowed).hostname).toBe('localhost.');
    expect(() => checkUrl('http://127.0.0.1:4012/', allowed)).toThrow(GuardError);
    expect(() => checkUrl('http://localhost/', allowed)).toThrow(GuardError);
  });
});

describe('parseAllowedHosts', () => {
  it('parses SCAN_ALLOWED_HOSTS', () => {
    expect(parseAllowedHosts(undefined)).toEqual([]);
    expect(parseAllowedHosts('')).toEqual([]);
    expect(parseAllowedHosts(' localhost:4010 , 127.0.0.1:80,,[::1]:8080, LOCALHOST.:4010')).toEqual([
      'localhost:4010',
      '127.0.0.1:80',
      '[::1]:8080',
    ]);
  });
  it.each(['localhost', 'http://localhost:4010', 'localhost:4010/x', 'a b:1', 'host:port'])('rejects %s', (bad) => {
    expect(() => parseAllowedHosts(bad)).toThrow(/SCAN_ALLOWED_HOSTS/);
  });
});

describe('guarded DNS lookup', () => {
  const fake =
    (map: Record<string, string[]>): Resolver =>
    (hostname, _opts, cb) => {
      const list = map[hostname];
      if (!list) return cb(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
      cb(null, list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    };
  const lookup = (resolver: Resolver, host: string, options: dns.LookupOptions) =>
    new Promise<{ err: Error | null; address: unknown }>((resolve) =>
      makeGuardedLookup(resolver)(host, options, (err, address) => resolve({ err, address })),
    );

  it('refuses a name that resolves to a private address (single and all)', async () => {
    const r = fake({ 'rebind.test': ['10.0.0.5'] });
    expect((await lookup(r, 'rebind.test', {})).err).toBeInstanceOf(GuardError);
    expect((await lookup(r, 'rebind.test', { all: true })).err).toBeInstanceOf(GuardError);
  });
  it('refuses when any of the addresses is private', async () => {
    const r = fake({ 'mixed.test': ['93.184.216.34', '127.0.0.1'] });
    expect((await lookup(r, 'mixed.test', { all: true })).err?.message).toMatch(/resolves to 127\.0\.0\.1/);
  });
  it('returns public addresses in the shape asked for', async () => {
    const r = fake({ 'ok.test': ['93.184.216.34', '2606:2800:220:1::1'] });
    expect(await lookup(r, 'ok.test', {})).toEqual({ err: null, address: '93.184.216.34' });
    expect((await lookup(r, 'ok.test', { all: true })).address).toHaveLength(2);
  });
});

describe('Fetcher: the guard inside the connection', () => {
  let server: FixtureServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });
  const resolver: Resolver = (hostname, _opts, cb) =>
    hostname === 'dealer.test' ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(Object.assign(new Error('nx'), { code: 'ENOTFOUND' }), []);

  it('refuses a name resolving to loopback at connect time, without sending a request', async () => {
    server = await serve({ '/': 'hello' });
    const port = new URL(server.url).port;
    const fetcher = new Fetcher({ allowedHosts: new Set(), resolver });
    const res = await fetcher.get(`http://dealer.test:${port}/`);
    await fetcher.close();
    expect(res.refused).toBe(true);
    expect(res.error).toMatch(/dealer\.test resolves to 127\.0\.0\.1, a loopback address/);
    expect(server.hits).toEqual([]);
  });

  it('connects when that host:port is allowlisted', async () => {
    server = await serve({ '/': 'hello' });
    const port = new URL(server.url).port;
    const fetcher = new Fetcher({ allowedHosts: normaliseAllowedHosts([`dealer.test:${port}`]), resolver });
    const res = await fetcher.get(`http://dealer.test:${port}/`);
    await fetcher.close();
    expect(res.status).toBe(200);
    expect(res.body?.toString()).toBe('hello');
  });

  it('re-checks every redirect hop', async () => {
    server = await serve({ '/': { status: 302, headers: { location: 'http://dealer.test:1/next' } } });
    const fetcher = new Fetcher({ allowedHosts: normaliseAllowedHosts([server.host]), resolver });
    const res = await fetcher.get(server.url);
    await fetcher.close();
    expect(res.refused).toBe(true);
    expect(res.error).toMatch(/resolves to 127\.0\.0\.1/);
  });
});
