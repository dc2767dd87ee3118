import { defineRoute } from '@/src/access';
import { listMembers } from '@/src/tenants';

export const GET = defineRoute({ permission: 'member:read' }, async ({ tx }) => listMembers(tx));
