import { defineRoute } from '@/src/access';
import { ProfilePatch, getProfile, updateProfile } from '@/src/users';
import { AccountDeletion, deleteOwnAccount } from '@/src/lifecycle';

export const GET = defineRoute({ signedIn: true }, async ({ user }) => getProfile(user));

export const PATCH = defineRoute({ signedIn: true, input: ProfilePatch }, async ({ user, actor, input }) =>
  updateProfile(user, actor, input),
);

export const DELETE = defineRoute({ signedIn: true, input: AccountDeletion }, async ({ user, actor, input }) =>
  deleteOwnAccount(user, actor, input),
);
