import { defineRoute } from '@/src/access';
import { TenantSearchQuery, searchTenants } from '@/src/flags/admin';

/** Operators only: dealer groups by name (or exact id), for the flag overrides form. */
export const GET = defineRoute({ signedIn: true, query: TenantSearchQuery }, async ({ user, query }) => searchTenants(user, query.q));
