import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCompileHints, COMPILE_HINT, firstLoadChunks } from '../scripts/compile-hints';

// A `.next` directory shaped like the one `next build` (Turbopack, App Router) writes.
const CHUNK = '(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push([null,1,e=>{}]);';
let nextDir: string;

const chunk = (name: string) => path.join(nextDir, 'static', 'chunks', name);
const read = (name: string) => readFileSync(chunk(name), 'utf8');
const clientManifest = (route: string, entries: Record<string, string[]>) =>
  `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\nglobalThis.__RSC_MANIFEST[${JSON.stringify(route)}] = ${JSON.stringify(
    {
      moduleLoading: { prefix: '' },
      clientModules: {
        '[project]/components/Lazy.tsx': { id: 9, chunks: ['/_next/static/chunks/lazy.js'], async: true },
      },
      entryJSFiles: entries,
    },
  )};\n`;

beforeEach(() => {
  nextDir = mkdtempSync(path.join(tmpdir(), 'compile-hints-'));
  mkdirSync(path.join(nextDir, 'static', 'chunks'), { recursive: true });
  for (const name of ['main.js', 'runtime.js', 'layout.js', 'pricing.js', 'lazy.js', 'polyfill.js'])
    writeFileSync(chunk(name), CHUNK);
  writeFileSync(chunk('app.css'), 'body{}');
  writeFileSync(
    path.join(nextDir, 'build-manifest.json'),
    JSON.stringify({
      polyfillFiles: ['static/chunks/polyfill.js'],
      rootMainFiles: ['static/chunks/main.js', 'static/chunks/runtime.js'],
      pages: {},
    }),
  );
  const pricing = path.join(nextDir, 'server', 'app', '(marketing)', 'pricing');
  mkdirSync(pricing, { recursive: true });
  writeFileSync(
    path.join(pricing, 'page_client-reference-manifest.js'),
    clientManifest('/(marketing)/pricing/page', {
      '[project]/app/layout': ['static/chunks/layout.js', 'static/chunks/app.css'],
      '[project]/app/(marketing)/pricing/page': ['static/chunks/layout.js', 'static/chunks/pricing.js'],
    }),
  );
});

afterEach(() => rmSync(nextDir, { recursive: true, force: true }));

describe('compile hints', () => {
  it('finds the root main files and every route’s entry scripts, and nothing loaded later', () => {
    expect(firstLoadChunks(nextDir)).toEqual([
      'static/chunks/layout.js',
      'static/chunks/main.js',
      'static/chunks/pricing.js',
      'static/chunks/runtime.js',
    ]);
  });

  it('puts the hint before any code of the first-load chunks and leaves lazy chunks and the polyfills alone', () => {
    const { hinted } = addCompileHints(nextDir);
    expect(hinted).toHaveLength(4);
    for (const name of ['main.js', 'runtime.js', 'layout.js', 'pricing.js'])
      expect(read(name)).toBe(COMPILE_HINT + CHUNK);
    expect(read('lazy.js')).toBe(CHUNK);
    expect(read('polyfill.js')).toBe(CHUNK);
    expect(COMPILE_HINT).toBe('//# allFunctionsCalledOnLoad\n');
  });

  it('adds the hint once when the build step runs again', () => {
    addCompileHints(nextDir);
    const again = addCompileHints(nextDir);
    expect(again).toEqual({
      hinted: [],
      already: expect.arrayContaining(['static/chunks/main.js']) as string[],
    });
    expect(read('main.js')).toBe(COMPILE_HINT + CHUNK);
  });

  it('fails the build when a manifest names a chunk that is not there', () => {
    rmSync(chunk('pricing.js'));
    expect(() => addCompileHints(nextDir)).toThrow(
      /static\/chunks\/pricing\.js is named by the build manifests/,
    );
  });
});
