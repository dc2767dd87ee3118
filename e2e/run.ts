/**
 * `npm run test:browser`: the browser journey against BASE_URL when it is set; otherwise
 * against the built app (`npm start`, run `npm run build` first) on a free port with the
 * current environment, stopped again afterwards (its whole process group, so nothing is
 * left behind). Server output goes to .ci-artifacts/server.log.
 *
 * When it starts the app itself it also starts the bundled demo dealership site (unless
 * E2E_DEMO_SITE_URL is already set), lets the app's scanner reach it (SCAN_ALLOWED_HOSTS)
 * and hands its URL to the journey (E2E_DEMO_SITE_URL), so the journey can run a real scan.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runJourney } from './journey';
import { startDemoSite, type DemoSite } from '../src/scans/demo-site';

const ARTIFACTS = path.resolve(process.env.ARTIFACTS_DIR ?? '.ci-artifacts');
const SERVER_LOG = path.join(ARTIFACTS, 'server.log');
const START_TIMEOUT_MS = Number(process.env.SERVER_START_TIMEOUT_MS ?? 90_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM the server's process group, then SIGKILL whatever is still there after 10 s. */
async function stop(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (!pid) return;
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pid)) {
    console.log('server did not stop within 10 s; killing it');
    signalGroup(pid, 'SIGKILL');
    while (groupAlive(pid)) await sleep(50);
  }
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server output)';
  }
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = 'no response';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was healthy`);
    }
    try {
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `status ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(500);
  }
  throw new Error(`the server was not healthy within ${START_TIMEOUT_MS / 1000} s (last: ${last})`);
}

async function main(): Promise<number> {
  if (process.env.BASE_URL) {
    const { failed } = await runJourney(process.env.BASE_URL);
    return failed > 0 ? 1 : 0;
  }

  if (!existsSync(path.resolve('.next', 'BUILD_ID'))) {
    console.error('No production build found: run `npm run build` first, or set BASE_URL to test a running app.');
    return 1;
  }

  const port = await freePort();
  const base = `http://localhost:${port}`;
  mkdirSync(ARTIFACTS, { recursive: true });
  const log = createWriteStream(SERVER_LOG);

  // The site the journey scans: the bundled demo dealership, on its own port (robots.txt at its root).
  let demo: DemoSite | undefined;
  const serverEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), APP_URL: base };
  if (!process.env.E2E_DEMO_SITE_URL) {
    demo = await startDemoSite({ port: 0, host: '127.0.0.1' });
    process.env.E2E_DEMO_SITE_URL = demo.url;
    serverEnv.SCAN_ALLOWED_HOSTS = [process.env.SCAN_ALLOWED_HOSTS, new URL(demo.url).host].filter(Boolean).join(',');
    console.log(`demo dealership site on ${demo.url}`);
  }
  console.log(`starting the built app on ${base} (output in ${path.relative(process.cwd(), SERVER_LOG)})`);

  // Its own process group (detached), so stopping it also stops npm's and Next.js's children.
  // APP_URL follows the port: it sets the auth origin check and the invitation links.
  const child = spawn('npm', ['start'], {
    env: serverEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  let stopping: Promise<void> | undefined;
  const shutdown = () => (stopping ??= Promise.all([stop(child), demo?.close()]).then(() => undefined));
  const onSignal = (signal: NodeJS.Signals) => {
    console.log(`received ${signal}; stopping the server`);
    void shutdown().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Last resort if something throws past the finally below.
  process.once('exit', () => {
    if (child.pid && groupAlive(child.pid)) signalGroup(child.pid, 'SIGKILL');
  });

  try {
    await waitForHealth(base, child);
    console.log('server is healthy; running the journey');
    const { failed } = await runJourney(base);
    return failed > 0 ? 1 : 0;
  } catch (err) {
    console.error(`browser tests could not run: ${err instanceof Error ? err.message : String(err)}`);
    console.error(`--- last lines of ${path.relative(process.cwd(), SERVER_LOG)} ---\n${tail(SERVER_LOG)}`);
    console.log('0 passed, 1 failed');
    return 1;
  } finally {
    await shutdown();
    log.end();
  }
}

process.exitCode = await main();
