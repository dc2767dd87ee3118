import { defineRoute } from '@/src/access';
import { DeletionRequest, requestTenantDeletion } from '@/src/lifecycle';

// A signed-in route: the password is checked before the transaction that schedules the deletion,
// and requestTenantDeletion enforces tenant:delete itself (see there).
export const DELETE = defineRoute({ signedIn: true, input: DeletionRequest, status: 202 }, async ({ user, actor, input, req }) =>
  requestTenantDeletion(user, actor, input, { method: req.method, path: new URL(req.url).pathname }),
);
