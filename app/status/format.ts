import type { DayLevel, HealthStatus } from '@/src/status';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "25 Nov 2026" from "2026-11-25". */
export const formatDay = (day: string) => dateFormat.format(new Date(`${day}T00:00:00Z`));
export const formatDateTime = (date: Date) => `${dateTimeFormat.format(date)} UTC`;
export const formatTime = (date: Date) => `${timeFormat.format(date)} UTC`;
export const formatPercent = (value: number | null) =>
  value === null ? 'no data' : `${value.toFixed(2).replace(/\.?0+$/, '')} %`;

export const STATUS_TEXT: Record<HealthStatus, string> = {
  pass: 'Operational',
  warn: 'Degraded',
  fail: 'Down',
};
export const STATUS_ICON: Record<HealthStatus, string> = { pass: '✓', warn: '!', fail: '✕' };
export const STATUS_CHIP: Record<HealthStatus, string> = {
  pass: 'border-green-700 bg-green-50 text-green-800',
  warn: 'border-amber-700 bg-amber-50 text-amber-900',
  fail: 'border-red-700 bg-red-50 text-red-800',
};

/** Colour and height both encode the level, so the bars do not rely on colour alone. */
export const LEVEL_BAR: Record<DayLevel, string> = {
  operational: 'h-full bg-green-600',
  degraded: 'h-3/4 bg-amber-500',
  'partial-outage': 'h-1/2 bg-orange-600',
  'major-outage': 'h-1/4 bg-red-700',
  'no-data': 'h-1 bg-slate-400',
};
