'use client';

import { useEffect, useRef } from 'react';
import { useParams, usePathname } from 'next/navigation';
import type { MetricWithAttribution } from 'web-vitals/attribution';
import { deviceClass, elementSelector, routePattern, sanitizeTarget } from '@/src/vitals/route-pattern';

type Props = {
  /** Share of page loads that report (VITALS_SAMPLE_RATE), decided once per page load. */
  sampleRate: number;
  /** RELEASE_ID of the deployment that rendered the page. */
  release: string;
  endpoint?: string;
};

type Queued = { name: string; value: number; route: string; navigationType: string; target: string | null };

/** Must match src/vitals/beacon.ts MAX_METRICS_PER_BEACON. */
const MAX_PER_BEACON = 10;
/** web-vitals registers observers that cannot be removed: once per page load, also under StrictMode. */
let started = false;

function targetOf(metric: MetricWithAttribution): string | null {
  switch (metric.name) {
    case 'LCP':
      return sanitizeTarget(metric.attribution.target);
    case 'INP':
      return sanitizeTarget(metric.attribution.interactionTarget);
    case 'CLS':
      return sanitizeTarget(metric.attribution.largestShiftTarget);
    default:
      return null;
  }
}

/**
 * Field Core Web Vitals (LCP, INP, CLS, FCP, TTFB) with attribution, from the `web-vitals`
 * library, sent to POST /api/vitals with navigator.sendBeacon when the page is hidden (or once
 * all five are in). Only the route PATTERN is sent (`/reports/[id]`), never the URL. Renders
 * nothing; the library is loaded after hydration, off the critical path (its observers read
 * buffered entries, so nothing measured before it loads is lost).
 */
export function WebVitals({ sampleRate, release, endpoint = '/api/vitals' }: Props) {
  const pathname = usePathname();
  const params = useParams();
  const route = useRef('/');

  useEffect(() => {
    route.current = routePattern(pathname ?? '/', params);
  }, [pathname, params]);

  useEffect(() => {
    if (started || !(Math.random() < sampleRate)) return;
    started = true;
    const device = deviceClass(window.innerWidth);
    const queue: Queued[] = [];

    const flush = () => {
      while (queue.length > 0) {
        const body = JSON.stringify({ release, device, metrics: queue.splice(0, MAX_PER_BEACON) });
        const sent = typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(endpoint, new Blob([body], { type: 'application/json' }));
        if (!sent) {
          void fetch(endpoint, { method: 'POST', body, headers: { 'content-type': 'application/json' }, keepalive: true, credentials: 'omit' }).catch(() => {});
        }
      }
    };
    const report = (metric: MetricWithAttribution) => {
      queue.push({ name: metric.name, value: metric.value, route: route.current, navigationType: metric.navigationType, target: targetOf(metric) });
      if (queue.length >= 5) flush();
    };

    void import('web-vitals/attribution')
      .then(({ onCLS, onFCP, onINP, onLCP, onTTFB }) => {
        const opts = { generateTarget: elementSelector };
        onTTFB(report, opts);
        onFCP(report, opts);
        onLCP(report, opts);
        onCLS(report, opts);
        onINP(report, opts);
        // After the library's own listeners, so the final CLS/INP/LCP are queued before the flush.
        document.addEventListener('visibilitychange', () => {
          if (document.visibilityState === 'hidden') flush();
        });
        window.addEventListener('pagehide', flush);
      })
      .catch(() => {
        // Measuring is best effort: a failed chunk load must not disturb the page.
      });
  }, [sampleRate, release, endpoint]);

  return null;
}
