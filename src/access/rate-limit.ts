import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { env } from '@/src/config/env';
import { logger } from '@/src/observability/logger';
import { metrics } from '@/src/observability/metrics';
import { Problem } from './problem';

/**
 * Every rate-limit policy, in one place. Windows in seconds. Webhooks are exempt (they are
 * authenticated by signature and must never be refused by us).
 */
export const POLICIES = {
  /** Public endpoints, per client IP. */
  anonymous: { points: 300, duration: 60 },
  /** Sign-up, sign-in and the rest of /api/auth, per client IP. */
  auth: { points: 30, duration: 60 },
  /** Signed-in API calls, per user. */
  user: { points: 600, duration: 60 },
  /** Signed-in API calls, per dealer group. */
  tenant: { points: 2400, duration: 60 },
  /** Starting scans, per dealer group, by plan. */
  scanFree: { points: 5, duration: 600 },
  scanPro: { points: 60, duration: 600 },
  scanEnterprise: { points: 240, duration: 600 },
  /** Failed sign-ins (src/auth/throttle.ts), per account and per IP. */
  signInAccount: { points: 5, duration: 15 * 60, blockDuration: 15 * 60 },
  signInIp: { points: 20, duration: 15 * 60, blockDuration: 15 * 60 },
} as const;
export type PolicyName = keyof typeof POLICIES;

type State = { redis: Redis | null; limiters: Map<PolicyName, RateLimiterAbstract>; redisDown: boolean };
const holder = globalThis as unknown as { __dealershipaiLimits?: State };

function state(): State {
  if (holder.__dealershipaiLimits) return holder.__dealershipaiLimits;
  const url = env().REDIS_URL;
  const s: State = { redis: null, limiters: new Map(), redisDown: false };
  if (url) {
    // Fail fast: a request never waits on a dead Redis; the in-memory insurance takes over.
    const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1000, commandTimeout: 500, lazyConnect: false });
    redis.on('error', (err) => {
      if (!s.redisDown) logger.warn({ err: String(err) }, 'rate limiter: Redis unreachable, using in-memory limits');
      s.redisDown = true;
    });
    redis.on('ready', () => {
      if (s.redisDown) logger.info('rate limiter: Redis back');
      s.redisDown = false;
    });
    s.redis = redis;
  }
  holder.__dealershipaiLimits = s;
  return s;
}

export function limiter(name: PolicyName): RateLimiterAbstract {
  const s = state();
  let l = s.limiters.get(name);
  if (!l) {
    const options = { keyPrefix: `rl:${name}`, ...POLICIES[name] };
    const memory = new RateLimiterMemory(options);
    l = s.redis ? new RateLimiterRedis({ ...options, storeClient: s.redis, insuranceLimiter: memory }) : memory;
    s.limiters.set(name, l);
  }
  return l;
}

/** For health: 'none' without REDIS_URL, else whether Redis answers. */
export function rateLimitStore(): 'none' | 'redis' | 'redis-down' {
  const s = state();
  return !s.redis ? 'none' : s.redisDown || s.redis.status !== 'ready' ? 'redis-down' : 'redis';
}

export type RateHeaders = Record<string, string>;

function headers(name: PolicyName, res: RateLimiterRes): RateHeaders {
  const p = POLICIES[name];
  const reset = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return {
    'RateLimit-Policy': `"${name}";q=${p.points};w=${p.duration}`,
    RateLimit: `"${name}";r=${Math.max(0, res.remainingPoints)};t=${reset}`,
  };
}

/** Takes one point for `key` under a policy: returns the headers to send, or throws a 429 Problem. */
export async function consume(name: PolicyName, key: string): Promise<RateHeaders> {
  try {
    return headers(name, await limiter(name).consume(key));
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      metrics().rateLimited.inc({ policy: name });
      const h = headers(name, rejection);
      const retry = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new Problem(429, 'rate_limited', 'Too many requests. Try again later.', { headers: { ...h, 'Retry-After': String(retry) } });
    }
    // A limiter that cannot decide never blocks the request.
    logger.warn({ err: String(rejection), policy: name }, 'rate limiter error');
    return {};
  }
}

/** Resolves once the shared store is connected (or at once without REDIS_URL); false on timeout. */
export async function rateLimitReady(timeoutMs = 2000): Promise<boolean> {
  const { redis } = state();
  if (!redis || redis.status === 'ready') return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Tests: forget every counter and connection. */
export async function resetRateLimits(): Promise<void> {
  const s = holder.__dealershipaiLimits;
  holder.__dealershipaiLimits = undefined;
  s?.redis?.disconnect();
}
