'use client';

import { useRouter } from 'next/navigation';
import { api } from '@/components/api';
import { ConfirmDialog } from '@/components/ui';

export function DeleteDealership({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      triggerLabel="Delete dealership"
      title={`Delete ${name}?`}
      description="This removes the dealership and its details from your dealer group. This cannot be undone."
      confirmLabel="Delete dealership"
      pendingLabel="Deleting…"
      onConfirm={async () => {
        const res = await api(`/api/dealerships/${id}`, { method: 'DELETE' });
        if (!res.ok) return res.status === 404 ? 'This dealership was already deleted.' : res.detail;
        router.push('/dealerships?deleted=1');
        router.refresh();
      }}
    />
  );
}
