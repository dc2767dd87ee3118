/**
 * SSRF guard: the scanner fetches addresses chosen by users, so before any socket is
 * opened the destination must be a public unicast address.
 *
 * - URLs are parsed with the WHATWG parser, which already normalises the tricky IPv4 forms
 *   (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`) to dotted decimal and takes the host
 *   after any userinfo (`http://example.com@127.0.0.1/` has host 127.0.0.1).
 * - IP-literal hosts are checked here, before connecting (Node opens them without DNS).
 * - Names are checked inside the socket's own DNS lookup (`guardedLookup`, installed as the
 *   HTTP agent's `connect.lookup`), so the address checked is the address connected to:
 *   there is no second resolution an attacker could rebind.
 * - Every redirect hop goes through the same two steps.
 */
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { GuardError } from './errors';

/** Returns why an address is refused, or null when it is a public unicast address. */
export function addressRefusal(address: string): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return 'not an IP address';
  }
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    const embedded = embeddedIPv4(v6);
    if (embedded) {
      const inner = ipv4Refusal(embedded);
      return inner ? `${inner} (embedded in IPv6 ${v6.toString()})` : null;
    }
    const range = v6.range();
    if (range === 'unicast') return null;
    return describe(range);
  }
  return ipv4Refusal(ip as ipaddr.IPv4);
}

function ipv4Refusal(ip: ipaddr.IPv4): string | null {
  const range = ip.range();
  return range === 'unicast' ? null : describe(range);
}

/**
 * IPv6 forms that carry an IPv4 address and may reach it: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-translated (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d, deprecated), NAT64
 * (64:ff9b::/96) and 6to4 (2002:AABB:CCDD::/48).
 */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = ip.parts;
  const tail = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && p[5] === 0xffff) return tail(p[6]!, p[7]!); // ::ffff:a.b.c.d
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return tail(p[6]!, p[7]!); // ::ffff:0:a.b.c.d
  if (zeros(0, 6) && (p[6]! !== 0 || p[7]! > 1)) return tail(p[6]!, p[7]!); // ::a.b.c.d
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return tail(p[6]!, p[7]!); // NAT64
  if (p[0] === 0x2002) return tail(p[1]!, p[2]!); // 6to4
  return null;
}

function describe(range: string): string {
  const names: Record<string, string> = {
    unspecified: 'an unspecified address',
    broadcast: 'a broadcast address',
    multicast: 'a multicast address',
    linkLocal: 'a link-local address (this includes cloud metadata endpoints)',
    loopback: 'a loopback address',
    carrierGradeNat: 'a carrier-grade NAT address',
    private: 'a private network address',
    reserved: 'a reserved address',
    uniqueLocal: 'a unique-local IPv6 address',
    ipv4Mapped: 'an IPv4-mapped address',
    teredo: 'a Teredo tunnel address',
  };
  return names[range] ?? `a special-purpose address (${range})`;
}

/** Hostname without IPv6 brackets and without a trailing dot, lower-cased. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').replace(/\.+$/, '').toLowerCase();
}

/** "host:port" with the scheme's default port filled in. */
export function hostKey(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const host = bareHostname(url);
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Parses SCAN_ALLOWED_HOSTS: comma-separated "host:port" entries (IPv6 as "[::1]:8080").
 * Empty or missing → []. A malformed entry throws, naming the entry.
 */
export function parseAllowedHosts(value: string | undefined | null): string[] {
  if (!value) return [];
  const out: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    let url: URL;
    try {
      url = new URL(`http://${entry}`);
    } catch {
      throw new Error(`SCAN_ALLOWED_HOSTS: "${entry}" is not a host:port`);
    }
    if (!/:\d+$/.test(entry) || url.pathname !== '/' || url.username || url.search) {
      throw new Error(`SCAN_ALLOWED_HOSTS: "${entry}" must be host:port, e.g. localhost:4010`);
    }
    // new URL drops :80 for http; keep the port the operator wrote.
    const port = entry.slice(entry.lastIndexOf(':') + 1);
    const host = bareHostname(url);
    const key = net.isIPv6(host) ? `[${host}]:${Number(port)}` : `${host}:${Number(port)}`;
    if (!out.includes(key)) out.push(key);
  }
  return out;
}

export function normaliseAllowedHosts(list: readonly string[] | undefined): Set<string> {
  return new Set(parseAllowedHosts((list ?? []).join(',')));
}

export function isAllowlisted(url: URL, allowed: ReadonlySet<string>): boolean {
  return allowed.size > 0 && allowed.has(hostKey(url));
}

/**
 * The checks that can be made without DNS: scheme, credentials, IP-literal hosts.
 * Returns the parsed URL; throws GuardError when refused.
 */
export function checkUrl(input: string | URL, allowed: ReadonlySet<string> = new Set()): URL {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : new URL(input.href);
  } catch {
    throw new GuardError(`"${String(input).slice(0, 200)}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new GuardError(`only http and https addresses are scanned, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username || url.password) {
    throw new GuardError('addresses with a user name or password in them are not scanned');
  }
  if (isAllowlisted(url, allowed)) return url;
  const host = bareHostname(url);
  if (!host) throw new GuardError('the address has no host');
  if (net.isIP(host)) {
    const refusal = addressRefusal(host);
    if (refusal) throw new GuardError(`${host} is ${refusal}; only public addresses are scanned`);
  } else if (host === 'localhost' || host.endsWith('.localhost')) {
    throw new GuardError(`${host} is a loopback name; only public addresses are scanned`);
  }
  return url;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** Resolves every address of a name (dns.lookup with all: true). Injectable for tests. */
export type Resolver = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

const systemResolver: Resolver = (hostname, options, callback) => dns.lookup(hostname, options, callback);

/**
 * A drop-in for dns.lookup, used as the socket's lookup: resolves every address of the name
 * and refuses the connection when any of them is not public. The socket then connects to one
 * of exactly these addresses, so the address checked is the address connected to.
 */
export function makeGuardedLookup(resolve: Resolver = systemResolver, guard = true) {
  return function guardedLookup(
    hostname: string,
    options: dns.LookupOptions | number | LookupCallback,
    callback?: LookupCallback,
  ): void {
    const cb = (typeof options === 'function' ? options : callback) as LookupCallback;
    const opts: dns.LookupOptions = typeof options === 'object' && options !== null ? { ...options } : {};
    if (typeof options === 'number') opts.family = options;
    const family = opts.family === 'IPv4' ? 4 : opts.family === 'IPv6' ? 6 : (opts.family ?? 0);
    resolve(hostname, { family, hints: opts.hints, all: true }, (err, list) => {
      if (err) return cb(err, opts.all ? [] : '', undefined);
      if (guard) {
        for (const a of list) {
          const refusal = addressRefusal(a.address);
          if (refusal) {
            const e = new GuardError(`${hostname} resolves to ${a.address}, ${refusal}; only public addresses are scanned`);
            return cb(e as unknown as NodeJS.ErrnoException, opts.all ? [] : '', undefined);
          }
        }
      }
      if (list.length === 0) {
        const e = Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
        return cb(e, opts.all ? [] : '', undefined);
      }
      if (opts.all) return cb(null, list);
      cb(null, list[0]!.address, list[0]!.family);
    });
  };
}

export const guardedLookup = makeGuardedLookup();
