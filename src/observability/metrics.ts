import client from 'prom-client';

/**
 * Prometheus metrics, one registry per process (kept on globalThis: Next.js dev re-imports
 * modules and prom-client refuses duplicate names).
 */
type Metrics = ReturnType<typeof create>;

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new client.Histogram({
      name: 'http_request_duration_seconds',
      help: 'API request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    rateLimited: new client.Counter({ name: 'rate_limit_rejections_total', help: 'Requests refused with 429', labelNames: ['policy'], registers: [registry] }),
    webhookEvents: new client.Counter({ name: 'webhook_events_total', help: 'Webhook events by provider, type and outcome', labelNames: ['provider', 'type', 'outcome'], registers: [registry] }),
    jobRuns: new client.Counter({ name: 'job_runs_total', help: 'Job runs by queue and outcome', labelNames: ['queue', 'outcome'], registers: [registry] }),
    outboxBacklog: new client.Gauge({ name: 'email_outbox_pending', help: 'Emails waiting to be delivered', registers: [registry] }),
    dbPool: new client.Gauge({ name: 'db_pool_connections', help: 'Database pool connections by pool and state', labelNames: ['pool', 'state'], registers: [registry] }),
  };
}

const holder = globalThis as unknown as { __dealershipaiMetrics?: Metrics };
export const metrics = (): Metrics => (holder.__dealershipaiMetrics ??= create());

/** Route label without ids, so the label set stays bounded: /api/dealerships/:id. */
export function routeLabel(pathname: string): string {
  return pathname.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id').replace(/\/\d+(?=\/|$)/g, '/:n');
}
