import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { Alert, linkClasses } from '@/components/ui';
import { ExitIntent } from '@/components/marketing/ExitIntent';
import { PricingPlans } from '@/components/billing/PricingPlans';
import { PlanComparison } from '@/components/billing/PlanComparison';
import { planCatalog } from '@/components/billing/catalog';
import { planViewer } from '@/components/billing/viewer';
import { formatLimit, formatRetention, plural } from '@/components/billing/format';
import { billingConfigured, GRACE_PERIOD_DAYS, PLANS } from '@/src/billing';
import { DEFAULT_MAX_PAGES } from '@/src/scans/scan';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Pricing',
  description: 'DealershipAI plans: Free, Pro and Enterprise, monthly or annual, with every limit side by side.',
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PricingPage({ searchParams }: Props) {
  const checkout = (await searchParams).checkout;
  const plans = planCatalog();
  const viewer = await planViewer();
  const configured = billingConfigured();
  const trialDays = Math.max(...plans.map((p) => p.trialDays));
  const free = PLANS.free;

  const faqs: { q: string; a: React.ReactNode }[] = [
    {
      q: 'What counts as a scan?',
      a: `Each report started for a dealership is one scan. The count starts again on the first day of each calendar month. A scan reads up to ${DEFAULT_MAX_PAGES} pages of the dealership’s website.`,
    },
    {
      q: 'What are answer-engine probes?',
      a: 'With probes, a scan also asks an AI model a fixed set of questions shoppers ask (for example, which dealer in your city sells a used vehicle of your brand) and records whether your store is named and your website cited. They are part of the Pro and Enterprise plans and run when the deployment has an AI provider set up. Without them, the “Answer engines” pillar is shown as not measured and left out of your score.',
    },
    {
      q: 'How does the free trial work?',
      a: `Your first paid subscription starts with a ${trialDays}-day trial. You enter a payment method at checkout; the first charge is at the end of the trial, and you can cancel before then from Settings → Billing without being charged.`,
    },
    {
      q: 'What happens when we reach a limit?',
      a: `The action that would go over it (adding a dealership, inviting a member, running a scan) is refused with a message naming the plan that lifts the limit. Nothing you already have is removed. Pending invitations count as members.`,
    },
    {
      q: 'Can we switch plans or cancel?',
      a: 'Yes. An owner of the dealer group changes the plan, the billing period or the payment method, or cancels, from Settings → Billing, through Stripe’s customer portal. After a cancellation the group moves to the Free plan; your dealerships, reports and members are kept, and the Free limits apply to anything new.',
    },
    {
      q: 'What if a payment fails?',
      a: `You have a ${GRACE_PERIOD_DAYS}-day grace period to update the payment method. After it, the dealer group is read-only until the invoice is paid: everyone can still sign in, read and download reports, but nothing can be added or changed.`,
    },
    {
      q: 'Who can change the plan?',
      a: 'Owners of the dealer group. Admins can see the plan and usage; other members can ask an owner.',
    },
    {
      q: 'How long is the audit trail kept?',
      a: `Every change in your account is recorded in a tamper-evident audit trail, kept for ${formatRetention(free.auditRetentionDays)} on Free, ${formatRetention(PLANS.pro.auditRetentionDays)} on Pro and ${formatRetention(PLANS.enterprise.auditRetentionDays)} on Enterprise.`,
    },
    {
      q: 'How do we pay?',
      a: (
        <>
          Through Stripe, in US dollars, monthly or once a year. Stripe handles your card details; we never see or store your card number. See our{' '}
          <AppLink href="/legal/terms" className={linkClasses}>
            terms of service
          </AppLink>{' '}
          for billing details.
        </>
      ),
    },
  ];

  return (
    <>
      <div className="mx-auto max-w-6xl px-4 py-12 sm:px-6 sm:py-16">
        <h1 className="text-4xl font-bold tracking-tight text-slate-900">Pricing</h1>
        <p className="mt-4 max-w-2xl text-lg text-slate-700">
          Start free with {plural(free.limits.dealerships ?? 0, 'dealership')}. Move to Pro or Enterprise when you want more stores, more people, more
          scans and answer-engine probes.
        </p>

        {checkout === 'canceled' ? (
          <Alert tone="info" title="Checkout canceled" className="mt-6">
            Nothing was charged and your plan has not changed.
          </Alert>
        ) : null}
        {viewer.kind === 'owner' && !configured ? (
          <Alert tone="warning" title="Billing is not configured on this deployment" live={false} className="mt-6">
            Your plan stays as it is. Choosing a plan here needs Stripe to be set up by whoever runs this deployment.
          </Alert>
        ) : null}

        <section aria-labelledby="plans-heading" className="mt-10">
          <h2 id="plans-heading" className="sr-only">
            Plans
          </h2>
          <PricingPlans
            plans={plans}
            viewer={viewer}
            initialInterval={viewer.kind === 'owner' && viewer.currentInterval === 'year' ? 'year' : 'month'}
          />
          {viewer.kind === 'anonymous' ? (
            <p className="mt-6 text-sm text-slate-700">
              Create your account first; then the owner of your dealer group chooses a paid plan here or in Settings → Billing. Already have an
              account?{' '}
              <AppLink href="/sign-in" className={linkClasses}>
                Sign in
              </AppLink>
              .
            </p>
          ) : null}
        </section>

        <section aria-labelledby="compare-heading" className="mt-16">
          <h2 id="compare-heading" className="text-2xl font-bold text-slate-900">
            Compare plans
          </h2>
          <p className="mt-2 mb-4 text-sm text-slate-700">
            “{formatLimit(null)}” means no limit. Limits apply to the whole dealer group.
          </p>
          <PlanComparison plans={plans} caption="Plan comparison" />
        </section>

        <section aria-labelledby="faq-heading" className="mt-16">
          <h2 id="faq-heading" className="text-2xl font-bold text-slate-900">
            Questions
          </h2>
          <dl className="mt-6 grid gap-x-10 gap-y-8 md:grid-cols-2">
            {faqs.map((f) => (
              <div key={f.q}>
                <dt className="font-semibold text-slate-900">{f.q}</dt>
                <dd className="mt-2 text-slate-700">{f.a}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
      <ExitIntent freeDealerships={free.limits.dealerships} freeScans={free.limits.scansPerMonth} />
    </>
  );
}
