import { defineRoute } from '@/src/access';
import { MemberParams, RoleInput, changeRole, removeMember } from '@/src/tenants';

export const PATCH = defineRoute(
  { permission: 'member:update', params: MemberParams, input: RoleInput },
  async ({ tx, principal, params, input }) => changeRole(tx, principal, params.userId, input.role),
);

export const DELETE = defineRoute({ permission: 'member:remove', params: MemberParams }, async ({ tx, principal, params }) => {
  await removeMember(tx, principal, params.userId);
});
