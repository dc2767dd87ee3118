import Stripe from 'stripe';
import { env } from '@/src/config/env';

let cached: { key: string; base: string | undefined; client: Stripe } | undefined;

/** The Stripe client, or null when billing is not configured (no STRIPE_SECRET_KEY). */
export function stripeClient(): Stripe | null {
  const e = env();
  if (!e.STRIPE_SECRET_KEY) return null;
  if (cached?.key === e.STRIPE_SECRET_KEY && cached.base === e.STRIPE_API_BASE) return cached.client;
  const base = e.STRIPE_API_BASE ? new URL(e.STRIPE_API_BASE) : undefined;
  const client = new Stripe(e.STRIPE_SECRET_KEY, {
    maxNetworkRetries: 2,
    timeout: 10_000,
    telemetry: false,
    ...(base ? { protocol: base.protocol.replace(':', '') as 'http' | 'https', host: base.hostname, port: base.port || (base.protocol === 'https:' ? 443 : 80) } : {}),
  });
  cached = { key: e.STRIPE_SECRET_KEY, base: e.STRIPE_API_BASE, client };
  return client;
}

export const billingConfigured = () => stripeClient() !== null;
