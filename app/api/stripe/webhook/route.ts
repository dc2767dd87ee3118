import { defineRoute } from '@/src/access';
import { readRawBody } from '@/src/access/body';
import { processStripeEvent, verifyStripeEvent } from '@/src/billing';

// Public: authenticated by the Stripe-Signature over the raw body.
export const POST = defineRoute({ public: true }, async ({ req }) => {
  const event = verifyStripeEvent(await readRawBody(req), req.headers.get('stripe-signature'));
  return { received: true, outcome: await processStripeEvent(event) };
});
