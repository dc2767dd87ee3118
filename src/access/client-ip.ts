import { env } from '@/src/config/env';

/**
 * The client address for rate limits and the audit trail.
 *
 * With TRUST_PROXY_HOPS = n ≥ 1, each of our n proxies appends the address it received the
 * request from to X-Forwarded-For, so the client is the n-th entry from the right; anything
 * further left was written by the client and is ignored.
 *
 * With 0 (the default: nothing in front of the app), Next.js route handlers do not expose the
 * socket; Next fills X-Forwarded-For with the socket address only when the request has none, so
 * the rightmost entry is used and a client could forge it. Production behind a load balancer
 * should set TRUST_PROXY_HOPS (docs/deploy.md).
 */
export function clientIp(req: Request): string {
  const hops = (req.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return hops.at(-Math.max(1, env().TRUST_PROXY_HOPS)) ?? hops[0] ?? 'unknown';
}
