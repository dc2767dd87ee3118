import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** One request line from a fresh process with this NODE_ENV (the logger reads it once, at import). */
function logLine(env: Record<string, string>): string {
  const script = "import('./src/observability/logger.ts').then(({ logger }) => logger.info({ requestId: 'req-12345678', status: 200 }, 'request'))";
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    env: { ...process.env, LOG_LEVEL: 'info', FORCE_COLOR: '0', ...env },
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim();
}

describe('request logs', () => {
  it('are JSON lines in production, with the request id', () => {
    const record = JSON.parse(logLine({ NODE_ENV: 'production' }));
    expect(record).toMatchObject({ msg: 'request', requestId: 'req-12345678', status: 200, service: 'dealershipai' });
  });

  it('are readable in development, and JSON again with LOG_FORMAT=json', () => {
    const line = logLine({ NODE_ENV: 'development' });
    expect(() => JSON.parse(line)).toThrow();
    expect(line).toMatch(/INFO.*request.*req-12345678/);
    expect(JSON.parse(logLine({ NODE_ENV: 'development', LOG_FORMAT: 'json' })).requestId).toBe('req-12345678');
  });
});
