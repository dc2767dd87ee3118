import { defineRoute } from '@/src/access';
import { FlagParams, RuleInput, setRule } from '@/src/flags/admin';

/** Operators only: the flag's rollout rule (enabled, percentage 0–100, value). Audited as FLAG_CHANGED. */
export const PUT = defineRoute({ signedIn: true, params: FlagParams, input: RuleInput }, async ({ user, actor, params, input }) =>
  setRule(user, actor, params.key, input),
);
