import { defineRoute } from '@/src/access';
import { DealershipInput, ListQuery, createDealership, listDealerships } from '@/src/dealerships';

export const GET = defineRoute({ permission: 'dealership:read', query: ListQuery }, async ({ tx, query }) =>
  listDealerships(tx, query),
);

export const POST = defineRoute(
  { permission: 'dealership:create', input: DealershipInput, status: 201, audit: 'DEALERSHIP_CREATED', idempotent: true },
  async ({ tx, principal, input }) => createDealership(tx, principal.tenantId, input),
);
