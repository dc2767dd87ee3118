import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { notFound } from 'next/navigation';
import { Alert, PageHeader, linkClasses } from '@/components/ui';
import { ThresholdLegend, VitalsWindowTable } from '@/components/vitals/VitalsTables';
import { isOperator } from '@/src/flags';
import { vitalsReport, vitalsSampleRate } from '@/src/vitals';
import { requireUser } from '@/src/web/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Web vitals · Operations' };

/** Operators only (OPERATOR_EMAILS); anyone else sees the ordinary not-found page. */
export default async function OpsVitalsPage() {
  const user = await requireUser();
  if (!isOperator(user)) notFound();
  const report = await vitalsReport();
  const rate = vitalsSampleRate();

  return (
    <>
      <PageHeader
        title="Web vitals"
        description="Core Web Vitals measured in real visitors’ browsers: the 75th percentile per route, rated against Google’s thresholds. Routes are patterns; nothing identifies a visitor, a dealer group or a record."
      />
      <div className="space-y-6">
        <p className="text-sm text-slate-700">
          This deployment samples {Math.round(rate * 1000) / 10}% of page loads (VITALS_SAMPLE_RATE). Figures with few measurements are noisy: look at the
          counts. Lab figures for the same pages come from <code>npm run lighthouse</code>; see also{' '}
          <AppLink href="/ops/flags" className={linkClasses}>
            feature flags
          </AppLink>
          .
        </p>
        {report.truncated ? (
          <Alert tone="warning" live={false} title="Partial figures">
            More measurements were stored than this page reads at once; the figures cover the newest ones only.
          </Alert>
        ) : null}
        {report.windows.map((w) => (
          <VitalsWindowTable key={w.days} summary={w} />
        ))}
        <ThresholdLegend />
      </div>
    </>
  );
}
