import { defineRoute } from '@/src/access';
import { dashboardOverview } from '@/src/dashboard';

export const GET = defineRoute({ permission: 'dashboard:read' }, async ({ tx }) => dashboardOverview(tx));
