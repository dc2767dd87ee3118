import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { addCompileHints } from '../compile-hints';

export function nextBin(appDir: string): string {
  const bin = path.join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next');
  if (!existsSync(bin)) throw new Error(`next is not installed in ${appDir} (run npm ci there)`);
  return bin;
}

/** Newest modification time under the folders a production build is made from. */
function newestSource(appDir: string): { file: string; mtimeMs: number } | null {
  let newest: { file: string; mtimeMs: number } | null = null;
  const visit = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p))
        if (name !== 'node_modules' && !name.startsWith('.')) visit(path.join(p, name));
    } else if (!newest || st.mtimeMs > newest.mtimeMs) {
      newest = { file: p, mtimeMs: st.mtimeMs };
    }
  };
  for (const dir of ['app', 'src', 'drizzle', 'instrumentation.ts', 'next.config.ts', 'package-lock.json'])
    visit(path.join(appDir, dir));
  return newest;
}

/** Builds only when there is no production build (or when forced); warns when sources are newer than it. */
export function ensureBuild(appDir: string, mode: 'auto' | 'never' | 'always'): void {
  const buildId = path.join(appDir, '.next', 'BUILD_ID');
  const has = existsSync(buildId);
  if (mode === 'never' && !has)
    throw new Error(`--no-build given but ${buildId} is missing: run \`npm run build\` in ${appDir}`);
  if (mode === 'always' || !has) {
    console.log(`• building the app in ${appDir} (next build) …`);
    const started = performance.now();
    const res = spawnSync(process.execPath, [nextBin(appDir), 'build'], {
      cwd: appDir,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    });
    if (res.status !== 0) throw new Error(`next build failed (exit ${res.status ?? res.signal})`);
    addCompileHints(path.join(appDir, '.next')); // the rest of `npm run build`
    console.log(`  built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return;
  }
  const built = statSync(buildId).mtimeMs;
  const newest = newestSource(appDir);
  if (newest && newest.mtimeMs > built) {
    console.warn(
      `! the build in ${appDir}/.next is older than ${path.relative(appDir, newest.file)}: figures are for the old build (pass --build to rebuild)`,
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type Server = {
  pid: number;
  baseUrl: string;
  logFile: string;
  /** The last lines the server printed, for error messages. */
  tail(): string;
  /** Resolves once GET /api/health answers 200; rejects if the server exits or the timeout passes. */
  ready(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * The built app in its own process group, so stop() also ends anything it spawned: `next start`
 * by default, or `node .next/standalone/server.js` (what `output: 'standalone'` deploys).
 * Returns at once so the caller can register stop() before waiting for ready().
 */
export function spawnServer(opts: {
  appDir: string;
  mode: 'next-start' | 'standalone';
  port: number;
  env: NodeJS.ProcessEnv;
  /** Extra node flags for the server process, e.g. --cpu-prof. */
  nodeArgs?: string[];
  logFile: string;
  readyTimeoutMs?: number;
}): Server {
  const baseUrl = `http://127.0.0.1:${opts.port}`;
  const log = createWriteStream(opts.logFile);
  const lines: string[] = [];
  const standaloneDir = path.join(opts.appDir, '.next', 'standalone');
  if (opts.mode === 'standalone' && !existsSync(path.join(standaloneDir, 'server.js'))) {
    throw new Error(`${standaloneDir}/server.js is missing: the build has no standalone output`);
  }
  const command =
    opts.mode === 'standalone'
      ? [path.join(standaloneDir, 'server.js')]
      : [nextBin(opts.appDir), 'start', '-p', String(opts.port), '-H', '127.0.0.1'];
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...command], {
    cwd: opts.mode === 'standalone' ? standaloneDir : opts.appDir,
    // Only what the app needs: nothing from the caller's shell (e.g. a DATABASE_URL) leaks in.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NEXT_TELEMETRY_DISABLED: '1',
      ...(opts.mode === 'standalone' ? { HOSTNAME: '127.0.0.1' } : {}),
      ...opts.env,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    log.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(line);
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  child.once('error', (err) => {
    lines.push(`spawn error: ${err.message}`);
    exited ??= { code: null, signal: null };
  });
  const pid = child.pid;
  if (!pid) throw new Error(`could not spawn the server (${opts.mode})`);

  const tail = () => lines.slice(-40).join('\n');
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    if (!exited) {
      signalGroup('SIGTERM');
      const killed = await Promise.race([exitPromise.then(() => true), sleep(5000).then(() => false)]);
      if (!killed) {
        signalGroup('SIGKILL');
        await exitPromise;
      }
    }
    // Anything left in the group (e.g. a worker the server forked) goes too.
    signalGroup('SIGKILL');
    await new Promise<void>((resolve) => log.end(resolve));
  };

  const ready = async () => {
    const timeoutMs = opts.readyTimeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    let lastError = '';
    while (Date.now() < deadline) {
      if (exited) {
        const e = exited as { code: number | null; signal: NodeJS.Signals | null };
        throw new Error(
          `the server (${opts.mode}) exited (${e.code ?? e.signal}) before it was healthy:\n${tail()}`,
        );
      }
      try {
        const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
        const body = await res.text();
        if (res.status === 200) return;
        lastError = `GET /api/health → ${res.status} ${body.slice(0, 300)}`;
      } catch (err) {
        lastError = String((err as Error).cause ?? err);
      }
      await sleep(250);
    }
    throw new Error(`server not healthy within ${timeoutMs / 1000} s (${lastError}):\n${tail()}`);
  };

  return { pid, baseUrl, logFile: opts.logFile, tail, ready, stop };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
