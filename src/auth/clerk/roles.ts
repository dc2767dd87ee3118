import type { Role } from '@/src/access/permissions';

/**
 * Clerk organization role → our role: the one table (docs/auth.md). `org:admin` and `org:member`
 * are Clerk's built-in roles; the others are custom roles created in the Clerk dashboard under
 * the same names as ours. Set `org:owner` as the creator's role, or nobody will own new groups.
 */
export const CLERK_ROLES: Readonly<Record<string, Role>> = {
  'org:owner': 'owner',
  'org:admin': 'admin',
  'org:manager': 'manager',
  'org:viewer': 'viewer',
  'org:member': 'viewer',
};

/** Anything unknown (a custom role we do not know, a missing claim) is the least privilege. */
export const FALLBACK_ROLE: Role = 'viewer';

/** Accepts the role with or without the `org:` prefix (v2 session tokens drop it). */
export function roleFromClerk(clerkRole: string | null | undefined): Role {
  if (!clerkRole) return FALLBACK_ROLE;
  const key = clerkRole.startsWith('org:') ? clerkRole : `org:${clerkRole}`;
  return CLERK_ROLES[key] ?? FALLBACK_ROLE;
}
