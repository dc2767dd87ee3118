import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { z } from 'zod';
import { getDealership } from '@/src/dealerships';
import { allowed, pageQuery } from '@/src/web/session';
import { currentContext, problemStatus } from '@/components/server/current';
import { DealershipDetails } from '@/components/dealerships/DealershipDetails';
import { DealershipForm } from '@/components/dealerships/DealershipForm';
import { DeleteDealership } from '@/components/dealerships/DeleteDealership';
import { Alert, Card, PageHeader, linkClasses } from '@/components/ui';

export const dynamic = 'force-dynamic';

/** Loaded once per request for both the title and the page; unknown, foreign or malformed ids are a 404. */
const loadDealership = cache(async (id: string) => {
  if (!z.uuid().safeParse(id).success) notFound();
  const { principal } = await currentContext();
  try {
    return await pageQuery(principal, (tx) => getDealership(tx, id));
  } catch (err) {
    // Another tenant's dealership looks exactly like an unknown one.
    if (problemStatus(err) === 404) notFound();
    throw err;
  }
});

export async function generateMetadata({ params }: Pick<Props, 'params'>): Promise<Metadata> {
  const dealership = await loadDealership((await params).id);
  return { title: dealership.name };
}

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function DealershipPage({ params, searchParams }: Props) {
  const dealership = await loadDealership((await params).id);
  const created = (await searchParams).created === '1';
  const { principal } = await currentContext();
  const canUpdate = allowed(principal, 'dealership:update');
  const canDelete = allowed(principal, 'dealership:delete');

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/dealerships" className={linkClasses}>
          <span aria-hidden="true">← </span>All dealerships
        </Link>
      </p>
      <PageHeader title={dealership.name} actions={canDelete ? <DeleteDealership id={dealership.id} name={dealership.name} /> : null} />
      {created ? (
        <Alert tone="success" className="mb-6">
          {dealership.name} was added.
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-5">
        <Card title="Details" className="lg:col-span-2">
          <DealershipDetails dealership={dealership} />
        </Card>
        {canUpdate ? (
          <Card title="Edit details" className="lg:col-span-3">
            <DealershipForm mode="edit" dealership={dealership} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
