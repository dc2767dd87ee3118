import { defineRoute } from '@/src/access';
import { verifyChain } from '@/src/audit';

export const GET = defineRoute({ permission: 'audit:read' }, async ({ tx, principal }) => verifyChain(tx, principal.tenantId));
