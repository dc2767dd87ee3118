'use client';

import { useEffect, useRef } from 'react';
import { AppLink } from '@/components/shell/AppLink';
import { Alert, Button, linkClasses } from '@/components/ui';

/** The digest Next.js attaches to server errors: the reference that matches the server log. */
function errorDigest(error: unknown): string | undefined {
  const digest = error instanceof Error ? (error as Error & { digest?: unknown }).digest : undefined;
  return typeof digest === 'string' && digest ? digest : undefined;
}

/**
 * Reports a client-side error to Sentry when it is configured. Server errors (they carry a
 * digest) were already reported on the server, with their real message.
 */
function reportClientError(error: unknown): void {
  if (!process.env.NEXT_PUBLIC_SENTRY_DSN || errorDigest(error)) return;
  void import('@sentry/nextjs').then((Sentry) => Sentry.captureException(error)).catch(() => undefined);
}

export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    console.error(error);
    reportClientError(error);
    heading.current?.focus();
  }, [error]);

  const digest = errorDigest(error);
  const detail = process.env.NODE_ENV !== 'production' && error instanceof Error ? error.message : null;

  return (
    <main id="main" className="mx-auto max-w-xl space-y-4 px-4 py-16">
      <h1 ref={heading} tabIndex={-1} className="text-2xl font-bold text-slate-900 outline-none">
        Something went wrong
      </h1>
      <Alert tone="error">This page could not be loaded. The problem has been logged.</Alert>
      {digest ? (
        <p className="text-sm text-slate-700">
          If you contact support, quote this reference:{' '}
          <code className="rounded bg-slate-100 px-1 font-mono">{digest}</code>
        </p>
      ) : null}
      {detail ? <p className="text-sm text-slate-600">Development only: {detail}</p> : null}
      <div className="flex flex-wrap items-center gap-4">
        <Button variant="secondary" onClick={() => retry()}>
          Try again
        </Button>
        <AppLink href="/" className={linkClasses}>
          Go to the home page
        </AppLink>
      </div>
    </main>
  );
}
