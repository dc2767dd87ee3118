import { defineRoute } from '@/src/access';
import { readRawBody } from '@/src/access/body';
import { processClerkEvent, verifyClerkWebhook } from '@/src/auth/clerk';
import { wakeEmailWorker } from '@/src/email';
import { metrics } from '@/src/observability/metrics';

// Public: authenticated by the svix signature over the raw body (src/auth/clerk/webhooks.ts).
export const POST = defineRoute({ public: true, rateLimit: false }, async ({ req }) => {
  const event = verifyClerkWebhook(await readRawBody(req), req.headers);
  const outcome = await processClerkEvent(event);
  metrics().webhookEvents.inc({ provider: 'clerk', type: event.type, outcome });
  // A deleted organization schedules its tenant's deletion, which emails the owners.
  if (outcome === 'applied' && event.type === 'organization.deleted') void wakeEmailWorker();
  return { received: true, outcome };
});
