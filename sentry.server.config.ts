/**
 * Sentry for the Node.js runtime. Imported by instrumentation.ts `register()` only when
 * NEXT_RUNTIME is 'nodejs' and SENTRY_DSN is set; with no DSN it does nothing.
 */
import * as Sentry from '@sentry/nextjs';
import { serverSentryOptions } from '@/src/observability/sentry';

const options = serverSentryOptions();
if (options) Sentry.init(options);
