/**
 * The scanner's HTTP client: undici with the SSRF guard in the socket's DNS lookup and a
 * post-connect address check, manual redirects (each hop re-checked, at most 5), a
 * per-request timeout, a decompressed body cap, gzip/br/deflate, and at most 4 requests in
 * flight per host.
 */
import zlib from 'node:zlib';
import { pipeline, type Readable } from 'node:stream';
import { Agent, buildConnector, request } from 'undici';
import { GuardError, findGuardError } from './errors';
import { addressRefusal, checkUrl, hostKey, isAllowlisted, makeGuardedLookup, type Resolver } from './ssrf';

export const USER_AGENT = 'DealershipAI-Scanner/1.0 (+https://dealershipai.app/scanner)';
/** The product token robots.txt groups are matched against. */
export const ROBOTS_TOKEN = 'DealershipAI-Scanner';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
export const MAX_REDIRECTS = 5;
export const MAX_IN_FLIGHT_PER_HOST = 4;

export interface FetchOutcome {
  url: string;
  finalUrl: string;
  status: number | null;
  headers: Record<string, string>;
  body: Buffer | null;
  /** Bytes read after decompression. */
  bytes: number;
  truncated: boolean;
  /** Time from sending the final request to its response headers (includes connecting). */
  ttfbMs: number | null;
  redirects: string[];
  error?: string;
  /** Set when the SSRF guard refused a hop; error says why. */
  refused?: boolean;
  timedOut?: boolean;
}

export interface FetcherOptions {
  allowedHosts: ReadonlySet<string>;
  timeoutMs?: number;
  maxBytes?: number;
  signal?: AbortSignal;
  /** DNS resolver (tests inject one to map names to local addresses); default: the system's. */
  resolver?: Resolver;
}

export interface GetOptions {
  accept?: string;
  /** Called for each redirect target; return false to stop following (the 3xx is returned). */
  followRedirect?: (target: URL) => boolean;
}

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }
}

