import 'server-only';
import { cache } from 'react';
import { withPrincipal } from '@/src/auth/principal';
import { can } from '@/src/access/permissions';
import { subscriptionSummary, type Subscription } from '@/src/billing';
import { getProfile } from '@/src/users';
import { optionalUser } from '@/src/web/session';
import type { PlanViewer } from './types';

/** The signed-in user or null, read once per request (the marketing layout and page both ask). */
export const sessionUser = cache(optionalUser);

/** Statuses with a Stripe subscription that is still running: changes go through the portal. */
export const isLiveSubscription = (s: Pick<Subscription, 'status' | 'hasPaymentMethod'>) =>
  s.hasPaymentMethod && (s.status === 'trialing' || s.status === 'active' || s.status === 'past_due');

/**
 * Who is looking at the pricing page: signed out, signed in without a dealer group, a member
 * (the plan is shown to admins, who may read billing), or an owner who may choose a plan.
 */
export const planViewer = cache(async (): Promise<PlanViewer> => {
  const user = await sessionUser();
  if (!user) return { kind: 'anonymous' };
  // One transaction in the user's active dealer group, under the same RLS as the API.
  const found = await withPrincipal(user, async (tx, principal) => {
    if (!principal) return null;
    const summary = can(principal.role, 'billing:read') ? await subscriptionSummary(tx, principal.tenantId) : null;
    return { principal, summary };
  });
  if (!found) return { kind: 'no-group' };
  const { principal, summary } = found;
  const profile = await getProfile(user);
  const groupName = profile.tenants.find((t) => t.id === principal.tenantId)?.name ?? 'your dealer group';
  if (principal.role !== 'owner' || !summary) return { kind: 'member', groupName, currentPlan: summary?.plan ?? null };
  return {
    kind: 'owner',
    groupName,
    currentPlan: summary.plan,
    currentInterval: summary.interval,
    liveSubscription: isLiveSubscription(summary),
  };
});
