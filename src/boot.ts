import { assertProductionReady, demoSitePort, env, isProduction } from '@/src/config/env';
import { database } from '@/src/db/client';
import { logger } from '@/src/observability/logger';
import { DEMO_USERS, demoPassword, seedDemo } from '@/src/seed/demo';
import { startDemoSite } from '@/src/scans';
import { startWorkers } from '@/src/jobs/workers';

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

  if (isProduction()) return;
  const { created } = await seedDemo();
  const lines = DEMO_USERS.map((u) => `  ${u.role.padEnd(8)} ${u.email}`).join('\n');
  console.log(
    `\n[dealershipai] ${created ? 'Seeded' : 'Using'} the demo dealer group. Sign in at ${env().APP_URL}/sign-in with password ${demoPassword()}:\n${lines}\n`,
  );
}
