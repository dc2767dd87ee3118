import { defineRoute } from '@/src/access';
import { handleAuthRequest } from '@/src/auth/handler';

// better-auth's endpoints (sign-up, sign-in, sign-out, session). Public by nature; failed
// sign-ins are throttled in handleAuthRequest.
export const GET = defineRoute({ public: true, rateLimit: 'auth' }, async ({ req }) => handleAuthRequest(req));
export const POST = defineRoute({ public: true, rateLimit: 'auth' }, async ({ req }) => handleAuthRequest(req));
