/** Every action the audit trail records. One list: routes, jobs and tests use it. */
export const AUDIT_ACTIONS = [
  'USER_CREATED',
  'USER_UPDATED',
  'USER_EMAIL_VERIFIED',
  'USER_DELETED',
  'TENANT_CREATED',
  'TENANT_UPDATED',
  'TENANT_SUSPENDED',
  'MEMBER_INVITED',
  'MEMBER_JOINED',
  'MEMBER_ROLE_CHANGED',
  'MEMBER_REMOVED',
  'DEALERSHIP_CREATED',
  'DEALERSHIP_UPDATED',
  'DEALERSHIP_DELETED',
  'REPORT_GENERATED',
  'REPORT_DOWNLOADED',
  'SUBSCRIPTION_CREATED',
  'SUBSCRIPTION_UPDATED',
  'SUBSCRIPTION_CANCELED',
  'SETTINGS_CHANGED',
  'TENANT_ACCESS_VIOLATION',
  'SIGN_IN_FAILED',
  'TENANT_EXPORTED',
  'TENANT_DELETION_REQUESTED',
  'TENANT_DELETION_CANCELED',
  'AUDIT_EXPORTED',
  'AUDIT_PURGED',
  'FLAG_CHANGED',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Events that belong to a person rather than a dealer group (sign-up, profile changes, failed
 * sign-ins for unknown accounts) go to the platform chain, readable by operators only.
 */
export const PLATFORM_TENANT_ID = '00000000-0000-0000-0000-000000000000';
