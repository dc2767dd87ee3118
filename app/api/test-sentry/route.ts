import { defineRoute, problems } from '@/src/access';
import { sentryTestRouteEnabled } from '@/src/observability/sentry';

export const dynamic = 'force-dynamic';

/**
 * Throws on purpose so an admin can see an error arrive in Sentry (docs/runbooks/monitoring.md).
 * In production it does not exist (404) unless SENTRY_TEST_ROUTE=1.
 */
export const GET = defineRoute({ permission: 'audit:read' }, async ({ requestId }) => {
  if (!sentryTestRouteEnabled()) throw problems.notFound();
  throw new Error(`Sentry test error (request ${requestId}): thrown on purpose by GET /api/test-sentry`);
});
