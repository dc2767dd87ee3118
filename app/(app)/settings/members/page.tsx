import type { Metadata } from 'next';
import { ROLES } from '@/src/access/permissions';
import { listMembers } from '@/src/tenants';
import { allowed, pageQuery } from '@/src/web/session';
import { currentContext, formatDate } from '@/components/server/current';
import { InviteForm } from '@/components/members/InviteForm';
import { MemberActions } from '@/components/members/MemberActions';
import { ROLE_DESCRIPTIONS, roleLabel } from '@/components/roles';
import { Card, PageHeader } from '@/components/ui';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage() {
  const { principal, tenant } = await currentContext();
  const { members, invitations } = await pageQuery(principal, (tx) => listMembers(tx));
  const isOwner = principal.role === 'owner';
  const canInvite = allowed(principal, 'member:invite');
  const canUpdate = allowed(principal, 'member:update');
  const canRemove = allowed(principal, 'member:remove');
  // Only an owner may hand out (or take away) the owner role.
  const roleOptions = ROLES.filter((r) => isOwner || r !== 'owner').map((r) => ({ value: r, label: roleLabel(r) }));

  return (
    <>
      <PageHeader title="Members" description={`People with access to ${tenant.name}.`} />
      <div className="space-y-6">
        {canInvite ? (
          <Card title="Invite someone" description="They get a link to join with the role you choose.">
            <InviteForm roles={roleOptions} defaultRole="viewer" />
            <details className="mt-4 text-sm text-slate-700">
              <summary className="cursor-pointer font-medium text-slate-900">What can each role do?</summary>
              <dl className="mt-2 space-y-2">
                {ROLES.map((r) => (
                  <div key={r}>
                    <dt className="font-medium text-slate-900">{roleLabel(r)}</dt>
                    <dd>{ROLE_DESCRIPTIONS[r]}</dd>
                  </div>
                ))}
              </dl>
            </details>
          </Card>
        ) : null}

        <Card title={`Members (${members.length})`}>
          <ul className="divide-y divide-slate-200">
            {members.map((m) => {
              const isSelf = m.userId === principal.userId;
              const manageable = isOwner || m.role !== 'owner';
              return (
                <li key={m.userId} className="flex flex-col gap-3 py-4 sm:flex-row sm:items-start sm:justify-between">
                  <div className="min-w-0">
                    <p className="font-medium break-words text-slate-900">
                      {m.name}
                      {isSelf ? <span className="font-normal text-slate-600"> (you)</span> : null}
                    </p>
                    <p className="text-sm break-all text-slate-700">{m.email}</p>
                    <p className="text-sm text-slate-600">
                      {roleLabel(m.role)} · joined {formatDate(m.joinedAt)}
                    </p>
                  </div>
                  {manageable && (canUpdate || canRemove) ? (
                    <MemberActions
                      userId={m.userId}
                      name={m.name}
                      role={m.role}
                      isSelf={isSelf}
                      roles={roleOptions}
                      canChangeRole={canUpdate}
                      canRemove={canRemove}
                    />
                  ) : null}
                </li>
              );
            })}
          </ul>
        </Card>

        <Card title="Pending invitations">
          {invitations.length === 0 ? (
            <p className="text-sm text-slate-700">No pending invitations.</p>
          ) : (
            <ul className="divide-y divide-slate-200">
              {invitations.map((i) => (
                <li key={i.id} className="py-3">
                  <p className="font-medium break-all text-slate-900">{i.email}</p>
                  <p className="text-sm text-slate-600">
                    {roleLabel(i.role)} · expires {formatDate(i.expiresAt)}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
