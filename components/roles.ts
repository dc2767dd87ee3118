import type { Role } from '@/src/access/permissions';

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  manager: 'Manager',
  viewer: 'Viewer',
};

/** Plain-language summary of the permission matrix (src/access/permissions.ts). */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'Can see the dashboard, dealerships and reports.',
  manager: 'Everything a viewer can do, plus editing dealerships and running scans.',
  admin: 'Everything a manager can do, plus adding and deleting dealerships and managing members.',
  owner: 'Full access, including billing and the dealer group itself.',
};

export const roleLabel = (role: Role) => ROLE_LABELS[role] ?? role;
