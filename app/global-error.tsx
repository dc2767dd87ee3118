'use client';

import { useEffect, useRef } from 'react';
import './globals.css';

function errorDigest(error: unknown): string | undefined {
  const digest = error instanceof Error ? (error as Error & { digest?: unknown }).digest : undefined;
  return typeof digest === 'string' && digest ? digest : undefined;
}

/**
 * Replaces the root layout when it fails, so it renders its own document and depends on as
 * little as possible (plain elements, no shared components). No message or stack trace in
 * production: the digest is the reference that matches the server log.
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    console.error(error);
    if (process.env.NEXT_PUBLIC_SENTRY_DSN && !errorDigest(error)) {
      void import('@sentry/nextjs').then((Sentry) => Sentry.captureException(error)).catch(() => undefined);
    }
    heading.current?.focus();
  }, [error]);

  const digest = errorDigest(error);
  const detail = process.env.NODE_ENV !== 'production' && error instanceof Error ? error.message : null;

  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-slate-900 antialiased">
        <title>Something went wrong · DealershipAI</title>
        <main id="main" className="mx-auto max-w-xl space-y-4 px-4 py-16">
          <h1 ref={heading} tabIndex={-1} className="text-2xl font-bold text-slate-900 outline-none">
            Something went wrong
          </h1>
          <p
            role="alert"
            className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800"
          >
            DealershipAI could not be loaded. The problem has been logged.
          </p>
          {digest ? (
            <p className="text-sm text-slate-700">
              If you contact support, quote this reference:{' '}
              <code className="rounded bg-slate-100 px-1 font-mono">{digest}</code>
            </p>
          ) : null}
          {detail ? <p className="text-sm text-slate-600">Development only: {detail}</p> : null}
          <p className="flex flex-wrap items-center gap-4">
            <button
              type="button"
              onClick={() => retry()}
              className="inline-flex min-h-10 items-center justify-center rounded-md border border-slate-500 bg-white px-4 py-2 text-sm font-semibold text-slate-900 hover:bg-slate-100"
            >
              Try again
            </button>
            {/* A full page load: the app's router may be what failed. */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
            <a href="/" className="font-medium text-blue-700 underline hover:text-blue-900">
              Go to the home page
            </a>
          </p>
        </main>
      </body>
    </html>
  );
}
