/**
 * `npm run test:browser`: the browser suites against BASE_URL when it is set; otherwise
 * against the built app (`npm start`, run `npm run build` first) on a free port with the
 * current environment, stopped again afterwards (its whole process group, so nothing is
 * left behind). Server output goes to .ci-artifacts/server.log.
 *
 * Suites, in this order, all against the one server:
 *   journey      e2e/journey.ts      two people through the product, axe on each page
 *   a11y         e2e/a11y.ts         axe on every page and state (empty, populated, errors, dialogs)
 *   keyboard     e2e/keyboard.ts     keyboard-only journeys: focus, skip link, landmarks, errors
 *   screenshots  e2e/screenshots.ts  every page at 360 and 1280 px, zoom/motion/forced colors
 * E2E_SUITES=a11y,keyboard runs a subset. Each suite's own tally is shown in brackets; the last
 * line, `N passed, N failed`, is the total (what .ci/run reads).
 *
 * When it starts the app itself it also starts the bundled demo dealership site (unless
 * E2E_DEMO_SITE_URL is already set), lets the app's scanner reach it (SCAN_ALLOWED_HOSTS)
 * and hands its URL to the suites (E2E_DEMO_SITE_URL), so they can run real scans. It makes
 * E2E_OPERATOR_EMAIL (default e2e-operator@example.test) an operator (OPERATOR_EMAILS) for the
 * /ops pages, and reports every page load's web vitals (VITALS_SAMPLE_RATE=1 unless set).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runJourney } from './journey';
import { runA11y } from './a11y';
import { runKeyboard } from './keyboard';
import { runScreenshots } from './screenshots';
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

type Tally = { passed: number; failed: number };
const SUITES: Record<string, (base: string) => Promise<Tally>> = {
  journey: runJourney,
  a11y: runA11y,
  keyboard: runKeyboard,
  screenshots: runScreenshots,
};
const SUMMARY = /^\d+ passed, \d+ failed$/;

/** Every selected suite in turn; one combined `N passed, N failed` line at the end. */
async function runSuites(base: string): Promise<number> {
  const wanted = (process.env.E2E_SUITES ?? Object.keys(SUITES).join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const total: Tally = { passed: 0, failed: 0 };
  const rows: string[] = [];
  for (const name of wanted) {
    const run = SUITES[name];
    console.log(`\n=== browser suite: ${name} ===`);
    if (!run) {
      console.log(`FAIL  unknown suite "${name}" (known: ${Object.keys(SUITES).join(', ')})`);
      total.failed++;
      rows.push(`${name.padEnd(12)} unknown`);
      continue;
    }
    // A suite's own closing tally is shown in brackets, so the combined line below is the only one.
    const log = console.log;
    console.log = (...args: unknown[]) => (args.length === 1 && typeof args[0] === 'string' && SUMMARY.test(args[0]) ? log(`(${name}: ${args[0]})`) : log(...args));
    const started = Date.now();
    let tally: Tally;
    try {
      tally = await run(base);
    } catch (err) {
      log(`FAIL  suite ${name} crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      tally = { passed: 0, failed: 1 };
    } finally {
      console.log = log;
    }
    total.passed += tally.passed;
    total.failed += tally.failed;
    rows.push(`${name.padEnd(12)} ${String(tally.passed).padStart(4)} passed ${String(tally.failed).padStart(4)} failed  ${Math.round((Date.now() - started) / 1000)} s`);
  }
  console.log(`\n=== browser suites ===\n${rows.join('\n')}`);
  console.log(`${total.passed} passed, ${total.failed} failed`);
  return total.failed > 0 ? 1 : 0;
}

export type StartedApp = {
  base: string;
  /** The bundled demo dealership site, when this process started it (else E2E_DEMO_SITE_URL as given). */
  demoSiteUrl?: string;
  stop(): Promise<void>;
};

/**
 * Starts the production build (`npm start`) on a free port with the current environment plus
 * `env`, and the demo dealership site unless E2E_DEMO_SITE_URL is set; resolves once
 * /api/health answers 200. scripts/lighthouse.ts uses it too. Throws (after stopping
 * everything) when the server does not come up.
 */
export async function startBuiltApp(env: Record<string, string | undefined> = {}): Promise<StartedApp> {
  if (!existsSync(path.resolve('.next', 'BUILD_ID'))) {
    throw new Error('No production build found: run `npm run build` first, or set BASE_URL to test a running app.');
  }
  // The site the suites scan: the bundled demo dealership, on its own port (robots.txt at its root).
  // Started before the app's port is chosen, so the two can never be handed the same free port.
  let demo: DemoSite | undefined;
  if (!process.env.E2E_DEMO_SITE_URL) {
    demo = await startDemoSite({ port: 0, host: '127.0.0.1' });
    process.env.E2E_DEMO_SITE_URL = demo.url;
    console.log(`demo dealership site on ${demo.url}`);
  }
  const port = await freePort();
  const base = `http://localhost:${port}`;
  mkdirSync(ARTIFACTS, { recursive: true });
  const log = createWriteStream(SERVER_LOG);
  const serverEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port), APP_URL: base };
  if (demo) serverEnv.SCAN_ALLOWED_HOSTS = [serverEnv.SCAN_ALLOWED_HOSTS, new URL(demo.url).host].filter(Boolean).join(',');
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
  const shutdown = () =>
    (stopping ??= Promise.all([stop(child), demo?.close()]).then(() => {
      log.end();
    }));
  const onSignal = (signal: NodeJS.Signals) => {
    console.log(`received ${signal}; stopping the server`);
    void shutdown().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Last resort if something throws past the caller's cleanup.
  process.once('exit', () => {
    if (child.pid && groupAlive(child.pid)) signalGroup(child.pid, 'SIGKILL');
  });

  try {
    await waitForHealth(base, child);
  } catch (err) {
    console.error(`--- last lines of ${path.relative(process.cwd(), SERVER_LOG)} ---\n${tail(SERVER_LOG)}`);
    await shutdown();
    throw err;
  }
  return { base, demoSiteUrl: process.env.E2E_DEMO_SITE_URL, stop: shutdown };
}

async function main(): Promise<number> {
  if (process.env.BASE_URL) return runSuites(process.env.BASE_URL);

  // An operator for the /ops pages, and web vitals from every page load the suites make.
  process.env.E2E_OPERATOR_EMAIL ??= 'e2e-operator@example.test';
  const env: Record<string, string | undefined> = {
    OPERATOR_EMAILS: [process.env.OPERATOR_EMAILS, process.env.E2E_OPERATOR_EMAIL].filter(Boolean).join(','),
    VITALS_SAMPLE_RATE: process.env.VITALS_SAMPLE_RATE ?? '1',
  };
  let app: StartedApp | undefined;
  try {
    app = await startBuiltApp(env);
    console.log('server is healthy; running the browser suites');
    return await runSuites(app.base);
  } catch (err) {
    console.error(`browser tests could not run: ${err instanceof Error ? err.message : String(err)}`);
    console.log('0 passed, 1 failed');
    return 1;
  } finally {
    await app?.stop();
  }
}

// Run directly: `tsx e2e/run.ts` (`npm run test:browser`); scripts/lighthouse.ts imports startBuiltApp.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
