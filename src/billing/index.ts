export { PLANS, PAID_PLANS, LIMIT_LABELS, planFor, priceIdFor, planThatLifts, type PlanId, type PaidPlan, type Interval, type Limit } from './plans';
export { billingAccount, usage, assertWithinLimit, subscriptionSummary, isReadOnly, type Subscription } from './account';
export { stripeClient, billingConfigured } from './stripe';
export { CheckoutInput, createCheckout, createPortal } from './checkout';
export { verifyStripeEvent, processStripeEvent, GRACE_PERIOD_DAYS, MAILING_EVENTS, type WebhookOutcome } from './webhooks';
