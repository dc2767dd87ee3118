import { defineRoute } from '@/src/access';
import { AcceptInput, InvitationParams, acceptInvitation } from '@/src/tenants';

export const POST = defineRoute(
  { signedIn: true, params: InvitationParams, input: AcceptInput },
  async ({ user, actor, params, input }) => acceptInvitation(user, actor, params.id, input.token),
);
