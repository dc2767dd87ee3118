import { defineRoute } from '@/src/access';
import { scrape } from '@/src/observability/scrape';

export const dynamic = 'force-dynamic';

// Public in the gate's sense: authenticated by METRICS_TOKEN (bearer), not by a session.
export const GET = defineRoute({ public: true, rateLimit: false }, async ({ req }) => scrape(req));
