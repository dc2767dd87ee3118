import { assertProductionReady, demoSitePort, env, isProduction } from '@/src/config/env';
import { database } from '@/src/db/client';
import { logger } from '@/src/observability/logger';
import { DEMO_USERS, demoPassword, seedDemo } from '@/src/seed/demo';
import { startDemoSite } from '@/src/scans';
import { startWorkers } from '@/src/jobs/workers';
import { stopJobs } from '@/src/jobs/boss';
import { startDraining } from '@/src/observability/health';

const DRAIN_MS = Number(process.env.SHUTDOWN_DRAIN_MS ?? 5000);

/**
 * Graceful shutdown (`npm start` sets NEXT_MANUAL_SIG_HANDLE so Next leaves signals to us):
 * readiness fails at once, in-flight requests and jobs get DRAIN_MS to finish, then the job
 * queue and the database close and the process exits.
 */
function handleShutdown(): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, drainMs: DRAIN_MS }, 'shutting down');
    startDraining();
    await new Promise((r) => setTimeout(r, DRAIN_MS));
    await stopJobs({ graceful: true }).catch((err) => logger.error({ err }, 'stopping jobs failed'));
    await (await database()).close().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/** Runs once per server process (instrumentation.ts). */
export async function boot(): Promise<void> {
  assertProductionReady();
  const db = await database();
  logger.info({ database: db.kind }, 'database ready');

  const port = demoSitePort();
  if (port) {
    // The demo dealership's website, on its own port: robots.txt must sit at a host's root.
    await startDemoSite({ port, host: '127.0.0.1' }).then(
      (site) => logger.info({ url: site.url }, 'demo dealership site ready'),
      (err) => logger.warn({ err: String(err), port }, 'demo dealership site not started'),
    );
  }
  if (env().JOB_WORKERS > 0) await startWorkers();
  await (await import('@/src/flags')).startFlagRefresh();
  if (process.env.NEXT_MANUAL_SIG_HANDLE === 'true') handleShutdown();

  if (isProduction()) return;
  const { created } = await seedDemo();
  const lines = DEMO_USERS.map((u) => `  ${u.role.padEnd(8)} ${u.email}`).join('\n');
  console.log(
    `\n[dealershipai] ${created ? 'Seeded' : 'Using'} the demo dealer group. Sign in at ${env().APP_URL}/sign-in with password ${demoPassword()}:\n${lines}\n`,
  );
}
