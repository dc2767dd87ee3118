import { Alert } from '@/components/ui';
import type { Subscription } from '@/src/billing/account';
import { daysUntil, formatBillingDate, plural } from './format';

const days = (n: number) => plural(n, 'day');

/** The one banner that explains the subscription's state, if it needs explaining. */
/** `now` (milliseconds) is for tests; the page leaves it out and the current time is used. */
export function StatusBanner({ s, isOwner, now }: { s: Subscription; isOwner: boolean; now?: number }) {
  const fix = isOwner ? 'Update the payment method below.' : 'Ask an owner of the dealer group to update the payment method.';
  if (s.status === 'past_due' && s.readOnly) {
    return (
      <Alert tone="error" live={false} title="Payment overdue: your dealer group is read-only">
        <p>
          A payment failed and the grace period ended{s.gracePeriodEndsAt ? ` on ${formatBillingDate(s.gracePeriodEndsAt)}` : ''}. Everyone can still sign
          in, read and download reports, but nothing can be added or changed (no new scans, dealerships or invitations) until the invoice is paid. {fix}
        </p>
      </Alert>
    );
  }
  if (s.status === 'past_due') {
    const left = s.gracePeriodEndsAt ? daysUntil(s.gracePeriodEndsAt, now) : null;
    return (
      <Alert tone="warning" live={false} title="A payment failed">
        <p>
          {s.gracePeriodEndsAt
            ? `Your grace period ends on ${formatBillingDate(s.gracePeriodEndsAt)} (${days(left!)} left). `
            : 'You are in a short grace period. '}
          After it, the dealer group becomes read-only until the invoice is paid: reports stay readable, but nothing can be added or changed. {fix}
        </p>
      </Alert>
    );
  }
  if (s.status === 'trialing' && s.trialEndsAt) {
    const left = daysUntil(s.trialEndsAt, now);
    return (
      <Alert tone="info" live={false} title={`${s.planName} trial: ${days(left)} left`}>
        <p>
          Your trial ends on {formatBillingDate(s.trialEndsAt)}. The first payment is taken then
          {isOwner ? ', unless you cancel before it in the billing portal.' : ', unless an owner cancels before it.'}
        </p>
      </Alert>
    );
  }
  if (s.status === 'canceled') {
    return (
      <Alert tone="info" live={false} title="Your subscription has ended">
        <p>
          The dealer group is on the {s.planName} plan. Your dealerships, reports and members are kept; the {s.planName} limits apply to anything new.
          {isOwner ? ' Choose a plan below to subscribe again.' : ''}
        </p>
      </Alert>
    );
  }
  return null;
}

