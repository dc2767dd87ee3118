'use client';

import { useState } from 'react';
import { Alert, Button, type ButtonVariant } from '@/components/ui';
import { newIdempotencyKey, postAndRedirect, type RedirectFailure } from './redirect';
import type { BillingInterval, PlanKey } from './types';

function Failure({ failure }: { failure: RedirectFailure }) {
  const title =
    failure.code === 'billing_not_configured'
      ? 'Billing is not available'
      : failure.code === 'no_billing_account'
        ? 'No payment method yet'
        : 'That did not work';
  return (
    <Alert tone={failure.code === 'billing_not_configured' || failure.code === 'no_billing_account' ? 'warning' : 'error'} title={title} className="mt-3 text-left">
      {failure.detail}
    </Alert>
  );
}

type CheckoutButtonProps = {
  plan: Exclude<PlanKey, 'free'>;
  interval: BillingInterval;
  children: React.ReactNode;
  variant?: ButtonVariant;
  className?: string;
  /** Extra description (e.g. the price) read with the button. */
  describedBy?: string;
};

/** Starts a Stripe Checkout for a plan and interval (owners only; the API checks too). */
export function CheckoutButton({ plan, interval, children, variant = 'primary', className, describedBy }: CheckoutButtonProps) {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<RedirectFailure | null>(null);

  async function start() {
    setPending(true);
    setFailure(null);
    const result = await postAndRedirect('/api/stripe/create-checkout', { plan, interval }, { idempotencyKey: newIdempotencyKey() });
    // On success the browser is leaving for Stripe: stay busy until it does.
    if (result) {
      setFailure(result);
      setPending(false);
    }
  }

  return (
    <div>
      <Button variant={variant} className={className} pending={pending} pendingLabel="Opening checkout…" aria-describedby={describedBy} onClick={start}>
        {children}
      </Button>
      {failure ? <Failure failure={failure} /> : null}
    </div>
  );
}

type PortalButtonProps = { children: React.ReactNode; variant?: ButtonVariant; className?: string; describedBy?: string };

/** Opens the Stripe customer portal: payment method, invoices, plan changes, cancellation. */
export function PortalButton({ children, variant = 'secondary', className, describedBy }: PortalButtonProps) {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<RedirectFailure | null>(null);

  async function open() {
    setPending(true);
    setFailure(null);
    const result = await postAndRedirect('/api/stripe/portal', {});
    if (result) {
      setFailure(result);
      setPending(false);
    }
  }

  return (
    <div>
      <Button variant={variant} className={className} pending={pending} pendingLabel="Opening billing portal…" aria-describedby={describedBy} onClick={open}>
        {children}
      </Button>
      {failure ? <Failure failure={failure} /> : null}
    </div>
  );
}
