import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { GRACE_PERIOD_DAYS, REMINDER_HOURS, scheduledDeletion } from '@/src/lifecycle';
import { allowed, pageQuery } from '@/src/web/session';
import { currentContext } from '@/components/server/current';
import { CancelDeletion } from '@/components/data/CancelDeletion';
import { DeleteAccount } from '@/components/data/DeleteAccount';
import { DeleteTenant } from '@/components/data/DeleteTenant';
import { formatDateTime } from '@/components/data/format';
import { roleLabel } from '@/components/roles';
import { Alert, Card, PageHeader, buttonClasses, linkClasses } from '@/components/ui';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your data' };

export default async function DataPage() {
  const { principal, profile, tenant } = await currentContext();
  const canExport = allowed(principal, 'tenant:export');
  const canDelete = allowed(principal, 'tenant:delete');
  const schedule = await pageQuery(principal, (tx) => scheduledDeletion(tx));

  return (
    <>
      <PageHeader title="Your data" description={`Take a copy of everything ${tenant.name} has stored, delete the dealer group, or delete your own account.`} />
      <div className="space-y-6">
        {schedule ? (
          <Alert tone="warning" live={false} title={`${tenant.name} will be deleted on ${formatDateTime(schedule.deleteAfter)}`}>
            <p>
              {schedule.requestedBy.name ?? 'An owner'} asked for it on {formatDateTime(schedule.requestedAt)}. After that moment every dealership, report,
              member and record of {tenant.name} is deleted, and the subscription is canceled.
            </p>
            {canDelete ? <CancelDeletion /> : <p className="mt-2">Only an owner can cancel it. Talk to an owner of {tenant.name} if this is a mistake.</p>}
          </Alert>
        ) : null}

        <Card title="Download a copy of your data" description="One JSON file with everything the dealer group has stored.">
          <div className="space-y-3 text-sm text-slate-700">
            <p>
              It holds the dealer group, its members (name, email, role), dealerships, reports, billing records, emails sent, and the full audit trail with
              its hashes, so the trail can still be verified. It ends with a manifest: the number of rows and a SHA-256 checksum of each table.
            </p>
            <p>
              Passwords, sign-in sessions, invitation links and other credentials are never included. Downloading is recorded in the audit trail, and works
              even while the account is read-only for an unpaid invoice.
            </p>
            {canExport ? (
              <a href="/api/tenant/export" download className={buttonClasses('primary')}>
                Download all data (JSON)
              </a>
            ) : (
              <p className="font-medium text-slate-900">
                Only owners can download the data. Your role in {tenant.name} is {roleLabel(principal.role)}.
              </p>
            )}
          </div>
        </Card>

        <Card title="Delete the dealer group" description="Permanent, after a grace period you can use to change your mind.">
          <div className="space-y-3 text-sm text-slate-700">
            <ul className="list-disc space-y-1 pl-5">
              <li>Nothing is deleted for {GRACE_PERIOD_DAYS} days. Every owner is emailed now, and again {REMINDER_HOURS} hours before.</li>
              <li>Until then any owner can cancel here, and anyone can keep working normally.</li>
              <li>
                Then the subscription is canceled and everything is deleted at once: dealerships, reports, members, invitations, billing records, emails
                and the audit trail. Members who belong to no other dealer group lose their account too.
              </li>
              <li>
                What remains is a record that {tenant.name} existed and was deleted (its id, the dates, how many rows were removed), and the invoices Stripe
                keeps for tax purposes. Backups age out within their retention period.
              </li>
            </ul>
            {schedule ? (
              <p className="font-medium text-slate-900">A deletion is already scheduled (see above).</p>
            ) : canDelete ? (
              <DeleteTenant tenantName={tenant.name} graceDays={GRACE_PERIOD_DAYS} />
            ) : (
              <p className="font-medium text-slate-900">Only owners can delete the dealer group.</p>
            )}
          </div>
        </Card>

        <Card title="Delete your account" description="Your own account, in every dealer group you belong to.">
          <div className="space-y-3 text-sm text-slate-700">
            <p>
              You are removed from every dealer group, signed out everywhere, and your account is deleted now. The dealer groups keep their data; reports you
              ran stay without your name. Entries you made in an audit trail keep your name, because the trail is a tamper-evident record.
            </p>
            <p>
              A dealer group always needs an owner: if you are its only owner, first{' '}
              <AppLink href="/settings/members" className={linkClasses}>
                make someone else owner
              </AppLink>{' '}
              or delete the group above.
            </p>
            <DeleteAccount email={profile.email} />
          </div>
        </Card>
      </div>
    </>
  );
}
