/** Formatting for plans and billing; shared by server and client components (no server imports). */
import type { BillingInterval, PlanView } from './types';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const num = new Intl.NumberFormat('en-US');

export const formatUsd = (dollars: number) => usd.format(dollars);
export const formatCount = (n: number) => num.format(n);

/** "$499 / month", "$4,990 / year", "$0". */
export function formatPrice(plan: Pick<PlanView, 'price'>, interval: BillingInterval): string {
  const amount = plan.price[interval];
  if (amount === 0) return '$0';
  return `${formatUsd(amount)} / ${interval}`;
}

export const INTERVAL_LABELS: Record<BillingInterval, string> = { month: 'Monthly', year: 'Annual' };

/** A plan limit in words: "5", "Unlimited". */
export const formatLimit = (value: number | null) => (value === null ? 'Unlimited' : formatCount(value));

/** 90 → "90 days", 365 → "1 year", 2555 → "7 years". */
export function formatRetention(days: number): string {
  if (days % 365 === 0) {
    const years = days / 365;
    return `${years} ${years === 1 ? 'year' : 'years'}`;
  }
  return `${formatCount(days)} ${days === 1 ? 'day' : 'days'}`;
}

export const formatTrial = (days: number) => (days > 0 ? `${days} days` : 'No trial');

/** Whole days from now until `iso`, never below 0; rounded up, so "ends later today" is 1 day. */
export function daysUntil(iso: string, now?: number): number {
  return Math.max(0, Math.ceil((new Date(iso).getTime() - (now ?? Date.now())) / 86_400_000));
}

export const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });
/** Dates are shown in UTC, the time zone Stripe's period ends and our grace periods are computed in. */
export const formatBillingDate = (iso: string) => dateFormat.format(new Date(iso));
