import { defineRoute } from '@/src/access';

export const dynamic = 'force-dynamic';

// Liveness: the process answers. No I/O, so a slow database never gets a healthy instance killed.
export const GET = defineRoute({ public: true, rateLimit: false }, async () => ({ status: 'pass' }));
