'use client';

import { useEffect } from 'react';

/**
 * Marks <html data-hydrated> once React has hydrated the page and its event handlers are
 * live. Browser tests wait for it before they type or click after a full page load.
 */
export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return null;
}
