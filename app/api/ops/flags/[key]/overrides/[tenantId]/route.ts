import { defineRoute } from '@/src/access';
import { OverrideInput, OverrideParams, deleteOverride, setOverride } from '@/src/flags/admin';

/** Operators only: one dealer group's own value for the flag, above every rule. Audited as FLAG_CHANGED. */
export const PUT = defineRoute({ signedIn: true, params: OverrideParams, input: OverrideInput }, async ({ user, actor, params, input }) =>
  setOverride(user, actor, params.key, params.tenantId, input.value),
);

export const DELETE = defineRoute({ signedIn: true, params: OverrideParams }, async ({ user, actor, params }) =>
  deleteOverride(user, actor, params.key, params.tenantId),
);
