import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { listenLocally } from './listen';

/**
 * A local HTTP server that answers the few Stripe API calls we make, in Stripe's wire format
 * (form-encoded requests, JSON responses), and counts them. Stripe itself cannot be reached here.
 */
export type FakeStripe = {
  url: string;
  calls: { method: string; path: string; idempotencyKey: string | undefined; body: string }[];
  /** Subscriptions returned by GET /v1/subscriptions/:id. */
  subscriptions: Map<string, Record<string, unknown>>;
  /** Make the next N calls to a path fail with a 500. */
  failNext: (path: string, times?: number) => void;
  /** Delay every response (ms), to keep requests in flight. */
  delayMs: number;
  count: (path: string) => number;
  close: () => Promise<void>;
};

export async function startFakeStripe(): Promise<FakeStripe> {
  const failures = new Map<string, number>();
  const replies = new Map<string, string>();
  const state: FakeStripe = {
    url: '',
    calls: [],
    subscriptions: new Map(),
    delayMs: 0,
    failNext: (path, times = 1) => void failures.set(path, times),
    count: (path) => state.calls.filter((c) => c.path === path).length,
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const path = (req.url ?? '').split('?')[0]!;
      const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
      state.calls.push({ method: req.method ?? '', path, idempotencyKey, body });
      if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomUUID()}` });
        res.end(JSON.stringify(payload));
      };
      const left = failures.get(path) ?? 0;
      if (left > 0) {
        failures.set(path, left - 1);
        return send(500, { error: { type: 'api_error', message: 'Simulated failure' } });
      }
      // Stripe replays the first answer to a repeated idempotency key.
      const replayKey = idempotencyKey ? `${path}:${idempotencyKey}` : undefined;
      if (replayKey && replies.has(replayKey)) {
        res.writeHead(200, { 'content-type': 'application/json', 'idempotent-replayed': 'true' });
        return res.end(replies.get(replayKey));
      }
      let payload: unknown;
      if (req.method === 'POST' && path === '/v1/customers') payload = { id: `cus_${randomUUID().slice(0, 12)}`, object: 'customer' };
      else if (req.method === 'POST' && path === '/v1/checkout/sessions') {
        const id = `cs_test_${randomUUID().slice(0, 12)}`;
        payload = { id, object: 'checkout.session', url: `https://checkout.stripe.test/c/pay/${id}` };
      } else if (req.method === 'POST' && path === '/v1/billing_portal/sessions') {
        payload = { id: `bps_${randomUUID().slice(0, 8)}`, object: 'billing_portal.session', url: 'https://billing.stripe.test/session/x' };
      } else if (req.method === 'GET' && path.startsWith('/v1/subscriptions/')) {
        const sub = state.subscriptions.get(path.split('/').pop()!);
        if (!sub) return send(404, { error: { type: 'invalid_request_error', message: 'No such subscription' } });
        payload = sub;
      } else if (req.method === 'DELETE' && path.startsWith('/v1/subscriptions/')) {
        // Cancel: the subscription ends now (a second cancel of a canceled one is a 400 at Stripe).
        const id = path.split('/').pop()!;
        const sub = state.subscriptions.get(id) ?? { id, object: 'subscription' };
        if (sub.status === 'canceled')
          return send(400, { error: { type: 'invalid_request_error', code: 'subscription_canceled', message: 'This subscription is already canceled.' } });
        payload = { ...sub, status: 'canceled', canceled_at: Math.floor(Date.now() / 1000) };
        state.subscriptions.set(id, payload as Record<string, unknown>);
      } else return send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${path})` } });
      const text = JSON.stringify(payload);
      if (replayKey) replies.set(replayKey, text);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text);
    });
  });
  Object.assign(state, await listenLocally(server));
  return state;
}
