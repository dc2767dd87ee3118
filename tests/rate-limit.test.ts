import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { createTestDatabase } from './support/db';
import { call } from './support/app';
import * as authRoute from '@/app/api/auth/[...all]/route';
import * as webhook from '@/app/api/stripe/webhook/route';
import { consume, POLICIES, rateLimitReady, rateLimitStore, resetRateLimits } from '@/src/access/rate-limit';
import { Problem } from '@/src/access/problem';
import { resetEnvCache } from '@/src/config/env';
import type { Database } from '@/src/db';

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await resetRateLimits();
  await db.close();
});
afterEach(async () => {
  delete process.env.REDIS_URL;
  resetEnvCache();
  await resetRateLimits();
});

async function exhaust(policy: 'auth', key: string): Promise<Problem> {
  for (let i = 0; i < POLICIES[policy].points; i++) await consume(policy, key);
  return consume(policy, key).then(
    () => {
      throw new Error('not limited');
    },
    (e: Problem) => e,
  );
}

describe('rate limits (in memory, no Redis configured)', () => {
  it('answers 429 with Retry-After and RateLimit headers once a policy is spent', async () => {
    const problem = await exhaust('auth', `ip-${Math.random()}`);
    expect(problem.status).toBe(429);
    expect(Number(problem.extra.headers!['Retry-After'])).toBeGreaterThan(0);
    expect(problem.extra.headers!['RateLimit-Policy']).toBe(`"auth";q=${POLICIES.auth.points};w=${POLICIES.auth.duration}`);
    expect(problem.extra.headers!.RateLimit).toMatch(/^"auth";r=0;t=\d+$/);
  });

  it('limits the auth endpoints per client IP through the gate; webhooks are exempt', async () => {
    const ip = '203.0.113.99';
    const statuses: number[] = [];
    for (let i = 0; i <= POLICIES.auth.points; i++) {
      const res = await call(authRoute.GET, { path: '/api/auth/ok', params: { all: 'ok' }, headers: { 'x-forwarded-for': ip } });
      statuses.push(res.status);
      if (i === 0) expect(res.headers.get('ratelimit-policy')).toContain('"auth"');
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 200).length).toBe(POLICIES.auth.points);
    for (let i = 0; i < POLICIES.anonymous.points + 5; i++) {
      const res = await call(webhook.POST, { method: 'POST', path: '/api/stripe/webhook', rawBody: '{}', headers: { 'x-forwarded-for': ip } });
      expect(res.status).not.toBe(429);
    }
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const client = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return child;
    } catch {
      client.disconnect();
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('redis-server did not start');
}

// Real Redis is a service: CI (and `npm run test:pg`) provides TEST_REDIS_URL and redis-server;
// a plain `npm test` on a machine without them runs the in-memory cases above only.
describe.skipIf(!process.env.TEST_REDIS_URL)('rate limits on real Redis', () => {
  it('two app instances share one count', async () => {
    process.env.REDIS_URL = process.env.TEST_REDIS_URL;
    resetEnvCache();
    expect(await rateLimitReady()).toBe(true);
    const key = `shared-${Math.random()}`;
    // Instance A is this process's limiter; instance B has its own connection and limiter.
    const other = new Redis(process.env.TEST_REDIS_URL!);
    const instanceB = new RateLimiterRedis({ storeClient: other, keyPrefix: 'rl:auth', ...POLICIES.auth });
    const half = POLICIES.auth.points / 2;
    for (let i = 0; i < half; i++) await consume('auth', key);
    for (let i = 0; i < POLICIES.auth.points - half; i++) await instanceB.consume(key);
    await expect(consume('auth', key)).rejects.toMatchObject({ status: 429 });
    await expect(instanceB.consume(key)).rejects.toMatchObject({ remainingPoints: 0 });
    expect(rateLimitStore()).toBe('redis');
    other.disconnect();
  });

  it('keeps serving when Redis dies mid-test, falling back to per-instance memory', async () => {
    const port = await freePort();
    const redis = await startRedis(port);
    process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
    resetEnvCache();
    expect(await rateLimitReady()).toBe(true);
    const key = `dying-${Math.random()}`;
    await consume('auth', key);
    expect(rateLimitStore()).toBe('redis');
    redis.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    // No errors: requests keep flowing under the in-memory insurance limiter.
    for (let i = 0; i < 5; i++) await expect(consume('auth', key)).resolves.toBeDefined();
    expect(rateLimitStore()).toBe('redis-down');
    const limited = await exhaust('auth', `after-${Math.random()}`);
    expect(limited.status).toBe(429);
  });

  it('a spent window resets', async () => {
    const client = new Redis(process.env.TEST_REDIS_URL!);
    const shortWindow = new RateLimiterRedis({ storeClient: client, keyPrefix: 'rl:test-window', points: 2, duration: 1 });
    const key = `window-${Math.random()}`;
    await shortWindow.consume(key);
    await shortWindow.consume(key);
    await expect(shortWindow.consume(key)).rejects.toMatchObject({ remainingPoints: 0 });
    await new Promise((r) => setTimeout(r, 1100));
    await expect(shortWindow.consume(key)).resolves.toMatchObject({ remainingPoints: 1 });
    client.disconnect();
  });
});
