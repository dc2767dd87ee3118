import { defineRoute } from '@/src/access';
import { DELETION_CANCELED_ACTION, cancelTenantDeletion } from '@/src/lifecycle';

export const POST = defineRoute({ permission: 'tenant:delete', audit: DELETION_CANCELED_ACTION, allowReadOnly: true }, async ({ tx, principal }) =>
  cancelTenantDeletion(tx, principal),
);
