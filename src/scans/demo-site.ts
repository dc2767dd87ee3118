/**
 * Serves the bundled demo dealership site (demo-site/) with node:http, so a first scan works
 * offline. It needs its own port: robots.txt and sitemap.xml must sit at the host root.
 * Text files may contain {{ORIGIN}}, replaced by the origin the request was made to, so
 * absolute URLs (sitemap, canonical, JSON-LD) are right on any host and port.
 */
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
};
const TEMPLATED = new Set(['.html', '.xml', '.txt', '.md', '.json']);

export interface DemoSite {
  url: string;
  close(): Promise<void>;
}

export interface DemoSiteOptions {
  port?: number;
  host?: string;
  /** Folder to serve; default `demo-site` under the current working directory (the repo root). */
  root?: string;
}

export async function startDemoSite({ port = 0, host = '127.0.0.1', root }: DemoSiteOptions = {}): Promise<DemoSite> {
  const dir = path.resolve(root ?? path.join(/* turbopackIgnore: true */ process.cwd(), 'demo-site'));
  await stat(path.join(dir, 'index.html')); // fail fast with ENOENT when the folder is missing
  const server = http.createServer((req, res) => {
    handle(dir, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' || host.includes(':') ? `[${addr.address}]` : host;
  return {
    url: `http://${shownHost}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(dir: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    res.end('Method not allowed');
    return;
  }
  const url = new URL(req.url ?? '/', 'http://demo.invalid');
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return notFound(dir, req, res);
  }
  if (pathname.includes('\0')) return notFound(dir, req, res);
  const file = await resolveFile(dir, pathname);
  if (!file) return notFound(dir, req, res);
  await send(file, 200, req, res);
}

async function resolveFile(dir: string, pathname: string): Promise<string | null> {
  const rel = path.normalize(pathname).replace(/^([/\\])+/, '');
  const base = path.join(dir, rel);
  if (base !== dir && !base.startsWith(dir + path.sep)) return null;
  const candidates = pathname.endsWith('/') ? [path.join(base, 'index.html')] : [base, `${base}.html`, path.join(base, 'index.html')];
  for (const c of candidates) {
    if (path.basename(c) === '404.html') continue;
    try {
      if ((await stat(c)).isFile()) return c;
    } catch {
      // try the next form
    }
  }
  return null;
}

async function notFound(dir: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const page = path.join(dir, '404.html');
  try {
    await send(page, 404, req, res);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found');
  }
}

async function send(file: string, status: number, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const ext = path.extname(file).toLowerCase();
  let body: Buffer = await readFile(file);
  if (TEMPLATED.has(ext)) {
    const hostHeader = req.headers.host && /^[a-z0-9.\-:[\]]+$/i.test(req.headers.host) ? req.headers.host : 'localhost';
    body = Buffer.from(body.toString('utf8').replaceAll('{{ORIGIN}}', `http://${hostHeader}`));
  }
  res.writeHead(status, {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'content-length': body.length,
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
