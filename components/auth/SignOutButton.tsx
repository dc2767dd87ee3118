'use client';

import { useState } from 'react';
import { api } from '@/components/api';
import { Button, type ButtonVariant } from '@/components/ui';
import { loadFresh } from '@/components/navigation';

export function SignOutButton({ redirectTo = '/sign-in', label = 'Sign out', variant = 'secondary', className }: { redirectTo?: string; label?: string; variant?: ButtonVariant; className?: string }) {
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);

  async function signOut() {
    setPending(true);
    setFailed(false);
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
