import { z } from 'zod';
import { defineRoute } from '@/src/access';
import { DealershipInput, getDealership, updateDealership } from '@/src/dealerships';

const Query = z.object({ dealershipId: z.uuid() }).strict();

export const GET = defineRoute({ permission: 'settings:read', query: Query }, async ({ tx, query }) =>
  getDealership(tx, query.dealershipId),
);

export const PUT = defineRoute(
  { permission: 'settings:update', query: Query, input: DealershipInput, audit: 'SETTINGS_CHANGED' },
  async ({ tx, query, input }) => updateDealership(tx, query.dealershipId, input),
);
