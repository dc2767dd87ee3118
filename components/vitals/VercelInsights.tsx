'use client';

import dynamic from 'next/dynamic';

/*
 * Vercel Web Analytics and Speed Insights, each in its own chunk that is downloaded only when
 * this component renders (components/vitals/Vitals.tsx renders it on Vercel only), so other
 * deployments ship none of their code. Both inject their script from our own origin
 * (/_vercel/insights/script.js, /_vercel/speed-insights/script.js) with document.createElement
 * from an already trusted script: the nonce CSP's 'strict-dynamic' allows that, and their
 * beacons go to the same origin (connect-src 'self').
 */
const Analytics = dynamic(() => import('@vercel/analytics/next').then((m) => m.Analytics), { ssr: false });
const SpeedInsights = dynamic(() => import('@vercel/speed-insights/next').then((m) => m.SpeedInsights), { ssr: false });

export function VercelInsights() {
  return (
    <>
      <Analytics />
      <SpeedInsights />
    </>
  );
}
