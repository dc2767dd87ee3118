/**
 * Runs a command with TEST_DATABASE_URL (and TEST_REDIS_URL) pointing at the machine's
 * services, so the integration suites run against real PostgreSQL. Each test file creates
 * and drops its own database, so nothing here needs cleaning up.
 *   npm run test:pg            # vitest run against 127.0.0.1:5432
 */
import { spawnSync } from 'node:child_process';

const env = {
  ...process.env,
  TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  TEST_REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
};
const [cmd, ...args] = process.argv.slice(2);
if (!cmd) throw new Error('usage: tsx scripts/with-test-db.ts <command> [args...]');
const result = spawnSync(cmd, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
