import { Alert } from '@/components/ui';
import { VerifyEmailButton } from './VerifyEmailButton';

/** Why a verification link did not work (Better Auth's `error` on its redirect to /profile). */
const LINK_ERRORS: Record<string, string> = {
  TOKEN_EXPIRED: 'That verification link has expired.',
  INVALID_TOKEN: 'That verification link is not valid: it may be incomplete, or from an older email.',
  INVALID_USER: 'That verification link belongs to another account. Sign out, then open it again.',
  USER_NOT_FOUND: 'That verification link belongs to an account that no longer exists.',
};

/** For an unverified built-in account (src/auth/verify-email.ts): what the link is for, and a new one. */
export function VerifyEmailNotice({ email, linkError }: { email: string; linkError?: string | string[] }) {
  const error =
    typeof linkError === 'string' ? (LINK_ERRORS[linkError] ?? 'That verification link did not work.') : null;
  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <p className="text-sm text-slate-700">
        We email a link to {email} when you sign up: opening it confirms that the address is yours. You can
        use DealershipAI in the meantime. If you cannot find the email, ask for a new one.
      </p>
      <VerifyEmailButton email={email} />
    </div>
  );
}
