import { assertProductionReady, env, isProduction } from '@/src/config/env';
import { database } from '@/src/db/client';
import { logger } from '@/src/observability/logger';
import { DEMO_USERS, demoPassword, seedDemo } from '@/src/seed/demo';

/** Runs once per server process (instrumentation.ts). */
export async function boot(): Promise<void> {
  assertProductionReady();
  const db = await database();
  logger.info({ database: db.kind }, 'database ready');
  if (isProduction()) return;
  const { created } = await seedDemo();
  const lines = DEMO_USERS.map((u) => `  ${u.role.padEnd(8)} ${u.email}`).join('\n');
  console.log(
    `\n[dealershipai] ${created ? 'Seeded' : 'Using'} the demo dealer group. Sign in at ${env().APP_URL}/sign-in with password ${demoPassword()}:\n${lines}\n`,
  );
}
