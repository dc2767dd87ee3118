'use client';

import { useState, type FormEvent } from 'react';
import { api } from '@/components/api';
import { Button, Select } from '@/components/ui';
import { loadFresh } from '@/components/navigation';

type Tenant = { id: string; name: string; role: string };

/** Shown only to people in more than one dealer group. Switching is explicit (a button), never on change. */
export function TenantSwitcher({ tenants, activeId }: { tenants: Tenant[]; activeId: string }) {
  const [selected, setSelected] = useState(activeId);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || selected === activeId) return;
    setPending(true);
    setError(null);
    const res = await api('/api/tenants/active', { method: 'POST', body: { tenantId: selected } });
    if (res.ok) {
      // The whole shell and every page depend on the active tenant: start from its dashboard.
      loadFresh('/dashboard');
      return;
    }
    setPending(false);
    setError(res.detail);
  }

  return (
    <form method="post" onSubmit={onSubmit} className="flex flex-wrap items-end gap-2">
      <Select
        label="Dealer group"
        name="tenantId"
        value={selected}
        onChange={(e) => setSelected(e.target.value)}
        error={error}
        wrapperClassName="min-w-0 max-w-56"
        className="py-1.5"
      >
        {tenants.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({t.role})
          </option>
        ))}
      </Select>
      <Button type="submit" variant="secondary" pending={pending} pendingLabel="Switching…" className="min-h-9 py-1.5">
        Switch
      </Button>
    </form>
  );
}
