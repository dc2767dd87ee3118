'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/** Server renders (and hydration) use UTC, clearly marked; the browser then shows the viewer's own time zone. */
const utcDateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const utcDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

export function formatLocal(iso: string, withTime = true): string {
  const date = new Date(iso);
  return withTime
    ? // dateStyle/timeStyle cannot be combined with timeZoneName: spell the fields out.
      new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(date)
    : new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date);
}

export function formatUtc(iso: string, withTime = true): string {
  const date = new Date(iso);
  return withTime ? `${utcDateTime.format(date)} UTC` : utcDate.format(date);
}

/** True in the browser after hydration, false on the server and while hydrating. */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/** A point in time in the viewer's time zone (UTC, labelled, until the page is interactive). */
export function Time({ iso, withTime = true, className }: { iso: string; withTime?: boolean; className?: string }) {
  const client = useIsClient();
  return (
    <time dateTime={iso} className={className}>
      {client ? formatLocal(iso, withTime) : formatUtc(iso, withTime)}
    </time>
  );
}
