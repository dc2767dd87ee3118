/**
 * Sentry for the edge runtime (nothing runs there today: route handlers and proxy.ts use
 * Node.js). Imported by instrumentation.ts `register()` when NEXT_RUNTIME is 'edge' and
 * SENTRY_DSN is set; with no DSN it does nothing.
 */
import * as Sentry from '@sentry/nextjs';
import { serverSentryOptions } from '@/src/observability/sentry';

const options = serverSentryOptions();
if (options) Sentry.init(options);
