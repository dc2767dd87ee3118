'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/components/api';
import { Button } from '@/components/ui';

/** Cancels a scheduled deletion: safe and reversible, so no confirmation step. */
export function CancelDeletion() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function cancel() {
    setPending(true);
    setError(null);
    const res = await api('/api/tenant/delete/cancel', { method: 'POST' });
    setPending(false);
    if (!res.ok) return setError(res.detail);
    router.refresh();
  }

  return (
    <div className="mt-3 space-y-2">
      <Button variant="secondary" pending={pending} pendingLabel="Canceling…" onClick={cancel}>
        Cancel the deletion
      </Button>
      {error ? (
        <p role="alert" className="text-sm font-medium text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}
