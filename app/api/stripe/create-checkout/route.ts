import { defineRoute } from '@/src/access';
import { CheckoutInput, createCheckout } from '@/src/billing';

export const POST = defineRoute(
  { permission: 'billing:manage', input: CheckoutInput, idempotent: true, allowReadOnly: true },
  async ({ tx, principal, input, idempotencyKey }) => createCheckout(tx, principal, input, idempotencyKey),
);
