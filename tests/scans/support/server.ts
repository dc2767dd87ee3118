/** A tiny HTTP server for fixture websites, on 127.0.0.1 and a random port. */
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
}

export type Route = string | Reply | ((req: http.IncomingMessage, origin: string) => Reply | Promise<Reply>);

export interface FixtureServer {
  url: string;
  /** "127.0.0.1:port", for allowedHosts. */
  host: string;
  hits: string[];
  maxInFlight: number;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Compress text replies with br or gzip when the client accepts them. */
  compress?: boolean;
}

const typeFor = (path: string) =>
  path.endsWith('.txt') ? 'text/plain; charset=utf-8' : path.endsWith('.xml') ? 'application/xml' : 'text/html; charset=utf-8';

/**
 * Serves `routes` (path → reply). A string reply is a 200 with a content type guessed from the
 * path; "{{ORIGIN}}" in bodies is replaced by the server's origin. Unknown paths are 404.
 */
export async function serve(routes: Record<string, Route>, options: ServeOptions = {}): Promise<FixtureServer> {
  let inFlight = 0;
  const state = { hits: [] as string[], maxInFlight: 0 };
  let origin = '';
  const server = http.createServer(async (req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    state.hits.push(path);
    const route = routes[path];
    let reply: Reply;
    if (route === undefined) reply = { status: 404, body: '<!doctype html><title>Not found</title><h1>Not found</h1>' };
    else if (typeof route === 'string') reply = { body: route, headers: { 'content-type': typeFor(path) } };
    else if (typeof route === 'function') reply = await route(req, origin);
    else reply = route;
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    let body = typeof reply.body === 'string' ? Buffer.from(reply.body.replaceAll('{{ORIGIN}}', origin)) : (reply.body ?? Buffer.alloc(0));
    const headers: Record<string, string> = { 'content-type': typeFor(path), ...reply.headers };
    const accept = String(req.headers['accept-encoding'] ?? '');
    if (options.compress && !headers['content-encoding']) {
      if (/\bbr\b/.test(accept)) {
        body = zlib.brotliCompressSync(body);
        headers['content-encoding'] = 'br';
      } else if (/\bgzip\b/.test(accept)) {
        body = zlib.gzipSync(body);
        headers['content-encoding'] = 'gzip';
      }
    }
    headers['content-length'] = String(body.length);
    res.writeHead(reply.status ?? 200, headers);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    host: `127.0.0.1:${port}`,
    get hits() {
      return state.hits;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
