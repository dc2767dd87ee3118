import { defineRoute } from '@/src/access';
import { audited } from '@/src/audit';
import { exportResponse } from '@/src/lifecycle';

export const GET = defineRoute({ permission: 'tenant:export', audit: 'TENANT_EXPORTED', allowReadOnly: true }, async ({ principal }) =>
  audited(exportResponse(principal.tenantId), { resource: { type: 'tenant', id: principal.tenantId }, metadata: { format: 'json' } }),
);
