export { TenantInput, ActiveTenantInput, createTenant, switchActiveTenant, listUserTenants, renameTenant, type TenantSummary } from './tenants';
export { MemberParams, RoleInput, listMembers, changeRole, removeMember } from './members';
export {
  InvitationInput,
  InvitationParams,
  AcceptInput,
  createInvitation,
  previewInvitation,
  acceptInvitation,
  INVITATION_TTL_DAYS,
} from './invitations';
