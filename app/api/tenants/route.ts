import { defineRoute, reply } from '@/src/access';
import { TenantInput, createTenant } from '@/src/tenants';

export const POST = defineRoute({ signedIn: true, input: TenantInput }, async ({ user, input }) =>
  reply(201, await createTenant(user, input.name)),
);
