import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { Alert, Card, PageHeader, linkClasses } from '@/components/ui';
import { currentContext } from '@/components/server/current';
import { PortalButton } from '@/components/billing/BillingButtons';
import { PricingPlans } from '@/components/billing/PricingPlans';
import { UsageMeters } from '@/components/billing/UsageMeters';
import { planCatalog } from '@/components/billing/catalog';
import { isLiveSubscription } from '@/components/billing/viewer';
import { StatusBanner } from '@/components/billing/StatusBanner';
import { formatBillingDate, formatPrice } from '@/components/billing/format';
import type { SubscriptionStatus } from '@/components/billing/types';
import { billingConfigured, subscriptionSummary } from '@/src/billing';
import { allowed, pageQuery } from '@/src/web/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Billing' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const STATUS_LABELS: Record<SubscriptionStatus, string> = {
  none: 'No subscription',
  trialing: 'Free trial',
  active: 'Active',
  past_due: 'Payment overdue',
  canceled: 'Canceled',
};

function CheckoutMessage({ value }: { value: string | string[] | undefined }) {
  if (value === 'success') {
    return (
      <Alert tone="success" title="Thank you: checkout is complete">
        Stripe confirms the subscription to us separately, usually within seconds. If the plan below has not changed yet, reload the page in a moment.
      </Alert>
    );
  }
  if (value === 'canceled') {
    return (
      <Alert tone="info" title="Checkout canceled">
        Nothing was charged and your plan has not changed.
      </Alert>
    );
  }
  return null;
}

export default async function BillingPage({ searchParams }: Props) {
  const { principal, tenant } = await currentContext();
  const checkout = (await searchParams).checkout;

  if (!allowed(principal, 'billing:read')) {
    return (
      <>
        <PageHeader title="Billing" description={`Plan and payment for ${tenant.name}.`} />
        <Card title="Ask an owner">
          <p className="text-sm text-slate-700">
            Billing is managed by the owners of {tenant.name}. Ask an owner if you need more dealerships, members or scans. You can{' '}
            <AppLink href="/pricing" className={linkClasses}>
              compare the plans
            </AppLink>{' '}
            to see what each includes.
          </p>
        </Card>
      </>
    );
  }

  const s = await pageQuery(principal, (tx) => subscriptionSummary(tx, principal.tenantId));
  const configured = billingConfigured();
  const isOwner = allowed(principal, 'billing:manage');
  const plans = planCatalog();
  const live = isLiveSubscription(s);
  const current = plans.find((p) => p.id === s.plan)!;
  const trialDays = Math.max(...plans.map((p) => p.trialDays));

  return (
    <>
      <PageHeader title="Billing" description={`Plan, usage and payment for ${tenant.name}.`} />
      <div className="space-y-6">
        <CheckoutMessage value={checkout} />
        {!configured ? (
          <Alert tone="warning" live={false} title="Billing is not configured on this deployment">
            Your plan stays as it is. Plans can be bought here once whoever runs this deployment sets up Stripe.
          </Alert>
        ) : null}
        <StatusBanner s={s} isOwner={isOwner} />

        <Card
          title="Current plan"
          actions={
            isOwner ? <PortalButton describedBy="portal-hint">Manage payment method</PortalButton> : null
          }
        >
          <dl className="grid grid-cols-2 gap-x-8 gap-y-4 text-sm lg:grid-cols-4">
            <div>
              <dt className="text-slate-700">Plan</dt>
              <dd className="text-lg font-semibold text-slate-900">{s.planName}</dd>
            </div>
            <div>
              <dt className="text-slate-700">Price</dt>
              <dd className="text-lg font-semibold text-slate-900">{s.interval ? formatPrice(current, s.interval) : formatPrice(current, 'month')}</dd>
            </div>
            <div>
              <dt className="text-slate-700">Status</dt>
              <dd className="text-lg font-semibold text-slate-900">{s.readOnly ? 'Read-only: payment overdue' : STATUS_LABELS[s.status]}</dd>
            </div>
            <div>
              <dt className="text-slate-700">{s.status === 'trialing' ? 'Trial ends' : s.status === 'canceled' ? 'Ended' : 'Current period ends'}</dt>
              <dd className="text-lg font-semibold text-slate-900">
                {s.status === 'trialing' && s.trialEndsAt
                  ? formatBillingDate(s.trialEndsAt)
                  : s.currentPeriodEnd
                    ? formatBillingDate(s.currentPeriodEnd)
                    : '—'}
              </dd>
            </div>
          </dl>
          {isOwner ? (
            <p id="portal-hint" className="mt-4 text-sm text-slate-700">
              The billing portal (by Stripe) is where you update the card, download invoices, switch plans or cancel.
            </p>
          ) : null}
          {!isOwner ? <p className="mt-4 text-sm text-slate-700">Only owners can change the plan or the payment method. You can see the plan and usage.</p> : null}
        </Card>

        <Card title="Usage" description="Limits apply to the whole dealer group. Scans are counted per calendar month.">
          <UsageMeters
            planName={s.planName}
            meters={[
              { key: 'dealerships', label: 'Dealerships', used: s.usage.dealerships, max: s.limits.dealerships },
              { key: 'members', label: 'Members', used: s.usage.members, max: s.limits.members, note: 'Pending invitations count as members.' },
              { key: 'scans', label: 'Scans this month', used: s.usage.scansPerMonth, max: s.limits.scansPerMonth },
            ]}
          />
          <p className="mt-6 text-sm text-slate-800">
            <span className="font-medium text-slate-900">Answer-engine probes: </span>
            {s.answerEngineProbes ? 'included in your plan.' : `not included in the ${s.planName} plan.`}
          </p>
        </Card>

        {isOwner ? (
          <Card
            title="Change plan"
            description={
              live
                ? 'Plan and billing-period changes are made and confirmed in the billing portal.'
                : `Choosing a paid plan opens Stripe Checkout.${s.status === 'none' ? ` Your first subscription starts with a ${trialDays}-day free trial.` : ''}`
            }
          >
            <PricingPlans
              plans={plans}
              viewer={{ kind: 'owner', groupName: tenant.name, currentPlan: s.plan, currentInterval: s.interval, liveSubscription: live }}
              initialInterval={s.interval === 'year' ? 'year' : 'month'}
            />
          </Card>
        ) : (
          <p className="text-sm text-slate-700">
            <AppLink href="/pricing" className={linkClasses}>
              Compare the plans
            </AppLink>{' '}
            to see what each one includes.
          </p>
        )}
      </div>
    </>
  );
}
