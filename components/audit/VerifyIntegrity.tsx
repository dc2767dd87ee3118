'use client';

import { useState } from 'react';
import { api } from '@/components/api';
import { Button, cn } from '@/components/ui';
import { formatNumber, plural } from '@/components/reports/format';

type Result = { ok: true; checked: number } | { ok: false; checked: number; firstBroken: { seq: number; reason: string } };
type State = { kind: 'idle' } | { kind: 'ok'; checked: number } | { kind: 'broken'; checked: number; seq: number; reason: string } | { kind: 'error'; detail: string };

/** Recomputes the hash chain on the server and says, in a polite live region, whether it holds. */
export function VerifyIntegrity() {
  const [pending, setPending] = useState(false);
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function verify() {
    setPending(true);
    setState({ kind: 'idle' });
    const res = await api<Result>('/api/settings/audit/verify');
    setPending(false);
    if (!res.ok) return setState({ kind: 'error', detail: res.detail });
    const r = res.data;
    setState(r.ok ? { kind: 'ok', checked: r.checked } : { kind: 'broken', checked: r.checked, seq: r.firstBroken.seq, reason: r.firstBroken.reason });
  }

  const tone =
    state.kind === 'ok'
      ? 'border-green-300 bg-green-50 text-green-900'
      : state.kind === 'broken' || state.kind === 'error'
        ? 'border-red-300 bg-red-50 text-red-900'
        : 'border-transparent';

  return (
    <div className="space-y-3">
      <Button variant="secondary" pending={pending} pendingLabel="Verifying…" onClick={verify}>
        Verify integrity
      </Button>
      <div role="status" aria-live="polite" className={cn('rounded-md border text-sm', state.kind !== 'idle' && 'px-4 py-3', tone)} data-testid="verify-result">
        {state.kind === 'ok' ? (
          <p>
            <strong>Integrity verified.</strong> All {plural(state.checked, 'entry', 'entries')} are intact: none was changed, removed or reordered.
          </p>
        ) : state.kind === 'broken' ? (
          <p>
            <strong>The trail has been tampered with.</strong> The first broken entry is #{formatNumber(state.seq)}: {state.reason}. {plural(state.checked, 'entry', 'entries')} checked.
          </p>
        ) : state.kind === 'error' ? (
          <p>
            <strong>Could not verify.</strong> {state.detail}
          </p>
        ) : null}
      </div>
    </div>
  );
}
