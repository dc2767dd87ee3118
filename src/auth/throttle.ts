import { createHash } from 'node:crypto';
import { limiter, POLICIES } from '@/src/access/rate-limit';

/**
 * Failed sign-ins, counted per account and per client IP in the shared rate-limit store (Redis
 * when configured, so every instance sees the same counts). Only failures consume points; a
 * successful sign-in clears the account's counter.
 */
const account = () => limiter('signInAccount');
const byIp = () => limiter('signInIp');

// Emails are hashed so the limiter store never holds personal data.
const accountKey = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/** Seconds until sign-in may be tried again, or 0 when it may be tried now. */
export async function signInBlockedFor(email: string, ip: string): Promise<number> {
  const [a, i] = await Promise.all([account().get(accountKey(email)), byIp().get(ip)]).catch(() => [null, null] as const);
  const blocked = [
    a && a.consumedPoints >= POLICIES.signInAccount.points ? a.msBeforeNext : 0,
    i && i.consumedPoints >= POLICIES.signInIp.points ? i.msBeforeNext : 0,
  ];
  return Math.ceil(Math.max(...blocked) / 1000);
}

export async function recordSignInFailure(email: string, ip: string): Promise<void> {
  await Promise.allSettled([account().consume(accountKey(email)), byIp().consume(ip)]);
}

export async function recordSignInSuccess(email: string): Promise<void> {
  await account().delete(accountKey(email)).catch(() => undefined);
}
