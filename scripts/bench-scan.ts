/**
 * Scan benchmark: serves a 25-page dealership fixture site from a child process on 127.0.0.1,
 * scans it, and prints wall time, pages/s and peak RSS of the scanning process.
 * Targets: < 3 s and < 150 MB for 25 pages.
 *
 * The scanning process runs this file compiled to JavaScript (esbuild) on plain Node, as the
 * engine runs in production: under tsx, the TypeScript loader alone adds ~34 MB of RSS.
 *
 *   npx tsx scripts/bench-scan.ts [--runs 3] [--pages 25] [--kb 120] [--delay 0]
 *
 * --kb is the approximate HTML size per page, --delay a per-response server delay in ms.
 * The numbers depend on the machine and its load; record them in docs/benchmarks.md only
 * from a quiet machine.
 */
import { fork, spawnSync } from 'node:child_process';
import path from 'node:path';
import http from 'node:http';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { scanSite } from '../src/scans';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};

const PAGES = arg('pages', 25);
const KB = arg('kb', 120);
const DELAY = arg('delay', 0);

// ---------- the fixture site (child process) ----------

function page(path: string, i: number): string {
  const vehicles = Array.from({ length: 12 }, (_, n) => ({
    '@type': 'Car',
    name: `2024 Toyota Model ${i}-${n}`,
    brand: { '@type': 'Brand', name: 'Toyota' },
    vehicleIdentificationNumber: `JTD${String(i).padStart(4, '0')}${String(n).padStart(10, '0')}`,
    offers: { '@type': 'Offer', price: 25_000 + n * 500, priceCurrency: 'USD', availability: 'https://schema.org/InStock' },
  }));
  const cards = vehicles
    .map((v) => `<article class="card"><h3>${v.name}</h3><p class="price">$${v.offers.price}</p><p>Low miles, one owner, clean history, heated seats, Apple CarPlay.</p></article>`)
    .join('\n');
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bench Toyota page ${i} | Bench Toyota Austin</title><meta name="description" content="Page ${i} of the Bench Toyota benchmark site: new and used Toyotas, service and financing in Austin, TX.">
<link rel="canonical" href="{{ORIGIN}}${path}">
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'AutoDealer', name: 'Bench Toyota', telephone: '(512) 555-0100', address: { '@type': 'PostalAddress', streetAddress: '1 Bench Rd' } })}</script>
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'ItemList', itemListElement: vehicles })}</script>
</head><body><header><a href="/">Bench Toyota</a> (512) 555-0100</header><main><h1>Bench Toyota page ${i}</h1>\n`;
  // Pad with realistic markup (inline scripts and repeated navigation) up to the target size.
  let body = cards;
  const filler = `<div class="promo"><p>Visit Bench Toyota at 1 Bench Rd, Austin, TX. Service Monday–Friday 7:00am–6:00pm, Saturday 8:00am–4:00pm. Financing for every credit history; trade-ins welcome.</p></div>\n<script>window.__track && window.__track({ page: ${i}, ts: 0, items: [1,2,3,4,5,6,7,8,9,10] });</script>\n`;
  while (head.length + body.length < KB * 1024) body += filler;
  const links = Array.from({ length: PAGES }, (_, n) => `<a href="${pathFor(n)}">Page ${n}</a>`).join(' ');
  return `${head}${body}</main><nav>${links}</nav><footer>Bench Toyota · 1 Bench Rd, Austin, TX 78701</footer></body></html>`;
}

function pathFor(n: number): string {
  const named = ['/', '/new-inventory', '/used-inventory', '/service', '/financing', '/trade-in', '/faq', '/about', '/contact', '/parts', '/specials'];
  return named[n] ?? `/vehicle/2024-toyota-${n}`;
}

async function serveFixture(): Promise<void> {
  const routes = new Map<string, Buffer>();
  for (let n = 0; n < PAGES; n++) routes.set(pathFor(n), Buffer.from(page(pathFor(n), n)));
  routes.set('/robots.txt', Buffer.from('User-agent: *\nAllow: /\nSitemap: {{ORIGIN}}/sitemap.xml\n'));
  routes.set('/sitemap.xml', Buffer.from(`<urlset>${[...Array(PAGES).keys()].map((n) => `<url><loc>{{ORIGIN}}${pathFor(n)}</loc></url>`).join('')}</urlset>`));
  // Compressed once up front, so the benchmark measures the scanner, not the fixture server.
  const gz = new Map<string, Buffer>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = gz.get(path);
    setTimeout(() => {
      if (!body) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const type = path.endsWith('.txt') ? 'text/plain' : path.endsWith('.xml') ? 'application/xml' : 'text/html; charset=utf-8';
      res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', 'content-length': body.length }).end(body);
    }, DELAY);
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    for (const [path, raw] of routes) gz.set(path, zlib.gzipSync(Buffer.from(raw.toString().replaceAll('{{ORIGIN}}', `http://127.0.0.1:${port}`))));
    process.send?.({ port });
  });
  process.on('disconnect', () => process.exit(0));
}

