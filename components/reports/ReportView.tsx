import { Alert, Card, buttonClasses } from '@/components/ui';
import { ReportBody } from './ReportBody';
import { ReportWatcher } from './ReportWatcher';
import { ScanButton } from './ScanButton';
import { Time } from './Time';
import type { ReportJson } from './types';

type Props = {
  report: ReportJson;
  dealership: { id: string; name: string; websiteUrl: string };
  canGenerate: boolean;
  canEditDealership: boolean;
};

/**
 * One report, rendered on the server: a finished report's findings ship no JavaScript and cost
 * nothing to hydrate. Only the watcher (progress while the scan runs), the times and the scan
 * buttons are client components.
 */
export function ReportView({ report, dealership, canGenerate, canEditDealership }: Props) {
  const result = report.status === 'succeeded' ? report.result : null;

  return (
    <div className="space-y-6">
      <dl className="flex flex-wrap gap-x-8 gap-y-2 text-sm">
        <div>
          <dt className="font-medium text-slate-600">Website</dt>
          <dd className="break-all text-slate-900">{result?.siteOrigin ?? dealership.websiteUrl}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-600">Requested</dt>
          <dd className="text-slate-900">
            <Time iso={report.createdAt} />
          </dd>
        </div>
        {report.finishedAt ? (
          <div>
            <dt className="font-medium text-slate-600">
              {report.status === 'failed' ? 'Stopped' : 'Finished'}
            </dt>
            <dd className="text-slate-900">
              <Time iso={report.finishedAt} />
            </dd>
          </div>
        ) : null}
      </dl>

      <ReportWatcher
        initial={{
          id: report.id,
          status: report.status,
          progress: report.progress,
          overallScore: report.overallScore,
          error: report.error,
        }}
        websiteUrl={dealership.websiteUrl}
      />

      {report.status === 'failed' ? (
        <Card title="The scan failed">
          <Alert tone="error" live={false}>
            {report.error ?? 'The scan stopped without a reason.'}
          </Alert>
          {canGenerate ? (
            <ScanButton dealershipId={dealership.id} label="Try again" className="mt-4" />
          ) : null}
        </Card>
      ) : null}

      {report.status === 'succeeded' ? (
        result ? (
          <>
            <div className="flex flex-wrap items-center gap-3">
              <h2 className="sr-only">Downloads and actions</h2>
              {(['pdf', 'csv', 'json'] as const).map((format) => (
                <a
                  key={format}
                  href={`/api/reports/${report.id}/download?format=${format}`}
                  download
                  className={buttonClasses('secondary')}
                >
                  Download {format.toUpperCase()}
                </a>
              ))}
              {canGenerate ? <ScanButton dealershipId={dealership.id} label="Scan again" /> : null}
            </div>
            <ReportBody result={result} dealershipId={dealership.id} canEditDealership={canEditDealership} />
          </>
        ) : (
          <Alert tone="error" live={false}>
            This report finished but its results could not be read.
          </Alert>
        )
      ) : null}
    </div>
  );
}
