import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { z } from 'zod';
import { getDealership } from '@/src/dealerships';
import { getReport } from '@/src/reports';
import { allowed, pageQuery } from '@/src/web/session';
import { currentContext, problemStatus } from '@/components/server/current';
import { ReportView } from '@/components/reports/ReportView';
import type { ReportJson } from '@/components/reports/types';
import { PageHeader, linkClasses } from '@/components/ui';

export const dynamic = 'force-dynamic';

/** Unknown, foreign or malformed ids are all a 404 (another tenant's report is never confirmed). */
const loadReport = cache(async (id: string) => {
  if (!z.uuid().safeParse(id).success) notFound();
  const { principal } = await currentContext();
  try {
    return await pageQuery(principal, async (tx) => {
      const report = await getReport(tx, id);
      const dealership = await getDealership(tx, report.dealershipId);
      return { report: report as unknown as ReportJson, dealership };
    });
  } catch (err) {
    if (problemStatus(err) === 404) notFound();
    throw err;
  }
});

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { dealership } = await loadReport((await params).id);
  return { title: `Report: ${dealership.name}` };
}

export default async function ReportPage({ params }: Props) {
  const { report, dealership } = await loadReport((await params).id);
  const { principal } = await currentContext();

  return (
    <>
      <p className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <AppLink href={`/dealerships/${dealership.id}`} className={linkClasses}>
          <span aria-hidden="true">← </span>
          {dealership.name}
        </AppLink>
        <AppLink href="/reports" className={linkClasses}>
          All reports
        </AppLink>
      </p>
      <PageHeader title={`AI visibility report: ${dealership.name}`} />
      <ReportView
        report={report}
        dealership={{ id: dealership.id, name: dealership.name, websiteUrl: dealership.websiteUrl }}
        canGenerate={allowed(principal, 'report:generate')}
        canEditDealership={allowed(principal, 'dealership:update')}
      />
    </>
  );
}
