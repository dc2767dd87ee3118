import { defineRoute } from '@/src/access';
import { ProfilePatch, getProfile, updateProfile } from '@/src/users';

export const GET = defineRoute({ signedIn: true }, async ({ user }) => getProfile(user));

export const PATCH = defineRoute({ signedIn: true, input: ProfilePatch }, async ({ user, actor, input }) =>
  updateProfile(user, actor, input),
);
