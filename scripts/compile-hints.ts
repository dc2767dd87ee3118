/**
 * Runs after `next build` (package.json "build"). Marks every chunk that some page loads from its
 * HTML with V8's explicit compile hint, so Chromium compiles the chunk's functions on the
 * streaming thread while it downloads. Without the hint, Turbopack's module factories are compiled
 * lazily on the main thread, inside the hydration task (docs/decisions/0013-v8-compile-hints.md).
 * Chunks loaded later (after an interaction, or Sentry's) stay lazy: most of their functions
 * may never run. Idempotent: a chunk that already starts with the hint is left alone.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';

/** Chromium 136+; other engines read it as a comment. Must come before any code in the file. */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

export const withCompileHint = (source: string): string =>
  source.startsWith(COMPILE_HINT) ? source : COMPILE_HINT + source;

type BuildManifest = { rootMainFiles?: string[]; pages?: Record<string, string[]> };
type ClientReferenceManifest = { entryJSFiles?: Record<string, string[]> };

/**
 * The chunks a page's HTML names, relative to `nextDir` (`static/chunks/…js`): the App Router's
 * root main files, and each route's entry files from its client reference manifest
 * (`server/app/**\/page_client-reference-manifest.js`, a script that assigns
 * `globalThis.__RSC_MANIFEST[route]`).
 */
export function firstLoadChunks(nextDir: string): string[] {
  const files = new Set<string>();
  const build = JSON.parse(readFileSync(path.join(nextDir, 'build-manifest.json'), 'utf8')) as BuildManifest;
  build.rootMainFiles?.forEach((f) => files.add(f));
  Object.values(build.pages ?? {}).forEach((list) => list.forEach((f) => files.add(f)));

  const appDir = path.join(nextDir, 'server', 'app');
  const manifests = existsSync(appDir)
    ? readdirSync(appDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
        f.endsWith('_client-reference-manifest.js'),
      )
    : [];
  for (const file of manifests) {
    const sandbox: { __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } = {};
    runInNewContext(readFileSync(path.join(appDir, file), 'utf8'), sandbox);
    for (const manifest of Object.values(sandbox.__RSC_MANIFEST ?? {}))
      for (const list of Object.values(manifest.entryJSFiles ?? {})) list.forEach((f) => files.add(f));
  }
  return [...files].filter((f) => f.endsWith('.js')).sort();
}

/** Adds the hint to every first-load chunk; returns the chunks changed and those already hinted. */
export function addCompileHints(nextDir: string): { hinted: string[]; already: string[] } {
  const hinted: string[] = [];
  const already: string[] = [];
  for (const file of firstLoadChunks(nextDir)) {
    const full = path.join(nextDir, file);
    if (!existsSync(full))
      throw new Error(`${file} is named by the build manifests but is not in ${nextDir}`);
    const source = readFileSync(full, 'utf8');
    const next = withCompileHint(source);
    if (next === source) already.push(file);
    else {
      writeFileSync(full, next);
      hinted.push(file);
    }
  }
  return { hinted, already };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const nextDir = path.resolve(process.argv[2] ?? '.next');
  const { hinted, already } = addCompileHints(nextDir);
  console.log(
    `compile hints: ${hinted.length} first-load chunk(s) marked, ${already.length} already marked (${path.relative(process.cwd(), nextDir) || '.'})`,
  );
}
