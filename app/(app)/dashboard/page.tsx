import type { Metadata } from 'next';
import { dashboardOverview } from '@/src/dashboard';
import { evaluatedFlagsFor } from '@/src/flags';
import { StoreComparison } from '@/components/flags/StoreComparison';
import { allowed, pageQuery } from '@/src/web/session';
import { currentContext } from '@/components/server/current';
import { DealershipCard } from '@/components/dashboard/DealershipCard';
import { GroupSummary } from '@/components/dashboard/GroupSummary';
import { TopRecommendations } from '@/components/dashboard/TopRecommendations';
import { ScanButton } from '@/components/reports/ScanButton';
import { EmptyState, LinkButton, PageHeader } from '@/components/ui';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const { principal, tenant } = await currentContext();
  const overview = await pageQuery(principal, (tx) => dashboardOverview(tx));
  // Outside the page's transaction: the flag cache may load on first use.
  const flags = await evaluatedFlagsFor(principal.tenantId);
  const canCreate = allowed(principal, 'dealership:create');
  const canGenerate = allowed(principal, 'report:generate');
  const canEdit = allowed(principal, 'dealership:update');
  const { counts, group, dealerships, topRecommendations } = overview;
  const anyRunning = dealerships.some((d) => d.inProgress);
  const only = dealerships.length === 1 ? dealerships[0] : undefined;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`How visible ${tenant.name} is to AI answer engines, and what to fix first.`}
        actions={canCreate && counts.dealerships > 0 ? <LinkButton href="/dealerships/new" variant="secondary">Add dealership</LinkButton> : null}
      />

      {counts.dealerships === 0 ? (
        <EmptyState
          title="No dealerships yet"
          description={
            canCreate ? (
              <ol className="mx-auto max-w-sm list-decimal space-y-1 pl-5 text-left">
                <li>Add a dealership: its website and, for a revenue estimate, its used-unit sales and front-end gross.</li>
                <li>Run its first scan to see how visible it is to AI answer engines and what to fix.</li>
              </ol>
            ) : (
              'Nobody has added a dealership to this dealer group yet. Ask an admin or owner to add one.'
            )
          }
          action={canCreate ? <LinkButton href="/dealerships/new">Add your first dealership</LinkButton> : null}
        />
      ) : (
        <>
          {group.scannedDealerships === 0 && !anyRunning ? (
            <div className="mb-8">
              <EmptyState
                title="No scans yet"
                description={
                  canGenerate
                    ? 'A scan reads a dealership’s website the way AI crawlers do and scores what they can find. It takes about a minute.'
                    : 'Nobody has scanned a dealership yet. Ask a manager, admin or owner to run the first scan.'
                }
                action={
                  canGenerate && only ? (
                    <ScanButton dealershipId={only.id} dealershipName={only.name} label="Run your first scan" align="center" />
                  ) : canGenerate ? (
                    <p className="text-sm text-slate-700">Choose “Run first scan” on a dealership below.</p>
                  ) : null
                }
              />
            </div>
          ) : (
            <GroupSummary overview={overview} />
          )}

          {flags.newDashboard && overview.group.scannedDealerships > 0 ? <StoreComparison overview={overview} /> : null}
          <section aria-labelledby="stores" className="mb-8">
            <h2 id="stores" className="mb-4 text-xl font-semibold text-slate-900">
              Dealerships
            </h2>
            <ul className="grid items-start gap-4 lg:grid-cols-2">
              {dealerships.map((d) => (
                <li key={d.id}>
                  <DealershipCard d={d} canGenerate={canGenerate && !(only && group.scannedDealerships === 0 && !anyRunning)} canEdit={canEdit} />
                </li>
              ))}
            </ul>
            {counts.dealerships > dealerships.length ? (
              <p className="mt-3 text-sm text-slate-700">
                Showing the first {dealerships.length} of {counts.dealerships} dealerships.
              </p>
            ) : null}
          </section>

          {group.scannedDealerships > 0 ? <TopRecommendations items={topRecommendations} /> : null}
        </>
      )}
    </>
  );
}
