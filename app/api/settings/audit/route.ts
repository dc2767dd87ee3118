import { defineRoute } from '@/src/access';
import { AuditQuery, listAudit } from '@/src/audit';

export const GET = defineRoute({ permission: 'audit:read', query: AuditQuery }, async ({ tx, principal, query }) =>
  listAudit(tx, principal.tenantId, query),
);
