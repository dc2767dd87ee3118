import { and, eq } from 'drizzle-orm';
import { accounts } from '@/src/db/schema';
import { withSystem } from '@/src/db/scope';
import { auth } from '@/src/auth/auth';
import { recordSignInFailure, recordSignInSuccess, signInBlockedFor } from '@/src/auth/throttle';
import { Problem, problems } from '@/src/access/problem';

export const wrongPassword = () =>
  new Problem(403, 'invalid_password', 'The password is not correct.', {
    errors: [{ path: 'password', message: 'The password is not correct.' }],
  });

/**
 * Re-authentication before an irreversible action: the caller's own password, checked against
 * their credential account with better-auth's own hasher. Failures count against the same
 * per-account and per-IP limits as failed sign-ins, so this is no side door for guessing.
 *
 * Runs outside any transaction (the hash is read in a short system transaction of its own, and
 * scrypt runs after it has ended): call it before opening the transaction that acts.
 */
export async function verifyOwnPassword(user: { userId: string; email: string }, password: string, ip: string | null | undefined): Promise<void> {
  const client = ip ?? 'unknown';
  const wait = await signInBlockedFor(user.email, client);
  if (wait > 0) throw problems.tooManyRequests(wait, 'Too many wrong passwords. Try again later.');
  const hash = await withSystem('re-authenticate: read the credential hash', async (tx) => {
    const [row] = await tx
      .select({ password: accounts.password })
      .from(accounts)
      .where(and(eq(accounts.userId, user.userId), eq(accounts.providerId, 'credential')));
    return row?.password ?? null;
  });
  const ctx = await (await auth()).$context;
  // Without a password on file, still spend the hashing time: the answer takes as long either way.
  const ok = hash ? await ctx.password.verify({ hash, password }) : (await ctx.password.hash(password), false);
  if (!ok) {
    await recordSignInFailure(user.email, client);
    throw wrongPassword();
  }
  await recordSignInSuccess(user.email);
}
