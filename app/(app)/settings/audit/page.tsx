import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { AuditQuery, listAudit } from '@/src/audit';
import { allowed, pageQuery } from '@/src/web/session';
import { currentContext } from '@/components/server/current';
import { AuditTrail } from '@/components/audit/AuditTrail';
import { FILTER_KEYS, filterQuery, type AuditFilters, type AuditPage } from '@/components/audit/types';
import { roleLabel } from '@/components/roles';
import { Alert, PageHeader, linkClasses } from '@/components/ui';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Audit trail' };

const PAGE = 50;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  const { principal, tenant } = await currentContext();

  if (!allowed(principal, 'audit:read')) {
    return (
      <>
        <PageHeader title="Audit trail" />
        <Alert tone="warning" live={false} title="Only admins and owners can see the audit trail">
          Your role in {tenant.name} is {roleLabel(principal.role)}. Ask an admin or owner if you need to know who changed what.{' '}
          <AppLink href="/dashboard" className="font-medium underline">
            Back to the dashboard
          </AppLink>
        </Alert>
      </>
    );
  }

  const params = await searchParams;
  const filters: AuditFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params[key];
    if (typeof value === 'string' && value.trim()) filters[key] = value.trim();
  }
  const parsed = AuditQuery.safeParse({ ...filters, limit: PAGE });
  const filterError = parsed.success ? null : 'These filters are not valid, so every entry is shown. Check the resource type and the dates, then apply the filters again.';
  const page = (await pageQuery(principal, (tx) => listAudit(tx, principal.tenantId, parsed.success ? parsed.data : AuditQuery.parse({ limit: PAGE })))) as AuditPage;

  return (
    <>
      <PageHeader
        title="Audit trail"
        description={`Everything that matters that happened in ${tenant.name}: who did it, when, and from where. Entries are hash-chained, so any change to past entries shows up when you verify.`}
      />
      <AuditTrail key={filterQuery(filters)} filters={parsed.success ? filters : {}} initial={page} filterError={filterError} />
      <p className="mt-6 text-sm text-slate-700">
        Looking for people rather than events?{' '}
        <AppLink href="/settings/members" className={linkClasses}>
          Manage members
        </AppLink>
        .
      </p>
    </>
  );
}
