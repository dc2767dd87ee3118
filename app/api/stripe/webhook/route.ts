import { defineRoute } from '@/src/access';
import { readRawBody } from '@/src/access/body';
import { MAILING_EVENTS, processStripeEvent, verifyStripeEvent } from '@/src/billing';
import { wakeEmailWorker } from '@/src/email';
import { metrics } from '@/src/observability/metrics';

// Public: authenticated by the Stripe-Signature over the raw body.
export const POST = defineRoute({ public: true, rateLimit: false }, async ({ req }) => {
  const event = verifyStripeEvent(await readRawBody(req), req.headers.get('stripe-signature'));
  const outcome = await processStripeEvent(event);
  metrics().webhookEvents.inc({ provider: 'stripe', type: event.type, outcome });
  // Best effort and not awaited: the acknowledgement stays fast; the minute sweep is the safety net.
  if (outcome === 'applied' && MAILING_EVENTS.has(event.type)) void wakeEmailWorker();
  return { received: true, outcome };
});
