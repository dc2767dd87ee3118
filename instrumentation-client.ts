/**
 * Runs in the browser before the app hydrates (Next.js instrumentation-client convention).
 *
 * Sentry is loaded only when NEXT_PUBLIC_SENTRY_DSN was set at build time: without it, no
 * Sentry code is downloaded and nothing is sent. The SDK arrives as its own chunk, so the
 * first page load does not wait for it (errors in the first milliseconds may be missed).
 * Scrubbing is the same as on the server (src/observability/sentry.ts).
 */
const dsn = process.env.NEXT_PUBLIC_SENTRY_DSN;

if (dsn) {
  void Promise.all([import('@sentry/nextjs'), import('@/src/observability/sentry')])
    .then(([Sentry, { sentryOptions }]) => {
      const options = sentryOptions({
        dsn,
        release:
          process.env.NEXT_PUBLIC_SENTRY_RELEASE ||
          process.env.NEXT_PUBLIC_VERCEL_GIT_COMMIT_SHA ||
          undefined,
        environment:
          process.env.NEXT_PUBLIC_SENTRY_ENVIRONMENT ||
          process.env.NEXT_PUBLIC_VERCEL_ENV ||
          process.env.NODE_ENV,
      });
      if (options) Sentry.init(options);
    })
    .catch(() => {
      // Error tracking must never break the page.
    });
}