export class Fetcher {
  private readonly guarded: Agent;
  private readonly allowlisted: Agent;
  private readonly hosts = new Map<string, Semaphore>();
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(private readonly opts: FetcherOptions) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    const base = buildConnector({ timeout: this.timeoutMs, lookup: makeGuardedLookup(opts.resolver) });
    // Belt and braces: the lookup refuses bad names before connecting; this refuses any
    // socket whose peer is not public (covers every path to a socket, literals included).
    const connect: buildConnector.connector = (options, callback) => {
      base(options, (err, socket) => {
        if (err || !socket) return callback(err ?? new Error('connect failed'), null);
        const remote = socket.remoteAddress ?? '';
        const refusal = addressRefusal(remote);
        if (refusal) {
          socket.destroy();
          return callback(new GuardError(`${options.hostname} connected to ${remote}, ${refusal}`), null);
        }
        callback(null, socket);
      });
    };
    const common = {
      connections: MAX_IN_FLIGHT_PER_HOST,
      pipelining: 1,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      keepAliveTimeout: 4_000,
    };
    this.guarded = new Agent({ ...common, connect });
    // Allowlisted host:port pairs (tests, the bundled demo site) may resolve to local addresses.
    this.allowlisted = new Agent({ ...common, connect: { timeout: this.timeoutMs, lookup: makeGuardedLookup(opts.resolver, false) } });
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.guarded.close(), this.allowlisted.close()]);
  }

  private semaphore(url: URL): Semaphore {
    const key = hostKey(url);
    let s = this.hosts.get(key);
    if (!s) this.hosts.set(key, (s = new Semaphore(MAX_IN_FLIGHT_PER_HOST)));
    return s;
  }

  /** GET with manual redirects. Never throws for network problems: they come back in `error`. */
  async get(input: string, options: GetOptions = {}): Promise<FetchOutcome> {
    const redirects: string[] = [];
    let current: URL;
    const fail = (finalUrl: string, error: string, extra: Partial<FetchOutcome> = {}): FetchOutcome => ({
      url: input,
      finalUrl,
      status: null,
      headers: {},
      body: null,
      bytes: 0,
      truncated: false,
      ttfbMs: null,
      redirects,
      error,
      ...extra,
    });
    try {
      current = checkUrl(input, this.opts.allowedHosts);
    } catch (err) {
      return fail(input, err instanceof Error ? err.message : String(err), { refused: err instanceof GuardError });
    }
    for (let hop = 0; ; hop++) {
      const outcome = await this.once(current, options.accept);
      if (outcome.error) return { ...outcome, url: input, redirects };
      const location = outcome.headers['location'];
      if (outcome.status !== null && outcome.status >= 300 && outcome.status < 400 && location) {
        let target: URL;
        try {
          target = new URL(location, current);
        } catch {
          return { ...outcome, url: input, redirects, error: `invalid redirect target "${location.slice(0, 200)}"` };
        }
        if (hop >= MAX_REDIRECTS) {
          return fail(current.href, `more than ${MAX_REDIRECTS} redirects (last hop to ${target.href})`);
        }
        try {
          target = checkUrl(target, this.opts.allowedHosts);
        } catch (err) {
          return fail(current.href, `redirect to ${target.href} refused: ${(err as Error).message}`, { refused: true });
        }
        if (options.followRedirect && !options.followRedirect(target)) {
          return { ...outcome, url: input, redirects, error: `redirects off-site to ${target.href}` };
        }
        redirects.push(target.href);
        current = target;
        continue;
      }
      return { ...outcome, url: input, redirects };
    }
  }

  private async once(url: URL, accept = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5'): Promise<FetchOutcome> {
    const release = await this.semaphore(url).acquire();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, this.timeoutMs);
    const onAbort = () => controller.abort(this.opts.signal?.reason ?? new Error('aborted'));
    this.opts.signal?.addEventListener('abort', onAbort, { once: true });
    const base: FetchOutcome = {
      url: url.href,
      finalUrl: url.href,
      status: null,
      headers: {},
      body: null,
      bytes: 0,
      truncated: false,
      ttfbMs: null,
      redirects: [],
    };
    const started = performance.now();
    try {
      if (this.opts.signal?.aborted) return { ...base, error: 'scan cancelled' };
      const res = await request(url, {
        method: 'GET',
        dispatcher: isAllowlisted(url, this.opts.allowedHosts) ? this.allowlisted : this.guarded,
        signal: controller.signal,
        headers: {
          'user-agent': USER_AGENT,
          accept,
          'accept-encoding': 'gzip, br, deflate',
          'accept-language': 'en-US,en;q=0.8',
        },
      });
      const ttfbMs = Math.round(performance.now() - started);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
      }
      const status = res.statusCode;
      if (status >= 300 && status < 400 && headers['location']) {
        discard(res.body);
        return { ...base, status, headers, ttfbMs };
      }
      const read = await this.readBody(res.body, headers['content-encoding']);
      return {
        ...base,
        status,
        headers,
        ttfbMs,
        body: read.body,
        bytes: read.body.length,
        truncated: read.truncated,
        error: read.error,
      };
    } catch (err) {
      const guard = findGuardError(err);
      if (guard) return { ...base, error: `refused: ${guard.message}`, refused: true };
      if (timedOut) return { ...base, error: `timed out after ${this.timeoutMs} ms`, timedOut: true };
      if (this.opts.signal?.aborted) return { ...base, error: 'scan cancelled' };
      return { ...base, error: describeNetworkError(err) };
    } finally {
      clearTimeout(timer);
      this.opts.signal?.removeEventListener('abort', onAbort);
      release();
    }
  }

  private async readBody(
    body: Readable,
    encoding: string | undefined,
  ): Promise<{ body: Buffer; truncated: boolean; error?: string }> {
    const enc = (encoding ?? '').trim().toLowerCase();
    let decoder: zlib.Gunzip | zlib.BrotliDecompress | zlib.Inflate | null = null;
    if (enc === 'gzip' || enc === 'x-gzip') decoder = zlib.createGunzip();
    else if (enc === 'br') decoder = zlib.createBrotliDecompress();
    else if (enc === 'deflate') decoder = zlib.createInflate();
    else if (enc && enc !== 'identity') {
      discard(body);
      return { body: Buffer.alloc(0), truncated: false, error: `unsupported content-encoding "${enc}"` };
    }
    const source: Readable = decoder ? pipeline(body, decoder, () => {}) : body;
    const chunks: Buffer[] = [];
    let total = 0;
    let truncated = false;
    try {
      for await (const chunk of source) {
        const buf = chunk as Buffer;
        if (total + buf.length > this.maxBytes) {
          chunks.push(buf.subarray(0, this.maxBytes - total));
          total = this.maxBytes;
          truncated = true;
          break;
        }
        chunks.push(buf);
        total += buf.length;
      }
    } catch (err) {
      if (chunks.length === 0 || !decoder) throw err;
      return { body: Buffer.concat(chunks), truncated, error: `body could not be fully decoded: ${describeNetworkError(err)}` };
    } finally {
      discard(source);
      discard(body);
    }
    return { body: Buffer.concat(chunks), truncated };
  }
}

/** Stops reading a body. undici emits an AbortError on an unfinished body; it is expected here. */
function discard(stream: Readable): void {
  stream.on('error', () => {});
  stream.destroy();
}

function describeNetworkError(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.cause?.code ?? e?.code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was reset';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connecting timed out';
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'the server stopped responding';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return `the HTTPS certificate is not valid (${code})`;
    default:
      return (e?.cause?.message ?? e?.message ?? String(err)).slice(0, 200);
  }
}

/** Decodes a body to text using the Content-Type charset or a <meta charset>, default UTF-8. */
export function decodeText(body: Buffer, contentType: string | undefined): string {
  let charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1];
  if (!charset) {
    const head = body.subarray(0, 2048).toString('latin1');
    charset = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
  }
  try {
    return new TextDecoder((charset ?? 'utf-8').toLowerCase()).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
