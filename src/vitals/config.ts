/**
 * Settings of the field measurements, read from process.env on each call (the root layout is
 * rendered per request). Both reach the browser as props of <WebVitals>.
 *
 *   VITALS_SAMPLE_RATE  share of page loads that report, 0–1; default 1 in development, 0.1 in production
 *   RELEASE_ID          the deployed release; else VERCEL_GIT_COMMIT_SHA, else 'dev' (as /api/health)
 */
export function vitalsSampleRate(env: Record<string, string | undefined> = process.env): number {
  const fallback = env.NODE_ENV === 'production' ? 0.1 : 1;
  const raw = env.VITALS_SAMPLE_RATE?.trim();
  if (!raw) return fallback;
  const rate = Number(raw);
  return Number.isFinite(rate) && rate >= 0 && rate <= 1 ? rate : fallback;
}

export function releaseId(env: Record<string, string | undefined> = process.env): string {
  const raw = (env.RELEASE_ID ?? env.VERCEL_GIT_COMMIT_SHA ?? '').trim();
  const clean = raw.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 64);
  return clean || 'dev';
}
