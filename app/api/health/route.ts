import { defineRoute } from '@/src/access';
import { healthReport } from '@/src/observability/health';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({ public: true, rateLimit: false }, async () => healthReport());
