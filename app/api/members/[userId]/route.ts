import { defineRoute } from '@/src/access';
import { MemberParams, RoleInput, changeRole, removeMember } from '@/src/tenants';

export const PATCH = defineRoute(
  { permission: 'member:update', params: MemberParams, input: RoleInput, audit: 'MEMBER_ROLE_CHANGED' },
  async ({ tx, principal, params, input }) => changeRole(tx, principal, params.userId, input.role),
);

export const DELETE = defineRoute(
  { permission: 'member:remove', params: MemberParams, audit: 'MEMBER_REMOVED' },
  async ({ tx, principal, params }) => removeMember(tx, principal, params.userId),
);
