import { defineRoute } from '@/src/access';
import { subscriptionSummary } from '@/src/billing';

export const GET = defineRoute({ permission: 'billing:read' }, async ({ tx, principal }) => subscriptionSummary(tx, principal.tenantId));
