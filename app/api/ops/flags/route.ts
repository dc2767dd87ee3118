import { defineRoute } from '@/src/access';
import { listFlagsForOps } from '@/src/flags/admin';

/** Operators only: every flag with its rule, overrides and this instance's cache status. */
export const GET = defineRoute({ signedIn: true }, async ({ user }) => listFlagsForOps(user));
