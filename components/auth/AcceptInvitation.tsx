'use client';

import { useState } from 'react';
import { api } from '@/components/api';
import { Alert, Button } from '@/components/ui';
import { loadFresh } from '@/components/navigation';

export function AcceptInvitation({ invitationId, token, tenantName }: { invitationId: string; token: string; tenantName: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function accept() {
    setPending(true);
    setError(null);
    const res = await api(`/api/invitations/${invitationId}/accept`, { method: 'POST', body: { token } });
    if (res.ok) {
      loadFresh('/dashboard');
      return;
    }
    setPending(false);
    setError(res.status === 404 ? 'This invitation link is not valid any more. Ask for a new one.' : res.detail);
  }

  return (
    <div className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button className="w-full" pending={pending} pendingLabel="Joining…" onClick={accept}>
        Accept and join {tenantName}
      </Button>
    </div>
  );
}
