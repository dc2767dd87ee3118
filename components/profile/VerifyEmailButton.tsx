'use client';

import { useState } from 'react';
import { api } from '@/components/api';
import { Alert, Button } from '@/components/ui';

/** Asks for a new verification link (built-in auth; src/auth/verify-email.ts). */
export function VerifyEmailButton({ email }: { email: string }) {
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function send() {
    setPending(true);
    setMessage(null);
    const res = await api('/api/auth/send-verification-email', { method: 'POST', body: { email } });
    setPending(false);
    setMessage(
      res.ok
        ? { tone: 'success', text: `A link is on its way to ${email}; it can take a minute, and it works for an hour. If one was already sent this hour, that link still works and no second one is sent.` }
        : { tone: 'error', text: res.detail },
    );
  }

  return (
    <div className="space-y-3">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <Button variant="secondary" pending={pending} pendingLabel="Sending…" onClick={send}>
        Email me a new link
      </Button>
    </div>
  );
}
