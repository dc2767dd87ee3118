import type { Metadata } from 'next';
import Link from 'next/link';
import { dashboardOverview } from '@/src/dashboard';
import { allowed, pageQuery } from '@/src/web/session';
import { currentContext } from '@/components/server/current';
import { Card, EmptyState, LinkButton, PageHeader, linkClasses } from '@/components/ui';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const { principal, tenant } = await currentContext();
  const { counts } = await pageQuery(principal, (tx) => dashboardOverview(tx));
  const canCreate = allowed(principal, 'dealership:create');

  return (
    <>
      <PageHeader title="Dashboard" description={`An overview of ${tenant.name}.`} />
      {counts.dealerships === 0 ? (
        <div className="mb-8">
          <EmptyState
            title="No dealerships yet"
            description={
              canCreate
                ? 'Add a dealership to start measuring how visible it is to AI answer engines.'
                : 'Nobody has added a dealership to this dealer group yet. Ask an admin or owner to add one.'
            }
            action={canCreate ? <LinkButton href="/dealerships/new">Add your first dealership</LinkButton> : null}
          />
        </div>
      ) : null}
      <section aria-labelledby="at-a-glance">
        <h2 id="at-a-glance" className="sr-only">
          At a glance
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2">
          <li>
            <Card as="div">
              <p className="text-sm font-medium text-slate-600">Dealerships</p>
              <p className="mt-1 text-3xl font-bold text-slate-900">{counts.dealerships}</p>
              <Link href="/dealerships" className={`mt-3 inline-block text-sm ${linkClasses}`}>
                View dealerships
              </Link>
            </Card>
          </li>
          <li>
            <Card as="div">
              <p className="text-sm font-medium text-slate-600">Members</p>
              <p className="mt-1 text-3xl font-bold text-slate-900">{counts.members}</p>
              <Link href="/settings/members" className={`mt-3 inline-block text-sm ${linkClasses}`}>
                View members
              </Link>
            </Card>
          </li>
        </ul>
      </section>
    </>
  );
}
