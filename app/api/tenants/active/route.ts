import { defineRoute } from '@/src/access';
import { ActiveTenantInput, switchActiveTenant } from '@/src/tenants';

export const POST = defineRoute({ signedIn: true, input: ActiveTenantInput }, async ({ user, input }) =>
  switchActiveTenant(user, input.tenantId),
);
