import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { evaluatedFlagDetailsFor } from '@/src/flags';
import { allowed } from '@/src/web/session';
import { currentContext } from '@/components/server/current';
import { TenantFlags } from '@/components/flags/TenantFlags';
import { roleLabel } from '@/components/roles';
import { Alert, PageHeader } from '@/components/ui';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Feature flags' };

/** Admins and owners: which features are switched on for this dealer group, and why. Read-only. */
export default async function TenantFlagsPage() {
  const { principal, tenant } = await currentContext();

  if (!allowed(principal, 'audit:read')) {
    return (
      <>
        <PageHeader title="Feature flags" />
        <Alert tone="warning" live={false} title="Only admins and owners can see feature flags">
          Your role in {tenant.name} is {roleLabel(principal.role)}.{' '}
          <AppLink href="/dashboard" className="font-medium underline">
            Back to the dashboard
          </AppLink>
        </Alert>
      </>
    );
  }

  // Outside any transaction: the first call in a process waits for the flag cache to load.
  const flags = await evaluatedFlagDetailsFor(principal.tenantId);
  return (
    <>
      <PageHeader
        title="Feature flags"
        description={`Features DealershipAI is rolling out, and whether each is on for ${tenant.name}. Only DealershipAI can change them; ask support if you need one switched.`}
      />
      <TenantFlags flags={flags} tenantName={tenant.name} />
    </>
  );
}
