import { defineRoute, reply } from '@/src/access';
import { InvitationInput, createInvitation } from '@/src/tenants';

export const POST = defineRoute({ permission: 'member:invite', input: InvitationInput }, async ({ tx, principal, input }) =>
  reply(201, await createInvitation(tx, principal, input)),
);
