import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { z } from 'zod';
import { getDealership } from '@/src/dealerships';
import { listReports } from '@/src/reports';
import { allowed, pageQuery } from '@/src/web/session';
import { currentContext, problemStatus } from '@/components/server/current';
import { dealershipScans } from '@/components/server/reports';
import { DealershipDetails } from '@/components/dealerships/DealershipDetails';
import { DealershipForm } from '@/components/dealerships/DealershipForm';
import { DeleteDealership } from '@/components/dealerships/DeleteDealership';
import { LatestScan } from '@/components/reports/LatestScan';
import { ReportTable } from '@/components/reports/ReportHistory';
import { ScanButton } from '@/components/reports/ScanButton';
import type { ReportListItem } from '@/components/reports/types';
import { Alert, Card, PageHeader, linkClasses } from '@/components/ui';

export const dynamic = 'force-dynamic';

const HISTORY_PAGE = 10;

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
  const query = await searchParams;
  const created = query.created === '1';
  const first = query.first === '1';
  const cursor = typeof query.cursor === 'string' && query.cursor ? query.cursor : undefined;
  const { principal } = await currentContext();
  const canUpdate = allowed(principal, 'dealership:update');
  const canDelete = allowed(principal, 'dealership:delete');
  const canGenerate = allowed(principal, 'report:generate');

  const scans = await pageQuery(principal, (tx) => dealershipScans(tx, dealership.id));
  type History = { data: ReportListItem[]; nextCursor: string | null };
  let history: History | null = null;
  try {
    history = (await pageQuery(principal, (tx) =>
      listReports(tx, { dealershipId: dealership.id, limit: HISTORY_PAGE, cursor }),
    )) as History;
  } catch (err) {
    if (problemStatus(err) !== 400) throw err;
  }
  const neverScanned = !scans.latest && !scans.inProgress && !cursor && history?.data.length === 0;
  const base = `/dealerships/${dealership.id}`;

  return (
    <>
      <p className="mb-2 text-sm">
        <AppLink href="/dealerships" className={linkClasses}>
          <span aria-hidden="true">← </span>All dealerships
        </AppLink>
      </p>
      <PageHeader
        title={dealership.name}
        actions={
          <>
            {canGenerate && !neverScanned && !scans.inProgress ? (
              <ScanButton dealershipId={dealership.id} />
            ) : null}
            {canDelete ? <DeleteDealership id={dealership.id} name={dealership.name} /> : null}
          </>
        }
      />
      {created ? (
        <Alert tone="success" className="mb-6">
          {dealership.name} was added.
          {first && canGenerate
            ? ' Next, run its first scan to see how visible it is to AI answer engines.'
            : null}
        </Alert>
      ) : null}

      <div className="space-y-6">
        <LatestScan
          dealershipId={dealership.id}
          dealershipName={dealership.name}
          latest={scans.latest}
          inProgress={scans.inProgress}
          trend={scans.trend}
          canGenerate={canGenerate}
          canEdit={canUpdate}
          highlight={first}
        />

        {neverScanned ? null : (
          <div id="history" className="scroll-mt-4">
            <Card title="Report history">
              {!history ? (
                <Alert tone="error" live={false}>
                  This page link is not valid.{' '}
                  <AppLink href={base} className="font-medium underline">
                    Go to the newest reports
                  </AppLink>
                  .
                </Alert>
              ) : history.data.length === 0 ? (
                <p className="text-sm text-slate-700">{cursor ? 'No older reports.' : 'No reports yet.'}</p>
              ) : (
                <ReportTable reports={history.data} label={`Report history for ${dealership.name}`} />
              )}
              {history && (cursor || history.nextCursor) ? (
                <nav aria-label="Report history pages" className="mt-4 flex flex-wrap gap-4 text-sm">
                  {cursor ? (
                    <AppLink href={`${base}#history`} className={linkClasses}>
                      Newest reports
                    </AppLink>
                  ) : null}
                  {history.nextCursor ? (
                    <AppLink
                      href={`${base}?cursor=${encodeURIComponent(history.nextCursor)}#history`}
                      className={linkClasses}
                    >
                      Older reports
                    </AppLink>
                  ) : null}
                </nav>
              ) : null}
            </Card>
          </div>
        )}

        <div className="grid items-start gap-6 lg:grid-cols-5">
          <Card title="Details" className="lg:col-span-2">
            <DealershipDetails dealership={dealership} />
          </Card>
          {canUpdate ? (
            <div id="edit" className="scroll-mt-4 lg:col-span-3">
              <Card title="Edit details">
                <DealershipForm mode="edit" dealership={dealership} />
              </Card>
            </div>
          ) : null}
        </div>
      </div>
    </>
  );
}
