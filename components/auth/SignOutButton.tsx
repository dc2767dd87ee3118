'use client';

import { useState } from 'react';
import { api } from '@/components/api';
import { Button, type ButtonVariant } from '@/components/ui';
import { loadFresh } from '@/components/navigation';

/** The part of clerk-js (components/auth/ClerkScript.tsx) sign-out uses. */
declare global {
  interface Window {
    Clerk?: { loaded?: boolean; signOut(options?: { redirectUrl?: string }): Promise<unknown> };
  }
}

/**
 * `clerk` comes from the server (src/auth/clerk/urls.ts clerkSignOut): set in Clerk mode, where
 * our sign-out endpoint is off and clerk-js ends the session (and clears `__session`); if clerk-js
 * has not loaded, Clerk's hosted sign-in page is the way out.
 */
export function SignOutButton({ redirectTo = '/sign-in', label = 'Sign out', variant = 'secondary', className, clerk = null }: { redirectTo?: string; label?: string; variant?: ButtonVariant; className?: string; clerk?: { signInUrl: string } | null }) {
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);

  async function signOut() {
    setPending(true);
    setFailed(false);
    if (clerk) {
      const loaded = window.Clerk?.loaded ? window.Clerk : null;
      if (!loaded) return loadFresh(clerk.signInUrl);
      // clerk-js ends the session at Clerk, clears __session and then loads the redirect URL.
      const ok = await loaded.signOut({ redirectUrl: '/' }).then(() => true, () => false);
      if (ok) return;
      setPending(false);
      setFailed(true);
      return;
    }
    const res = await api('/api/auth/sign-out', { method: 'POST', body: {} });
    if (res.ok) {
      loadFresh(redirectTo);
      return;
    }
    setPending(false);
    setFailed(true);
  }

  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button variant={variant} className={className} pending={pending} pendingLabel="Signing out…" onClick={signOut}>
        {label}
      </Button>
      {failed ? (
        <span role="alert" className="text-xs font-medium text-red-700">
          Sign-out failed. Try again.
        </span>
      ) : null}
    </span>
  );
}
