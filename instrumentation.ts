import type { Instrumentation } from 'next';

export async function register() {
  // Server start only: never during `next build` (its workers are other processes).
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  if (process.env.SENTRY_DSN) {
    if (process.env.NEXT_RUNTIME === 'nodejs') await import('./sentry.server.config');
    if (process.env.NEXT_RUNTIME === 'edge') await import('./sentry.edge.config');
  }
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { boot } = await import('./src/boot');
  await boot();
}

export async function onRequestError(...args: Parameters<Instrumentation.onRequestError>) {
  if (!process.env.SENTRY_DSN) return;
  const { captureRequestError } = await import('@sentry/nextjs');
  captureRequestError(...args);
}
