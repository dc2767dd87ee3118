import { ROLES, type Role } from '@/src/db/schema';

export { ROLES, type Role };

/**
 * The one permission matrix. Each role has everything the role below it has, plus its own
 * row. Route tests are generated from this table (tests/routes.test.ts).
 */
const GRANTS = {
  viewer: ['dashboard:read', 'dealership:read', 'member:read', 'settings:read', 'report:read', 'report:download'],
  manager: ['dealership:update', 'report:generate'],
  admin: ['dealership:create', 'dealership:delete', 'member:invite', 'member:update', 'member:remove', 'settings:update', 'audit:read', 'billing:read'],
  owner: ['tenant:update', 'billing:manage', 'tenant:export', 'tenant:delete'],
} as const satisfies Record<Role, readonly string[]>;

export type Permission = (typeof GRANTS)[Role][number];

/** Lowest role first. */
const ORDER: readonly Role[] = ['viewer', 'manager', 'admin', 'owner'];

export const rank = (role: Role): number => ORDER.indexOf(role);

export function can(role: Role, permission: Permission): boolean {
  return ORDER.slice(0, rank(role) + 1).some((r) => (GRANTS[r] as readonly string[]).includes(permission));
}

/** The lowest role that holds a permission. */
export function minimumRole(permission: Permission): Role {
  const role = ORDER.find((r) => can(r, permission));
  if (!role) throw new Error(`no role holds ${permission}`);
  return role;
}

export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);
