import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { z } from 'zod';
import { listReports } from '@/src/reports';
import { allowed, pageQuery } from '@/src/web/session';
import { currentContext, problemStatus } from '@/components/server/current';
import { dealershipNames } from '@/components/server/reports';
import { ReportTable } from '@/components/reports/ReportHistory';
import type { ReportListItem } from '@/components/reports/types';
import { Alert, Button, EmptyState, LinkButton, PageHeader, Select, linkClasses } from '@/components/ui';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Reports' };

const PAGE = 20;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
type Page = { data: ReportListItem[]; nextCursor: string | null };

export default async function ReportsPage({ searchParams }: Props) {
  const params = await searchParams;
  const cursor = typeof params.cursor === 'string' && params.cursor ? params.cursor : undefined;
  const rawDealership = typeof params.dealershipId === 'string' && params.dealershipId ? params.dealershipId : undefined;
  const dealershipId = rawDealership && z.uuid().safeParse(rawDealership).success ? rawDealership : undefined;
  const { principal, tenant } = await currentContext();

  const names = await pageQuery(principal, (tx) => dealershipNames(tx));
  let page: Page | null = null;
  if (!rawDealership || dealershipId) {
    try {
      page = (await pageQuery(principal, (tx) => listReports(tx, { dealershipId, limit: PAGE, cursor }))) as Page;
    } catch (err) {
      if (problemStatus(err) !== 400) throw err;
    }
  }
  const nameById = new Map(names.map((d) => [d.id, d.name]));
  const filterName = dealershipId ? nameById.get(dealershipId) : undefined;
  const filterQuery = dealershipId ? `dealershipId=${dealershipId}` : '';
  const firstHref = filterQuery ? `/reports?${filterQuery}` : '/reports';

  return (
    <>
      <PageHeader title="Reports" description={`Every scan in ${tenant.name}, newest first.`} />

      {names.length > 0 ? (
        <form method="get" action="/reports" className="mb-6 flex flex-wrap items-end gap-3" role="search" aria-label="Filter reports">
          <Select label="Dealership" name="dealershipId" defaultValue={dealershipId ?? ''} wrapperClassName="w-full max-w-xs">
            <option value="">All dealerships</option>
            {names.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </Select>
          <Button type="submit" variant="secondary">
            Show reports
          </Button>
          {dealershipId ? (
            <AppLink href="/reports" className={`${linkClasses} py-2 text-sm`}>
              Clear filter
            </AppLink>
          ) : null}
        </form>
      ) : null}

      {!page ? (
        <Alert tone="error" live={false}>
          This page link is not valid.{' '}
          <AppLink href="/reports" className="font-medium underline">
            Show all reports
          </AppLink>
          .
        </Alert>
      ) : page.data.length === 0 && !cursor ? (
        names.length === 0 ? (
          <EmptyState
            title="No reports yet"
            description="Reports appear here once a dealership has been scanned. Start by adding a dealership."
            action={allowed(principal, 'dealership:create') ? <LinkButton href="/dealerships/new">Add your first dealership</LinkButton> : null}
          />
        ) : (
          <EmptyState
            title={filterName ? `No reports for ${filterName} yet` : 'No reports yet'}
            description={
              allowed(principal, 'report:generate')
                ? 'Open a dealership and choose “Scan now” (or “Run your first scan”) to create its first report.'
                : 'Ask a manager, admin or owner to run the first scan.'
            }
            action={<LinkButton href={dealershipId ? `/dealerships/${dealershipId}` : '/dealerships'} variant="secondary">{dealershipId ? 'Open the dealership' : 'View dealerships'}</LinkButton>}
          />
        )
      ) : (
        <section aria-labelledby="report-list">
          <h2 id="report-list" className="sr-only">
            {filterName ? `Reports for ${filterName}` : 'All reports'}
          </h2>
          <div className="rounded-lg border border-slate-300 bg-white p-4 shadow-sm sm:p-6">
            {page.data.length === 0 ? (
              <p className="text-sm text-slate-700">No older reports.</p>
            ) : (
              <ReportTable reports={page.data} names={nameById} label={filterName ? `Reports for ${filterName}` : 'All reports'} />
            )}
          </div>
          {cursor || page.nextCursor ? (
            <nav aria-label="Report pages" className="mt-4 flex flex-wrap gap-4 text-sm">
              {cursor ? (
                <AppLink href={firstHref} className={linkClasses}>
                  Newest reports
                </AppLink>
              ) : null}
              {page.nextCursor ? (
                <AppLink href={`/reports?${filterQuery ? `${filterQuery}&` : ''}cursor=${encodeURIComponent(page.nextCursor)}`} className={linkClasses}>
                  Older reports
                </AppLink>
              ) : null}
            </nav>
          ) : null}
        </section>
      )}
    </>
  );
}
