import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { allowed } from '@/src/web/session';
import { currentContext } from '@/components/server/current';
import { DealershipForm } from '@/components/dealerships/DealershipForm';
import { Alert, Card, PageHeader, linkClasses } from '@/components/ui';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Add a dealership' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NewDealershipPage({ searchParams }: Props) {
  const first = (await searchParams).first === '1';
  const { principal, tenant } = await currentContext();

  if (!allowed(principal, 'dealership:create')) {
    return (
      <>
        <PageHeader title="Add a dealership" />
        <Alert tone="warning" live={false}>
          Your role cannot add dealerships. Ask an admin or owner of {tenant.name}.{' '}
          <AppLink href="/dealerships" className="font-medium underline">
            Back to dealerships
          </AppLink>
        </Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={first ? 'Add your first dealership' : 'Add a dealership'}
        description={first ? `${tenant.name} is ready. Tell us about a rooftop so we can measure it.` : `A new rooftop in ${tenant.name}.`}
      />
      <Card className="max-w-3xl">
        <DealershipForm mode="create" first={first} />
      </Card>
      {first ? (
        <p className="mt-6 text-sm text-slate-700">
          Not now?{' '}
          <AppLink href="/dashboard" className={linkClasses}>
            Skip to the dashboard
          </AppLink>
        </p>
      ) : null}
    </>
  );
}
