/**
 * Labels and formatting shared by the dashboard, dealership and report pages (server and
 * client alike: no hooks, no server imports). Bands follow src/dashboard's BANDS.
 */
import type { CheckStatus, Effort, Priority, ScanProgress } from '@/src/scans/types';

import { BANDS as BAND_THRESHOLDS, bandFor as bandOf, type Band } from '@/src/dashboard/bands';

export { BAND_THRESHOLDS, bandOf, type Band };
export type ReportStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export const BAND_LABELS: Record<Band, string> = {
  green: 'Green: strong',
  yellow: 'Yellow: needs work',
  red: 'Red: at risk',
};

export const BAND_RANGES: Record<Band, string> = {
  green: `${BAND_THRESHOLDS.green}–100`,
  yellow: `${BAND_THRESHOLDS.yellow}–${BAND_THRESHOLDS.green - 1}`,
  red: `0–${BAND_THRESHOLDS.yellow - 1}`,
};

export const STATUS_LABELS: Record<ReportStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Finished',
  failed: 'Failed',
};

export const CHECK_STATUS_LABELS: Record<CheckStatus, string> = {
  pass: 'Pass',
  warn: 'Warning',
  fail: 'Fail',
  not_applicable: 'Not applicable',
};

export const PRIORITY_LABELS: Record<Priority, string> = { high: 'High priority', medium: 'Medium priority', low: 'Low priority' };
export const EFFORT_LABELS: Record<Effort, string> = { low: 'Low effort', medium: 'Medium effort', high: 'High effort' };

export const PHASE_LABELS: Record<ScanProgress['phase'], string> = {
  robots: 'Reading robots.txt',
  sitemap: 'Looking for the sitemap',
  pages: 'Fetching pages',
  probes: 'Asking answer engines',
  checks: 'Running the checks',
  done: 'Finishing up',
};

export const phaseLabel = (phase: string | undefined | null): string =>
  phase && phase in PHASE_LABELS ? PHASE_LABELS[phase as ScanProgress['phase']] : 'Waiting to start';

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const numbers = new Intl.NumberFormat('en-US');

export const formatMoney = (value: number, currency = 'USD') =>
  currency === 'USD' ? dollars.format(value) : new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
export const formatNumber = (value: number) => numbers.format(value);
export const formatRange = (low: number, high: number, currency = 'USD') => `${formatMoney(low, currency)}–${formatMoney(high, currency)}`;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;

export const MISSING_INPUTS_MESSAGE = 'Add your monthly used-unit sales and average front-end gross to estimate';

/** Score points a fix would add, e.g. "+3.8 points". */
export const formatPoints = (n: number) => `+${Number.isInteger(n) ? n : n.toFixed(1)} ${n === 1 ? 'point' : 'points'}`;
