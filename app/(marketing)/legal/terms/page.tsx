/* Template terms written for this product: have counsel review them (legal entity, governing law, liability) before launch. */
import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { LEGAL_CONTACT, LegalPage, type LegalSection } from '@/components/legal/LegalPage';
import { GRACE_PERIOD_DAYS as PAYMENT_GRACE_DAYS, PLANS } from '@/src/billing';
import { GRACE_PERIOD_DAYS as DELETION_GRACE_DAYS } from '@/src/lifecycle/deletion';
import { USER_AGENT } from '@/src/scans/http';
import { formatRetention } from '@/components/billing/format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = {
  title: 'Terms of service',
  description: 'The terms that apply when a dealer group uses DealershipAI.',
};

const trialDays = Math.max(PLANS.pro.trialDays, PLANS.enterprise.trialDays);

const sections: LegalSection[] = [
  {
    id: 'agreement',
    title: 'Who this agreement is between',
    body: (
      <>
        <p>
          These terms are an agreement between DealershipAI (“we”, “us”) and the organisation that opens a dealer group in DealershipAI (“you”, the
          “customer”). The person who signs up confirms that they may accept these terms for that organisation. Everyone you invite into your dealer
          group uses the service under these terms too, and you are responsible for what they do in it.
        </p>
        <p>
          Our <AppLink href="/legal/privacy">privacy policy</AppLink> explains how we handle personal data, and our{' '}
          <AppLink href="/legal/dpa">data processing agreement</AppLink> (DPA) is part of these terms for personal data we process on your behalf.
        </p>
      </>
    ),
  },
  {
    id: 'service',
    title: 'What the service does',
    body: (
      <>
        <p>
          DealershipAI reads the public websites of the dealerships you add, measures how well AI answer engines can read and use them, and gives you a
          report with a score, the evidence behind each check and a list of fixes. It stores your dealership profiles, your reports and an audit trail of
          what happened in your account. If answer-engine probes are part of your plan and enabled, a scan also asks an AI model a fixed set of shopper
          questions and records the answers.
        </p>
        <p>
          A report describes what our scanner found on the day of the scan. Answer engines are run by other companies and change how they work without
          notice, so <strong>we do not promise any ranking, mention, traffic or sales</strong>. The “revenue at risk” range is an estimate calculated from
          figures you enter and assumptions that the report states; it is not a forecast or financial advice.
        </p>
      </>
    ),
  },
  {
    id: 'accounts',
    title: 'Accounts, roles and security',
    body: (
      <>
        <p>
          Each person has their own account; accounts must not be shared. Keep your password to yourself and tell us at{' '}
          <a href={`mailto:${LEGAL_CONTACT}`}>{LEGAL_CONTACT}</a> if you think someone else has used your account.
        </p>
        <p>
          Within a dealer group, people have one of four roles: owner, admin, manager or viewer. Owners control billing, the data export and the deletion
          of the dealer group, and can give any role. A dealer group must always have at least one owner. You decide who gets which role, and you are
          responsible for removing people who should no longer have access.
        </p>
      </>
    ),
  },
  {
    id: 'acceptable-use',
    title: 'Acceptable use',
    body: (
      <>
        <p>Only add websites that you own or are authorised to assess (for example, your own stores’ websites or those of a dealer you work for). You must not:</p>
        <ul>
          <li>use the service to scan, map or load-test websites or networks you are not authorised to assess;</li>
          <li>try to reach another customer’s data, get around plan limits, rate limits or roles, or probe our systems for weaknesses without our written permission;</li>
          <li>upload content that is unlawful or that you have no right to use;</li>
          <li>resell the service or its reports as your own product without our written agreement.</li>
        </ul>
        <p>
          Our scanner identifies itself as <code className="text-sm break-all">{USER_AGENT}</code>, obeys the website’s robots.txt, reads only
          the website you entered and never visits private network addresses. We may refuse a scan, or suspend an account, when a scan or an account is
          used against these rules; we will tell you why unless the law or an ongoing investigation prevents it.
        </p>
      </>
    ),
  },
  {
    id: 'plans',
    title: 'Plans, trials and payment',
    body: (
      <>
        <p>
          The plans, their prices and their limits are shown on our <AppLink href="/pricing">pricing page</AppLink>. Prices are in US dollars. Where we are
          required to charge sales tax or VAT, it is added and shown before you pay.
        </p>
        <ul>
          <li>
            <strong>Trial.</strong> Your first paid subscription starts with a {trialDays}-day free trial. You give a payment method at checkout and the first
            charge is at the end of the trial unless you cancel before then.
          </li>
          <li>
            <strong>Billing.</strong> Paid plans are billed in advance, monthly or yearly, through our payment provider, Stripe. Subscriptions renew
            automatically at the end of each period until they are canceled.
          </li>
          <li>
            <strong>Changes and cancellation.</strong> An owner can change the plan or cancel at any time from Settings → Billing. A cancellation takes
            effect at the end of the period already paid for, as shown when you cancel; the dealer group then moves to the Free plan and keeps its data.
            We do not refund partial periods unless the law requires it.
          </li>
          <li>
            <strong>Failed payments.</strong> If a payment fails, you have {PAYMENT_GRACE_DAYS} days to update your payment method. After that the dealer
            group becomes read-only until the invoice is paid: everyone can still sign in, read and download reports, but nothing can be added or changed.
          </li>
          <li>
            <strong>Limits.</strong> If an action would go over your plan’s limits (dealerships, members including pending invitations, scans per month),
            it is refused and nothing already in your account is removed.
          </li>
          <li>
            <strong>Price changes.</strong> We will tell owners by email at least 30 days before a new price applies to their subscription. The new price
            applies from the next renewal after that notice, and you may cancel before it does.
          </li>
        </ul>
      </>
    ),
  },
  {
    id: 'your-data',
    title: 'Your data',
    body: (
      <>
        <p>
          Everything you put into DealershipAI, and the reports made from your websites, stays yours. You give us permission to store and process it only
          to run the service for you, to keep it secure and to meet our legal obligations, as set out in the DPA. We do not sell it and we do not use it
          to train AI models.
        </p>
        <ul>
          <li>
            <strong>Export.</strong> An owner can download a complete export of the dealer group’s data at any time, including while the account is read-only.
            Secrets such as password hashes and one-time links are left out.
          </li>
          <li>
            <strong>Deletion.</strong> An owner can ask us to delete the dealer group. Every owner is told by email, and nothing is deleted for{' '}
            {DELETION_GRACE_DAYS} days, during which any owner can cancel the request. Then the subscription is canceled and the dealer group’s data is
            deleted, including the accounts of members who belong to no other dealer group. Backups are kept for at most 30 days and then deleted.
          </li>
          <li>
            <strong>Audit trail.</strong> Actions in your account are recorded in a tamper-evident audit trail, kept for{' '}
            {formatRetention(PLANS.free.auditRetentionDays)} on Free, {formatRetention(PLANS.pro.auditRetentionDays)} on Pro and{' '}
            {formatRetention(PLANS.enterprise.auditRetentionDays)} on Enterprise.
          </li>
        </ul>
      </>
    ),
  },
  {
    id: 'availability',
    title: 'Availability and changes to the service',
    body: (
      <>
        <p>
          We work to keep DealershipAI available and publish its current state and recent history on our <AppLink href="/status">status page</AppLink>. We
          may need to interrupt it for maintenance or for reasons outside our control. Unless we agree a service level with you in writing, we do not
          promise a particular uptime.
        </p>
        <p>
          We improve the service over time. If we remove a feature your plan relies on, we will tell owners at least 30 days in advance, and you may
          cancel and receive a pro-rata refund of any prepaid period that remains.
        </p>
      </>
    ),
  },
  {
    id: 'liability',
    title: 'Warranties and liability',
    body: (
      <>
        <p>
          We provide the service with reasonable skill and care. Apart from that, and to the extent the law allows, it is provided “as is”, without
          other warranties.
        </p>
        <p>
          To the extent the law allows, neither party is liable for lost profits, lost revenue or indirect or consequential loss, and each party’s total
          liability under these terms in any 12 months is limited to the fees you paid us in the 12 months before the claim. These limits do not apply
          to liability that cannot be limited by law, to your payment obligations, or to a party’s breach of the data protection terms in the DPA.
        </p>
      </>
    ),
  },
  {
    id: 'ending',
    title: 'Ending the agreement',
    body: (
      <p>
        You can stop using DealershipAI at any time by canceling your subscription and deleting your dealer group. We may end this agreement with 30
        days’ notice to the owners, or at once if you seriously or repeatedly break these terms. When the agreement ends, your data is deleted as
        described under <a href="#your-data">Your data</a>; export it first if you want to keep it.
      </p>
    ),
  },
  {
    id: 'changes',
    title: 'Changes to these terms',
    body: (
      <p>
        When we change these terms, we update the date at the top of this page. For changes that matter to you, we email owners at least 30 days before
        they take effect. If you do not agree, you can cancel before then; continuing to use the service after that date means you accept the new terms.
      </p>
    ),
  },
  {
    id: 'contact',
    title: 'Contact',
    body: (
      <p>
        Questions about these terms: <a href={`mailto:${LEGAL_CONTACT}`}>{LEGAL_CONTACT}</a>.
      </p>
    ),
  },
];

export default function TermsPage() {
  return (
    <LegalPage
      title="Terms of service"
      intro={
        <p>
          These terms apply when a dealer group uses DealershipAI. We have written them in plain language; where a word like “you” or “the service” is
          used, it means the same thing throughout.
        </p>
      }
      sections={sections}
    />
  );
}
