'use client';

import { useState } from 'react';
import { api, type FieldErrors } from '@/components/api';
import { loadFresh } from '@/components/navigation';
import { ConfirmDialog, Field } from '@/components/ui';

/** Deletes the signed-in person's own account after their password; the server refuses a last owner. */
export function DeleteAccount({ email }: { email: string }) {
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  async function remove(): Promise<string | null> {
    if (!password) {
      setErrors({ password: 'Enter your password.' });
      return 'Enter your password above first.';
    }
    const res = await api('/api/user/profile', { method: 'DELETE', body: { password } });
    if (!res.ok) {
      setErrors(res.fieldErrors);
      return res.detail;
    }
    loadFresh('/');
    return null;
  }

  return (
    <div className="space-y-4">
      <Field
        label="Your password"
        name="accountPassword"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
      />
      <ConfirmDialog
        triggerLabel="Delete my account…"
        title="Delete your account?"
        description={
          <p>
            Your account ({email}) is deleted now and you are removed from every dealer group. This cannot be undone. The dealer groups and their data
            stay.
          </p>
        }
        confirmLabel="Delete my account"
        pendingLabel="Deleting…"
        onConfirm={remove}
      />
    </div>
  );
}
