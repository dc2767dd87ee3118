import { PLATFORM_TENANT_ID } from '@/src/audit';
import { withSystem } from '@/src/db/scope';
import { sendEmail } from '@/src/email';

/**
 * Email verification for built-in accounts (Clerk verifies addresses itself). Sign-up sends the
 * link and the profile page can send it again. What depends on it: operator powers
 * (src/flags/operators.ts). Without it, anyone could sign up with an address listed in
 * OPERATOR_EMAILS before its owner did.
 */

/** How long a link works (Better Auth's `emailVerification.expiresIn`). */
export const VERIFY_EMAIL_TTL_SECONDS = 60 * 60;

/** Where the link lands: the profile page shows the address's state and any error. */
const VERIFIED_LANDING = '/profile';

/**
 * Queues the message in the outbox. At most one per account per clock hour (the dedupe key), so
 * the public "send it again" endpoint cannot flood an inbox; a link from earlier in the hour
 * still works. Delivered by the email worker's minute sweep, like invitations.
 */
export async function queueVerificationEmail(user: { id: string; email: string; name: string }, url: string, now = new Date()): Promise<void> {
  const link = new URL(url);
  link.searchParams.set('callbackURL', VERIFIED_LANDING);
  const hour = Math.floor(now.getTime() / 3_600_000);
  await withSystem('email: confirm an address', (tx) =>
    sendEmail(tx, {
      tenantId: PLATFORM_TENANT_ID,
      to: user.email,
      template: 'verify_email',
      data: { name: user.name, verifyUrl: link.href, expiresAt: new Date(now.getTime() + VERIFY_EMAIL_TTL_SECONDS * 1000) },
      dedupeKey: `verify_email:${user.id}:${hour}`,
    }),
  );
}
