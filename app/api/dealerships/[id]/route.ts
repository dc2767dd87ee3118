import { defineRoute } from '@/src/access';
import { DealershipId, DealershipPatch, deleteDealership, getDealership, updateDealership } from '@/src/dealerships';

export const GET = defineRoute({ permission: 'dealership:read', params: DealershipId }, async ({ tx, params }) =>
  getDealership(tx, params.id),
);

export const PATCH = defineRoute(
  { permission: 'dealership:update', params: DealershipId, input: DealershipPatch, audit: 'DEALERSHIP_UPDATED' },
  async ({ tx, params, input }) => updateDealership(tx, params.id, input),
);

export const DELETE = defineRoute(
  { permission: 'dealership:delete', params: DealershipId, audit: 'DEALERSHIP_DELETED' },
  async ({ tx, params }) => deleteDealership(tx, params.id),
);
