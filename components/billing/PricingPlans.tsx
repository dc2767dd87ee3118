import { Alert, LinkButton, cn } from '@/components/ui';
import { CheckoutButton, PortalButton } from './BillingButtons';
import { formatRetention, formatUsd, plural } from './format';
import type { BillingInterval, PlanView, PlanViewer } from './types';

type Props = {
  plans: PlanView[];
  viewer: PlanViewer;
  /** Heading level of each plan's name: h3 under a page's h2 section, h2 directly under an h1. */
  level?: 2 | 3;
  /** The interval shown first; an owner on an annual plan starts on "Annual". */
  initialInterval?: BillingInterval;
};

/**
 * The billing-period switch: two native radio buttons. Which prices show is decided by CSS
 * (`.pricing-plans` in app/globals.css), so the switch works before, and without, any JavaScript
 * and the plan cards ship none.
 */
function IntervalToggle({
  name,
  initial,
  bestSaving,
}: {
  name: string;
  initial: BillingInterval;
  bestSaving: number;
}) {
  const options: { value: BillingInterval; label: string; note?: string }[] = [
    { value: 'month', label: 'Monthly' },
    { value: 'year', label: 'Annual', note: bestSaving > 0 ? `save up to ${bestSaving}%` : undefined },
  ];
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium text-slate-900">Billing period</legend>
      <div className="inline-flex flex-wrap rounded-lg border border-slate-500 bg-white p-1">
        {options.map((o) => (
          <label
            key={o.value}
            className={cn(
              'group relative inline-flex min-h-10 cursor-pointer items-center gap-1.5 rounded-md px-4 py-2 text-sm font-semibold',
              'has-focus-visible:outline-3 has-focus-visible:outline-offset-2 has-focus-visible:outline-blue-700',
              'text-slate-800 hover:bg-slate-100 has-checked:bg-blue-700 has-checked:text-white has-checked:hover:bg-blue-700',
            )}
          >
            <input
              type="radio"
              name={name}
              value={o.value}
              defaultChecked={initial === o.value}
              data-interval={o.value}
              className="sr-only"
            />
            {o.label}
            {o.note ? (
              <span className="text-xs font-medium text-green-800 group-has-checked:text-blue-50">
                ({o.note})
              </span>
            ) : null}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Content for one billing period; hidden by CSS while the other period is chosen. */
function ForInterval({ interval, children }: { interval: BillingInterval; children: React.ReactNode }) {
  return <div data-show={interval}>{children}</div>;
}

function Feature({ children, included = true }: { children: React.ReactNode; included?: boolean }) {
  return (
    <li className="flex gap-2">
      <svg
        viewBox="0 0 16 16"
        width="16"
        height="16"
        aria-hidden="true"
        focusable="false"
        className={cn('mt-0.5 shrink-0', included ? 'fill-green-700' : 'fill-slate-500')}
      >
        {included ? (
          <path d="M6.2 11.6 2.6 8l1.1-1.1 2.5 2.5 6.1-6.1L13.4 4.4z" />
        ) : (
          <path d="M3 7.25h10v1.5H3z" />
        )}
      </svg>
      <span>{children}</span>
    </li>
  );
}

function PlanAction({
  plan,
  viewer,
  interval,
  priceId,
}: {
  plan: PlanView;
  viewer: PlanViewer;
  interval: BillingInterval;
  priceId: string;
}) {
  const full = 'w-full';
  switch (viewer.kind) {
    case 'anonymous':
      return (
        <LinkButton href="/sign-up" variant={plan.id === 'pro' ? 'primary' : 'secondary'} className={full}>
          {plan.paid ? `Start with ${plan.name}` : 'Start free'}
        </LinkButton>
      );
    case 'no-group':
      return (
        <LinkButton href="/onboarding" variant="secondary" className={full}>
          Set up your dealer group
        </LinkButton>
      );
    case 'member':
      return viewer.currentPlan === plan.id ? <CurrentPlan /> : null;
    case 'owner': {
      if (!viewer.liveSubscription) {
        if (plan.id === viewer.currentPlan) return <CurrentPlan />;
        if (plan.id === 'free') return null;
        return (
          <CheckoutButton plan={plan.id} interval={interval} className={full} describedBy={priceId}>
            Choose {plan.name}
          </CheckoutButton>
        );
      }
      if (plan.id === viewer.currentPlan && interval === viewer.currentInterval) return <CurrentPlan />;
      if (plan.id === 'free') {
        return (
          <PortalButton className={full} describedBy={`${priceId}-portal`}>
            Downgrade to Free
          </PortalButton>
        );
      }
      return (
        <PortalButton variant="primary" className={full} describedBy={`${priceId}-portal`}>
          {plan.id === viewer.currentPlan
            ? `Switch to ${interval === 'year' ? 'annual' : 'monthly'} billing`
            : `Switch to ${plan.name}`}
        </PortalButton>
      );
    }
  }
}

function CurrentPlan() {
  return (
    <p className="flex min-h-10 items-center justify-center rounded-md border border-green-700 bg-green-50 px-4 py-2 text-sm font-semibold text-green-900">
      Your current plan
    </p>
  );
}

const INTERVALS: BillingInterval[] = ['month', 'year'];

/**
 * The plan cards with a monthly/annual switch and, for owners, the way to choose a plan. A server
 * component: both periods are rendered and CSS shows the chosen one; only the checkout and
 * portal buttons are client components.
 */
export function PricingPlans({ plans, viewer, level = 3, initialInterval = 'month' }: Props) {
  const idBase = `pricing-${level}`;
  const Heading = level === 2 ? 'h2' : 'h3';
  const bestSaving = Math.max(0, ...plans.map((p) => p.annualSavingPercent));
  const live = viewer.kind === 'owner' && viewer.liveSubscription;

  return (
    <div className="pricing-plans">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <IntervalToggle name={`${idBase}-interval`} initial={initialInterval} bestSaving={bestSaving} />
        <p className="text-sm text-slate-700" aria-live="polite">
          <span data-show="year">Prices for a year, paid once a year.</span>
          <span data-show="month">Prices for a month, paid monthly.</span> All prices in US dollars.
        </p>
      </div>

      {viewer.kind === 'member' ? (
        <Alert tone="info" live={false} className="mt-6">
          Only an owner of {viewer.groupName} can change its plan. Ask an owner if you need more dealerships,
          members or scans.
        </Alert>
      ) : null}
      {viewer.kind === 'no-group' ? (
        <Alert tone="info" live={false} className="mt-6">
          Set up your dealer group first; then its owner can choose a plan here.
        </Alert>
      ) : null}

      <ul className="mt-6 grid gap-6 lg:grid-cols-3">
        {plans.map((plan) => (
          <li
            key={plan.id}
            className={cn(
              'flex flex-col rounded-lg border bg-white p-5 shadow-sm sm:p-6',
              plan.id === 'pro' ? 'border-2 border-blue-700' : 'border-slate-300',
            )}
          >
            <Heading className="text-xl font-bold text-slate-900">{plan.name}</Heading>
            <p className="mt-1 text-sm text-slate-700">{plan.summary}</p>
            {INTERVALS.map((interval) => {
              const priceId = `${idBase}-${plan.id}-${interval}-price`;
              const amount = plan.price[interval];
              return (
                <ForInterval key={interval} interval={interval}>
                  <p id={priceId} className="mt-4 text-slate-900">
                    <span className="text-4xl font-bold tabular-nums">{formatUsd(amount)}</span>
                    {amount > 0 ? (
                      <span className="text-base text-slate-700"> per {interval}</span>
                    ) : (
                      <span className="text-base text-slate-700"> forever</span>
                    )}
                  </p>
                  <p className="mt-1 min-h-5 text-sm text-slate-700">
                    {plan.paid && interval === 'year' && plan.annualSaving > 0
                      ? `Saves ${formatUsd(plan.annualSaving)} (${plan.annualSavingPercent}%) compared with 12 monthly payments of ${formatUsd(plan.price.month)}.`
                      : plan.paid
                        ? `Or ${formatUsd(plan.price.year)} per year.`
                        : 'No card needed.'}
                  </p>
                </ForInterval>
              );
            })}
            <ul className="mt-5 flex-1 space-y-2 text-sm text-slate-800">
              <Feature>
                {plan.limits.dealerships === null
                  ? 'Unlimited dealerships'
                  : plural(plan.limits.dealerships, 'dealership')}
              </Feature>
              <Feature>
                {plan.limits.members === null ? 'Unlimited members' : plural(plan.limits.members, 'member')}
              </Feature>
              <Feature>
                {plan.limits.scansPerMonth === null
                  ? 'Unlimited scans'
                  : `${plural(plan.limits.scansPerMonth, 'scan')} a month`}
              </Feature>
              <Feature included={plan.answerEngineProbes}>
                {plan.answerEngineProbes ? 'Answer-engine probes' : 'Answer-engine probes: not included'}
              </Feature>
              <Feature>Audit trail kept for {formatRetention(plan.auditRetentionDays)}</Feature>
              {plan.trialDays > 0 ? (
                <Feature>{plan.trialDays}-day free trial on your first subscription</Feature>
              ) : null}
            </ul>
            {INTERVALS.map((interval) => {
              const priceId = `${idBase}-${plan.id}-${interval}-price`;
              return (
                <ForInterval key={interval} interval={interval}>
                  <div className="mt-6">
                    <PlanAction plan={plan} viewer={viewer} interval={interval} priceId={priceId} />
                    {live && !(plan.id === viewer.currentPlan && interval === viewer.currentInterval) ? (
                      <p id={`${priceId}-portal`} className="mt-2 text-xs text-slate-700">
                        Opens the billing portal, where the change is confirmed.
                      </p>
                    ) : null}
                  </div>
                </ForInterval>
              );
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}
