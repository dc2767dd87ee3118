import { cn } from '@/components/ui';
import { CHECK_STATUS_LABELS, STATUS_LABELS, type ReportStatus } from './format';
import type { CheckStatus } from '@/src/scans/types';

const REPORT_TONES: Record<ReportStatus, string> = {
  queued: 'border-slate-500 bg-slate-50 text-slate-800',
  running: 'border-blue-700 bg-blue-50 text-blue-900',
  succeeded: 'border-green-700 bg-green-50 text-green-900',
  failed: 'border-red-700 bg-red-50 text-red-900',
};

export function ReportStatusBadge({ status }: { status: ReportStatus }) {
  return (
    <span className={cn('inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-semibold whitespace-nowrap', REPORT_TONES[status])}>
      {STATUS_LABELS[status]}
    </span>
  );
}

const CHECK_TONES: Record<CheckStatus, string> = {
  pass: 'border-green-700 bg-green-50 text-green-900',
  warn: 'border-amber-600 bg-amber-50 text-amber-950',
  fail: 'border-red-700 bg-red-50 text-red-900',
  not_applicable: 'border-slate-500 bg-slate-50 text-slate-800',
};
const CHECK_ICONS: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✕', not_applicable: '–' };

export function CheckStatusBadge({ status }: { status: CheckStatus }) {
  return (
    <span className={cn('inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-semibold whitespace-nowrap', CHECK_TONES[status])}>
      <span aria-hidden="true">{CHECK_ICONS[status]}</span>
      {CHECK_STATUS_LABELS[status]}
    </span>
  );
}
