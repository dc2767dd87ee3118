import { defineRoute } from '@/src/access';
import { InvitationInput, createInvitation } from '@/src/tenants';

export const POST = defineRoute(
  { permission: 'member:invite', input: InvitationInput, status: 201, audit: 'MEMBER_INVITED', idempotent: true },
  async ({ tx, principal, input }) => createInvitation(tx, principal, input),
);
