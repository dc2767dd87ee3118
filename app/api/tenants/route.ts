import { defineRoute } from '@/src/access';
import { TenantInput, createTenant } from '@/src/tenants';

export const POST = defineRoute({ signedIn: true, input: TenantInput, status: 201 }, async ({ user, actor, input }) =>
  createTenant(user, actor, input.name),
);
