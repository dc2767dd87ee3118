'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/components/api';
import { Alert, Button, cn, type ButtonVariant } from '@/components/ui';

type Generated = { reportId: string; status: string; dealershipId: string; created: boolean };

/**
 * Starts a scan of one dealership and opens its report, where progress is shown live. A scan
 * that is already queued or running is joined rather than started twice (the API returns it).
 */
export function ScanButton({
  dealershipId,
  dealershipName,
  label = 'Scan now',
  variant = 'primary',
  align = 'start',
  className,
}: {
  dealershipId: string;
  /** Added to the accessible name when several scan buttons share a page. */
  dealershipName?: string;
  label?: string;
  variant?: ButtonVariant;
  /** Where the button (and its error message) sit in a column layout. */
  align?: 'start' | 'center';
  className?: string;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start() {
    setPending(true);
    setError(null);
    const res = await api<Generated>('/api/reports/generate', { method: 'POST', body: { dealershipId } });
    if (!res.ok) {
      setPending(false);
      setError(res.status === 404 ? 'This dealership no longer exists.' : res.detail);
      return;
    }
    router.push(`/reports/${res.data.reportId}`);
  }

  return (
    <div className={cn('flex flex-col gap-2', align === 'center' ? 'items-center' : 'items-start', className)}>
      <Button variant={variant} pending={pending} pendingLabel="Starting scan…" onClick={start}>
        {label}
        {dealershipName ? <span className="sr-only"> for {dealershipName}</span> : null}
      </Button>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </div>
  );
}
