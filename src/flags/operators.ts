/**
 * Operators: DealershipAI staff who manage flags for every tenant. An account is an operator
 * when its email is listed in OPERATOR_EMAILS (comma-separated, case-insensitive) and verified:
 * an unverified account may hold an address it does not own (src/auth/verify-email.ts).
 *
 * Read from process.env on every check (a short string split), so tests and a restarted
 * instance see a change at once. Moves to src/config/env.ts as `OPERATOR_EMAILS` later; this
 * accessor is then the only place to change.
 */
import { Problem } from '@/src/access/problem';

export function operatorEmails(raw: string | undefined = process.env.OPERATOR_EMAILS): Set<string> {
  return new Set(
    (raw ?? '')
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  );
}

type Account = { email: string; emailVerified: boolean };

export const isOperator = (user: Account | null | undefined): boolean =>
  user?.emailVerified === true && Boolean(user.email) && operatorEmails().has(user.email.trim().toLowerCase());

/** For API handlers: a signed-in user who is not an operator (tenant owners and admins included) gets a 403. */
export function assertOperator(user: Account | null | undefined): void {
  if (!isOperator(user)) throw new Problem(403, 'forbidden', 'Only DealershipAI operators can manage feature flags.');
}
