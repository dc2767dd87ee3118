import { createHash } from 'node:crypto';
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Failed sign-ins, counted per account and per client IP. Only failures consume points;
 * a successful sign-in clears the account's counter.
 */
const POLICY = {
  account: { points: 5, duration: 15 * 60, blockDuration: 15 * 60 },
  ip: { points: 20, duration: 15 * 60, blockDuration: 15 * 60 },
};

let limiters: { account: RateLimiterAbstract; ip: RateLimiterAbstract } | undefined;

function get() {
  limiters ??= {
    account: new RateLimiterMemory({ keyPrefix: 'signin-account', ...POLICY.account }),
    ip: new RateLimiterMemory({ keyPrefix: 'signin-ip', ...POLICY.ip }),
  };
  return limiters;
}

// Emails are hashed so the limiter store never holds personal data.
const accountKey = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/** Seconds until sign-in may be tried again, or 0 when it may be tried now. */
export async function signInBlockedFor(email: string, ip: string): Promise<number> {
  const { account, ip: byIp } = get();
  const [a, i] = await Promise.all([account.get(accountKey(email)), byIp.get(ip)]);
  const blocked = [
    a && a.consumedPoints >= POLICY.account.points ? a.msBeforeNext : 0,
    i && i.consumedPoints >= POLICY.ip.points ? i.msBeforeNext : 0,
  ];
  return Math.ceil(Math.max(...blocked) / 1000);
}

export async function recordSignInFailure(email: string, ip: string): Promise<void> {
  const { account, ip: byIp } = get();
  await Promise.allSettled([account.consume(accountKey(email)), byIp.consume(ip)]);
}

export async function recordSignInSuccess(email: string): Promise<void> {
  await get().account.delete(accountKey(email));
}

/** Tests start each case with clean counters. */
export function resetSignInThrottle(): void {
  limiters = undefined;
}
