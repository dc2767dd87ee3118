import { defineRoute } from '@/src/access';
import { InvitationInput, createInvitation } from '@/src/tenants';
import { wakeEmailWorker } from '@/src/email';

export const POST = defineRoute(
  { permission: 'member:invite', input: InvitationInput, status: 201, audit: 'MEMBER_INVITED', idempotent: true },
  async ({ tx, principal, input, afterCommit }) => {
    afterCommit(wakeEmailWorker);
    return createInvitation(tx, principal, input);
  },
);
