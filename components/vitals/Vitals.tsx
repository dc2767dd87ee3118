import { releaseId, vitalsSampleRate } from '@/src/vitals/config';
import { VercelInsights } from './VercelInsights';
import { WebVitals } from './WebVitals';

/**
 * Mounted once in the root layout (rendered per request, so the settings are read at run time).
 * Our own field measurements always, sampled by VITALS_SAMPLE_RATE (components/vitals/WebVitals.tsx).
 * Vercel Web Analytics and Speed Insights only when the app runs on Vercel (VERCEL is set
 * there): their endpoints exist only on Vercel's edge, and elsewhere not even their code is
 * downloaded (components/vitals/VercelInsights.tsx).
 */
export function Vitals() {
  return (
    <>
      <WebVitals sampleRate={vitalsSampleRate()} release={releaseId()} />
      {process.env.VERCEL ? <VercelInsights /> : null}
    </>
  );
}
