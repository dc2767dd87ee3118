'use client';

import { useEffect, useState } from 'react';
import { api } from '@/components/api';
import { Alert, Card, buttonClasses } from '@/components/ui';
import { ReportBody } from './ReportBody';
import { ReportProgress } from './ReportProgress';
import { ScanButton } from './ScanButton';
import { Time } from './Time';
import { phaseLabel } from './format';
import type { ReportJson } from './types';

const POLL_MS = 1500;
const MAX_BACKOFF_MS = 15_000;

const isActive = (r: Pick<ReportJson, 'status'>) => r.status === 'queued' || r.status === 'running';

/** What the polite live region says; it changes only when the step changes, not on every poll. */
function announcement(r: ReportJson): string {
  if (r.status === 'queued') return 'Scan queued.';
  if (r.status === 'running') return `Scan running: ${phaseLabel(r.progress?.phase)}.`;
  if (r.status === 'failed') return `Scan failed. ${r.error ?? ''}`.trim();
  return r.overallScore === null ? 'Scan finished.' : `Scan finished. AI Visibility Score ${r.overallScore} out of 100.`;
}

type Props = {
  initial: ReportJson;
  dealership: { id: string; name: string; websiteUrl: string };
  canGenerate: boolean;
  canEditDealership: boolean;
};

/**
 * One report. While it is queued or running it polls GET /api/reports/:id every 1.5 s and shows
 * progress; once finished it renders the whole report in place (no reload).
 */
export function ReportView({ initial, dealership, canGenerate, canEditDealership }: Props) {
  const [report, setReport] = useState(initial);
  const [pollProblem, setPollProblem] = useState<string | null>(null);
  const [gone, setGone] = useState(false);
  // Only announce changes the viewer watched happen, not the state the page opened in.
  const [watched] = useState(isActive(initial));
  const active = isActive(report) && !gone;

  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    let failures = 0;
    const tick = async () => {
      const res = await api<ReportJson>(`/api/reports/${report.id}`);
      if (cancelled) return;
      if (res.ok) {
        failures = 0;
        setPollProblem(null);
        setReport(res.data);
        if (isActive(res.data)) timer = setTimeout(tick, POLL_MS);
        return;
      }
      if (res.status === 404) {
        setGone(true);
        return;
      }
      failures += 1;
      setPollProblem(`Could not check on the scan just now: ${res.detail} Retrying automatically.`);
      timer = setTimeout(tick, Math.min(POLL_MS * 2 ** failures, MAX_BACKOFF_MS));
    };
    timer = setTimeout(tick, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [active, report.id]);

  const result = report.status === 'succeeded' ? report.result : null;

  return (
    <div className="space-y-6">
      <div aria-live="polite" className="sr-only" data-testid="report-live">
        {watched ? announcement(report) : ''}
      </div>

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
            <dt className="font-medium text-slate-600">{report.status === 'failed' ? 'Stopped' : 'Finished'}</dt>
            <dd className="text-slate-900">
              <Time iso={report.finishedAt} />
            </dd>
          </div>
        ) : null}
      </dl>

      {gone ? (
        <Alert tone="error" title="This report no longer exists">
          Its dealership may have been deleted.
        </Alert>
      ) : null}
      {pollProblem && !gone ? <Alert tone="warning">{pollProblem}</Alert> : null}

      {active ? <ReportProgress report={report} websiteUrl={dealership.websiteUrl} /> : null}

      {report.status === 'failed' ? (
        <Card title="The scan failed">
          <Alert tone="error" live={false}>
            {report.error ?? 'The scan stopped without a reason.'}
          </Alert>
          {canGenerate ? <ScanButton dealershipId={dealership.id} label="Try again" className="mt-4" /> : null}
        </Card>
      ) : null}

      {report.status === 'succeeded' ? (
        result ? (
          <>
            <div className="flex flex-wrap items-center gap-3">
              <h2 className="sr-only">Downloads and actions</h2>
              {(['pdf', 'csv', 'json'] as const).map((format) => (
                <a key={format} href={`/api/reports/${report.id}/download?format=${format}`} download className={buttonClasses('secondary')}>
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
