/* Template agreement written for this product: have counsel review it (parties, transfer clauses, liability) before launch. */
import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { LEGAL_CONTACT, LegalPage, LegalTable, type LegalSection } from '@/components/legal/LegalPage';
import { formatRetention } from '@/components/billing/format';
import { PLANS } from '@/src/billing';
import { GRACE_PERIOD_DAYS as DELETION_GRACE_DAYS } from '@/src/lifecycle/deletion';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = {
  title: 'Data processing agreement',
  description: 'How DealershipAI processes personal data on behalf of dealer groups, and the subprocessors it uses.',
};

const sections: LegalSection[] = [
  {
    id: 'scope',
    title: 'Scope and parties',
    body: (
      <>
        <p>
          This data processing agreement (“DPA”) is part of the <AppLink href="/legal/terms">terms of service</AppLink> between DealershipAI (“we”, the
          processor) and the customer that opens a dealer group (“you”, the controller). It applies to personal data we process on your behalf while
          providing DealershipAI, and it meets the requirements of Article 28 of the EU and UK General Data Protection Regulation and of similar laws.
        </p>
        <p>If this DPA and the terms of service disagree about personal data, this DPA wins.</p>
      </>
    ),
  },
  {
    id: 'details',
    title: 'What we process',
    body: (
      <LegalTable
        caption="Details of the processing"
        head={['Item', 'Details']}
        rows={[
          ['Subject matter', 'Providing DealershipAI to you: scanning the public websites of your dealerships, storing dealership profiles, reports, members and the audit trail.'],
          ['Duration', 'For as long as your dealer group exists, and then until its deletion is complete (see “Deletion and return”).'],
          [
            'Nature and purpose',
            'Collecting (by scanning public web pages you choose), storing, organising, analysing, displaying, exporting and deleting data, only to provide the service to you.',
          ],
          [
            'Data subjects',
            'Your members and the people you invite; people named on the public websites you scan (for example staff on an “About us” page); people whose contact details appear in your dealership profiles.',
          ],
          [
            'Personal data',
            'Names, business email addresses, roles, IP addresses and browser user agents (sessions and audit trail), business contact details of dealerships, short excerpts of public web pages, the content of transactional emails.',
          ],
          ['Special categories', 'None expected. Do not put special category data (such as health data) into DealershipAI.'],
        ]}
      />
    ),
  },
  {
    id: 'obligations',
    title: 'Our obligations',
    body: (
      <ul>
        <li>
          <strong>Instructions.</strong> We process personal data only on your documented instructions: these terms and your use and settings of the
          service. If we think an instruction breaks data protection law, we tell you. If the law requires us to process data otherwise, we tell you
          first unless the law forbids it.
        </li>
        <li>
          <strong>Confidentiality.</strong> Everyone at DealershipAI who can access personal data is bound to keep it confidential and accesses it only
          when needed, for example to answer a support request you make.
        </li>
        <li>
          <strong>Security.</strong> We keep the technical and organisational measures described in “Security measures” below, and may improve them but
          not weaken them.
        </li>
        <li>
          <strong>Breaches.</strong> We tell the owners of the affected dealer group without undue delay, and within 72 hours of becoming aware of a
          personal data breach, with what we know and what we are doing, and we keep you informed as we learn more.
        </li>
        <li>
          <strong>Assistance.</strong> We help you answer requests from data subjects and, where needed, with data protection impact assessments and
          consultations with authorities, taking into account the information we have.
        </li>
      </ul>
    ),
  },
  {
    id: 'subprocessors',
    title: 'Subprocessors',
    body: (
      <>
        <p>You authorise us to use the following subprocessors. Each is bound by a written contract with data protection obligations no weaker than ours.</p>
        <LegalTable
          caption="Subprocessors"
          head={['Subprocessor', 'What it does', 'What it receives']}
          rows={[
            [
              'Vercel Inc., or the hosting provider you choose when DealershipAI runs on your own infrastructure',
              'Hosting: runs the application and serves its pages.',
              'All service data while it is processed; technical request logs.',
            ],
            [
              'Supabase Inc., or another managed PostgreSQL provider',
              'Database: stores the data and its backups.',
              'All stored service data.',
            ],
            [
              'Stripe, Inc.',
              'Payments: checkout, subscriptions, invoices and the billing portal.',
              'The dealer group’s name and id, and the billing details the owner enters at checkout (Stripe collects card details directly).',
            ],
            [
              'Functional Software, Inc. (Sentry)',
              'Error tracking.',
              'Technical details of errors. Cookies, authorisation headers, IP addresses, email addresses and secrets are removed before anything is sent.',
            ],
            [
              'Email provider (SMTP relay)',
              'Delivers transactional emails: invitations, billing and account notices.',
              'Recipients’ email addresses and the emails’ content.',
            ],
            [
              'AI provider',
              'Only when answer-engine probes are enabled: answers the shopper questions a scan asks.',
              'The questions, which are built from a dealership’s brand, city and state. No other personal data.',
            ],
          ]}
        />
        <p>
          Before we add or replace a subprocessor, we update this list and email the owners of every dealer group at least 30 days in advance. If you
          object on reasonable data protection grounds and we cannot address the objection, you may end the agreement and receive a pro-rata refund of
          any prepaid period that remains.
        </p>
      </>
    ),
  },
  {
    id: 'transfers',
    title: 'International transfers',
    body: (
      <p>
        Where personal data leaves the European Economic Area, the United Kingdom or Switzerland, we make sure a lawful transfer mechanism applies, such as
        the European Commission’s standard contractual clauses (with the UK addendum where needed) or the EU-US Data Privacy Framework.
      </p>
    ),
  },
  {
    id: 'requests',
    title: 'Requests from data subjects',
    body: (
      <p>
        The service gives you the tools for most requests: owners can download a complete export of the dealer group’s data at any time; admins and
        owners can remove members; people can change their name and delete their own account. If a data subject contacts us directly about data you
        control, we pass the request to you without undue delay and do not answer it ourselves unless you ask us to.
      </p>
    ),
  },
  {
    id: 'deletion',
    title: 'Deletion and return',
    body: (
      <>
        <p>
          <strong>Return.</strong> Owners can export all of the dealer group’s data as one JSON file at any time, including while the account is
          read-only. Secrets (password hashes, session tokens, one-time links) are left out.
        </p>
        <p>
          <strong>Deletion.</strong> When an owner asks us to delete the dealer group, every owner is told by email and nothing is deleted for{' '}
          {DELETION_GRACE_DAYS} days, during which any owner can cancel the request. After that we cancel the subscription and delete all of the dealer
          group’s data, and the accounts of members who belong to no other dealer group, in a single operation. We keep only a record that the deletion
          happened (ids, dates, who asked and how many records were deleted).
        </p>
        <p>
          <strong>Backups.</strong> Deleted data stays in database backups until they expire, at most 30 days later. Backups are used only to recover the
          service; if we restore one, we delete again any data that had been deleted since it was taken.
        </p>
      </>
    ),
  },
  {
    id: 'audit-trail',
    title: 'Audit trail and its retention',
    body: (
      <p>
        Every change in a dealer group is recorded in its audit trail (who, what, when, from which IP address and browser). Entries are kept for{' '}
        {formatRetention(PLANS.free.auditRetentionDays)} on the Free plan, {formatRetention(PLANS.pro.auditRetentionDays)} on Pro and{' '}
        {formatRetention(PLANS.enterprise.auditRetentionDays)} on Enterprise; a daily job deletes older entries. Admins and owners can read and export
        the trail and verify that it has not been altered.
      </p>
    ),
  },
  {
    id: 'audits',
    title: 'Information and audits',
    body: (
      <p>
        On request we give you the information you reasonably need to show that this DPA is being met. If that is not enough, you may audit our
        compliance, or have an independent auditor do it, once a year with 30 days’ notice, during business hours and under confidentiality, at your
        cost. Write to <a href={`mailto:${LEGAL_CONTACT}`}>{LEGAL_CONTACT}</a>.
      </p>
    ),
  },
  {
    id: 'measures',
    title: 'Security measures',
    body: (
      <ul>
        <li>
          <strong>Separation of customers.</strong> Each dealer group’s data is kept apart by PostgreSQL row-level security. The application connects
          with a database login that cannot bypass it; work that crosses dealer groups uses a separate, narrowly used login and is logged.
        </li>
        <li>
          <strong>Access control.</strong> Four roles (owner, admin, manager, viewer), checked on every request by the server and by the database.
        </li>
        <li>
          <strong>Authentication.</strong> Passwords stored as one-way hashes; sessions expire after 7 days; cookies are HTTP-only, same-site and, in
          production, sent only over HTTPS; failed sign-ins are rate limited per account and per IP address.
        </li>
        <li>
          <strong>Encryption in transit.</strong> HTTPS for all traffic, with HTTP Strict Transport Security; a strict content security policy on every
          page.
        </li>
        <li>
          <strong>Integrity and accountability.</strong> A hash-chained audit trail per dealer group, which can be verified at any time; payments and
          other important actions are protected against being carried out twice.
        </li>
        <li>
          <strong>Minimisation.</strong> Error reports are scrubbed of personal data and secrets before they leave our servers; exports leave out secrets;
          the scanner reads only public pages of the website you enter and never private network addresses.
        </li>
        <li>
          <strong>Resilience.</strong> Regular database backups that are checked by restoring them; a public status page.
        </li>
      </ul>
    ),
  },
];

export default function DpaPage() {
  return (
    <LegalPage
      title="Data processing agreement"
      intro={
        <p>
          This agreement sets out how DealershipAI processes personal data for the dealer groups that use it, the subprocessors it relies on and the
          security measures it keeps.
        </p>
      }
      sections={sections}
    />
  );
}