// ---------- the benchmark (parent process) ----------

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`fixture server exited (${code})`)));
  });
  const url = `http://127.0.0.1:${port}/`;
  const runs = arg('runs', 3);
  console.log(`bench-scan: ${PAGES} pages of ~${KB} KB (gzip) at ${url}, server delay ${DELAY} ms, ${runs} run(s), Node ${process.version}`);

  const baselineMb = process.memoryUsage().rss / 1024 / 1024;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  const results: { ms: number; pages: number; score: number }[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = await scanSite(
        { websiteUrl: url, profile: { name: 'Bench Toyota', address: '1 Bench Rd', city: 'Austin', state: 'TX', phone: '(512) 555-0100', brands: ['Toyota'] } },
        { allowedHosts: [`127.0.0.1:${port}`], maxPages: PAGES },
      );
      const ms = performance.now() - t0;
      results.push({ ms, pages: r.pages.length, score: r.overallScore });
      console.log(
        `  run ${i + 1}: ${ms.toFixed(0)} ms, ${r.pages.length} pages, ${((r.pages.length / ms) * 1000).toFixed(1)} pages/s, score ${r.overallScore}, errors ${r.errors.length}`,
      );
    }
  } finally {
    clearInterval(sampler);
    child.disconnect();
  }
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const pages = results[0]?.pages ?? 0;
  const maxRssMb = process.resourceUsage().maxRSS / 1024; // maxRSS is in KB
  const sampledMb = peakRss / 1024 / 1024;
  console.log(`wall time (median): ${median.toFixed(0)} ms   target < 3000 ms   ${median < 3000 ? 'OK' : 'OVER'}`);
  console.log(`throughput: ${((pages / median) * 1000).toFixed(1)} pages/s`);
  console.log(`peak RSS: ${maxRssMb.toFixed(1)} MB (resourceUsage.maxRSS), ${sampledMb.toFixed(1)} MB sampled   target < 150 MB   ${maxRssMb < 150 ? 'OK' : 'OVER'}`);
  console.log(`  (RSS before the first scan, i.e. Node + the compiled engine and its modules: ${baselineMb.toFixed(1)} MB)`);
}

/** Bundles this file (dependencies stay in node_modules) and runs it on plain Node. */
async function runCompiled(): Promise<number> {
  const { build } = await import('esbuild');
  const outfile = path.resolve('node_modules/.cache/bench-scan/bench-scan.mjs');
  await build({
    entryPoints: [fileURLToPath(import.meta.url)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return spawnSync(process.execPath, [outfile, '--compiled', ...args], { stdio: 'inherit' }).status ?? 1;
}

if (args.includes('--serve')) void serveFixture();
else if (!args.includes('--compiled')) void runCompiled().then((code) => process.exit(code));
else
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
