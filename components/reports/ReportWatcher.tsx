'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { api } from '@/components/api';
import { Alert } from '@/components/ui';
import { ReportProgress } from './ReportProgress';
import { phaseLabel } from './format';
import type { ReportJson } from './types';

const POLL_MS = 1500;
const MAX_BACKOFF_MS = 15_000;

/** What the watcher needs of a report: never its result, which the page renders on the server. */
export type WatchedReport = Pick<ReportJson, 'id' | 'status' | 'progress' | 'overallScore' | 'error'>;

const isActive = (r: Pick<ReportJson, 'status'>) => r.status === 'queued' || r.status === 'running';

/** What the polite live region says; it changes only when the step changes, not on every poll. */
function announcement(r: WatchedReport): string {
  if (r.status === 'queued') return 'Scan queued.';
  if (r.status === 'running') return `Scan running: ${phaseLabel(r.progress?.phase)}.`;
  if (r.status === 'failed') return `Scan failed. ${r.error ?? ''}`.trim();
  return r.overallScore === null
    ? 'Scan finished.'
    : `Scan finished. AI Visibility Score ${r.overallScore} out of 100.`;
}

/**
 * The live part of a report page. While the scan is queued or running it polls
 * GET /api/reports/:id every 1.5 s and shows progress; when the scan ends it announces the
 * outcome and refreshes the page, whose server-rendered report then takes the progress card's
 * place (this component keeps its state across the refresh, so the announcement stays). For a
 * finished report it renders only an empty live region: the report itself ships no JavaScript.
 */
export function ReportWatcher({ initial, websiteUrl }: { initial: WatchedReport; websiteUrl: string }) {
  const router = useRouter();
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
        else router.refresh();
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
  }, [active, report.id, router]);

  return (
    <>
      <div aria-live="polite" className="sr-only" data-testid="report-live">
        {watched ? announcement(report) : ''}
      </div>
      {gone ? (
        <Alert tone="error" title="This report no longer exists">
          Its dealership may have been deleted.
        </Alert>
      ) : null}
      {pollProblem && !gone ? <Alert tone="warning">{pollProblem}</Alert> : null}
      {active ? <ReportProgress report={report} websiteUrl={websiteUrl} /> : null}
    </>
  );
}
