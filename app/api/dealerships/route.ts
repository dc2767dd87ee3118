import { defineRoute, reply } from '@/src/access';
import { DealershipInput, ListQuery, createDealership, listDealerships } from '@/src/dealerships';

export const GET = defineRoute({ permission: 'dealership:read', query: ListQuery }, async ({ tx, query }) =>
  listDealerships(tx, query),
);

export const POST = defineRoute({ permission: 'dealership:create', input: DealershipInput }, async ({ tx, principal, input }) =>
  reply(201, await createDealership(tx, principal.tenantId, input)),
);
