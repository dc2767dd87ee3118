'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api, type FieldErrors } from '@/components/api';
import { ConfirmDialog, Field } from '@/components/ui';

/**
 * Schedules the deletion of the dealer group: the owner types its name and their password on the
 * page, then confirms in a dialog that says when the data goes and that it can be canceled.
 */
export function DeleteTenant({ tenantName, graceDays }: { tenantName: string; graceDays: number }) {
  const router = useRouter();
  const [confirmName, setConfirmName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  async function schedule(): Promise<string | null> {
    const missing: FieldErrors = {};
    if (confirmName.trim() !== tenantName.trim()) missing.confirmName = `Type ${tenantName} exactly as shown.`;
    if (!password) missing.password = 'Enter your password.';
    setErrors(missing);
    if (Object.keys(missing).length > 0) return 'Fill in both fields above first: the dealer group’s name and your password.';
    const res = await api('/api/tenant/delete', { method: 'DELETE', body: { confirmName, password } });
    if (!res.ok) {
      setErrors(res.fieldErrors);
      return res.detail;
    }
    setPassword('');
    router.refresh();
    return null;
  }

  return (
    <div className="space-y-4">
      <Field
        label={`Type the dealer group’s name: ${tenantName}`}
        name="confirmName"
        autoComplete="off"
        spellCheck={false}
        value={confirmName}
        onChange={(e) => setConfirmName(e.target.value)}
        error={errors.confirmName}
      />
      <Field
        label="Your password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
      />
      <ConfirmDialog
        triggerLabel="Delete dealer group…"
        title={`Delete ${tenantName}?`}
        description={
          <>
            <p>
              Everything {tenantName} has stored will be deleted <strong>{graceDays} days from now</strong>: dealerships, reports, members, billing
              records and the audit trail. The subscription is canceled then.
            </p>
            <p className="mt-2">Every owner is emailed now and again 24 hours before. Until then any owner can cancel on this page.</p>
          </>
        }
        confirmLabel="Schedule deletion"
        pendingLabel="Scheduling…"
        onConfirm={schedule}
      />
    </div>
  );
}
