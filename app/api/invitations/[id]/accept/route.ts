import { defineRoute } from '@/src/access';
import { AcceptInput, InvitationParams, acceptInvitation } from '@/src/tenants';

export const POST = defineRoute(
  { signedIn: true, params: InvitationParams, input: AcceptInput },
  async ({ user, params, input }) => acceptInvitation(user, params.id, input.token),
);
