'use client';

import dynamic from 'next/dynamic';
import { useSyncExternalStore } from 'react';
import { DESKTOP_POINTER } from './desktop-pointer';

// Its code is fetched only where it can ever show: touch screens never download it.
const ExitIntentDialog = dynamic(() => import('./ExitIntentDialog'), { ssr: false });

const subscribe = (onChange: () => void) => {
  const query = window.matchMedia(DESKTOP_POINTER);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
};

/**
 * The exit-intent offer (ExitIntentDialog) on desktop pointers only. Rendered on the server and
 * while hydrating as nothing: the closed dialog has nothing to show before then.
 */
export function ExitIntent(props: { freeDealerships: number | null; freeScans: number | null }) {
  const desktop = useSyncExternalStore(
    subscribe,
    () => window.matchMedia(DESKTOP_POINTER).matches,
    () => false,
  );
  return desktop ? <ExitIntentDialog {...props} /> : null;
}
