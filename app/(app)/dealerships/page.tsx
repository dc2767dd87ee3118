import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { listDealerships } from '@/src/dealerships';
import { allowed, pageQuery } from '@/src/web/session';
import { currentContext, problemStatus } from '@/components/server/current';
import { Alert, EmptyState, LinkButton, PageHeader, linkClasses } from '@/components/ui';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Dealerships' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DealershipsPage({ searchParams }: Props) {
  const params = await searchParams;
  const cursor = typeof params.cursor === 'string' && params.cursor ? params.cursor : undefined;
  const { principal, tenant } = await currentContext();
  const canCreate = allowed(principal, 'dealership:create');

  let page: Awaited<ReturnType<typeof listDealerships>> | null = null;
  try {
    page = await pageQuery(principal, (tx) => listDealerships(tx, { limit: 50, cursor }));
  } catch (err) {
    if (problemStatus(err) !== 400) throw err;
  }

  const add = canCreate ? <LinkButton href="/dealerships/new">Add dealership</LinkButton> : null;

  return (
    <>
      <PageHeader title="Dealerships" description={`The rooftops in ${tenant.name}.`} actions={add} />
      {params.deleted === '1' ? (
        <Alert tone="success" className="mb-6">
          The dealership was deleted.
        </Alert>
      ) : null}
      {!page ? (
        <Alert tone="error" live={false}>
          This page link is not valid.{' '}
          <AppLink href="/dealerships" className="font-medium underline">
            Go to the first page
          </AppLink>
          .
        </Alert>
      ) : page.data.length === 0 && !cursor ? (
        <EmptyState
          title="No dealerships yet"
          description={canCreate ? 'Add your first dealership to start measuring its AI visibility.' : 'Ask an admin or owner to add your dealerships.'}
          action={canCreate ? <LinkButton href="/dealerships/new">Add your first dealership</LinkButton> : null}
        />
      ) : (
        <>
          <ul className="grid gap-4 md:grid-cols-2" aria-label="Dealerships">
            {page.data.map((d) => (
              <li key={d.id} className="rounded-lg border border-slate-300 bg-white p-4 shadow-sm">
                <h2 className="text-lg font-semibold">
                  <AppLink href={`/dealerships/${d.id}`} className="text-blue-700 underline hover:text-blue-900">
                    {d.name}
                  </AppLink>
                </h2>
                <p className="mt-1 text-sm break-all text-slate-700">{d.websiteUrl}</p>
                <p className="mt-1 text-sm text-slate-600">
                  {[d.city, d.state].filter(Boolean).join(', ') || 'No location yet'}
                  {d.brands.length > 0 ? ` · ${d.brands.join(', ')}` : ''}
                </p>
              </li>
            ))}
          </ul>
          {page.data.length === 0 ? <p className="text-slate-700">No more dealerships.</p> : null}
          {cursor || page.nextCursor ? (
            <nav aria-label="Pagination" className="mt-6 flex flex-wrap gap-4">
              {cursor ? (
                <AppLink href="/dealerships" className={linkClasses}>
                  First page
                </AppLink>
              ) : null}
              {page.nextCursor ? (
                <AppLink href={`/dealerships?cursor=${encodeURIComponent(page.nextCursor)}`} className={linkClasses}>
                  Next page
                </AppLink>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}
