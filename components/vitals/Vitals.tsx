import { Analytics } from '@vercel/analytics/next';
import { SpeedInsights } from '@vercel/speed-insights/next';
import { releaseId, vitalsSampleRate } from '@/src/vitals/config';
import { WebVitals } from './WebVitals';

/**
 * Mounted once in the root layout. Our own field measurements always (sampled by
 * VITALS_SAMPLE_RATE); Vercel Web Analytics and Speed Insights only when the app runs on Vercel
 * (VERCEL is set there), since their scripts and endpoints exist only on Vercel's edge.
 * Both load their script from our own origin (/_vercel/...), injected by a nonced script, so the
 * strict CSP ('strict-dynamic') allows them and connect-src 'self' covers their beacons.
 */
export function Vitals() {
  const onVercel = Boolean(process.env.VERCEL);
  return (
    <>
      <WebVitals sampleRate={vitalsSampleRate()} release={releaseId()} />
      {onVercel ? (
        <>
          <Analytics />
          <SpeedInsights />
        </>
      ) : null}
    </>
  );
}
