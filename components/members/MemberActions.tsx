'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '@/components/api';
import { Alert, Button, ConfirmDialog, Select } from '@/components/ui';
import { loadFresh } from '@/components/navigation';

type RoleOption = { value: string; label: string };

type Props = {
  userId: string;
  name: string;
  role: string;
  isSelf: boolean;
  roles: RoleOption[];
  canChangeRole: boolean;
  canRemove: boolean;
};

export function MemberActions({ userId, name, role, isSelf, roles, canChangeRole, canRemove }: Props) {
  const router = useRouter();
  const [selected, setSelected] = useState(role);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const who = isSelf ? 'yourself' : name;

  async function changeRole(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    if (selected === role) {
      setMessage({ tone: 'error', text: `Choose a different role for ${who} first.` });
      return;
    }
    setPending(true);
    setMessage(null);
    const res = await api(`/api/members/${userId}`, { method: 'PATCH', body: { role: selected } });
    setPending(false);
    if (!res.ok) {
      setMessage({ tone: 'error', text: res.detail });
      return;
    }
    setMessage({ tone: 'success', text: 'Role updated.' });
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-2 sm:items-end">
      <div className="flex flex-wrap items-end gap-2">
        {canChangeRole ? (
          <form method="post" onSubmit={changeRole} className="flex flex-wrap items-end gap-2">
            <Select label={`Role for ${who}`} hideLabel name="role" value={selected} onChange={(e) => setSelected(e.target.value)} className="py-1.5">
              {roles.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </Select>
            <Button type="submit" variant="secondary" pending={pending} pendingLabel="Saving…" className="min-h-9 py-1.5">
              Change role<span className="sr-only"> for {who}</span>
            </Button>
          </form>
        ) : null}
        {canRemove ? (
          <ConfirmDialog
            triggerLabel={
              <>
                Remove<span className="sr-only"> {who}</span>
              </>
            }
            triggerVariant="secondary"
            triggerClassName="min-h-9 py-1.5"
            title={isSelf ? 'Leave this dealer group?' : `Remove ${name}?`}
            description={
              isSelf
                ? 'You will lose access to this dealer group until someone invites you again.'
                : `${name} will lose access to this dealer group. You can invite them again later.`
            }
            confirmLabel={isSelf ? 'Leave' : 'Remove member'}
            pendingLabel="Removing…"
            onConfirm={async () => {
              const res = await api(`/api/members/${userId}`, { method: 'DELETE' });
              if (!res.ok) return res.detail;
              if (isSelf) {
                loadFresh('/dashboard');
                return;
              }
              router.refresh();
            }}
          />
        ) : null}
      </div>
      {message ? (
        <Alert tone={message.tone} className="py-2">
          {message.text}
        </Alert>
      ) : null}
    </div>
  );
}
