/**
 * Clerk as the identity provider (docs/auth.md, docs/decisions/0009-clerk.md): session tokens
 * verified offline (./session), organization roles mapped onto ours (./roles), users, tenants and
 * memberships kept in step by webhooks and sessions (./sync, ./webhooks), and dealer groups of
 * one's own created through Clerk's Backend API (./onboarding).
 */
export { CLERK_ROLES, FALLBACK_ROLE, roleFromClerk } from './roles';
export {
  readClerkSession,
  verifySessionToken,
  sessionToken,
  claimsFrom,
  CLERK_ISSUER_PATTERN,
  SESSION_COOKIE,
  type ClerkClaims,
} from './session';
export {
  verifyClerkWebhook,
  processClerkEvent,
  HANDLED_EVENTS,
  type ClerkEvent,
  type ClerkOutcome,
} from './webhooks';
export { sessionUserFor, membershipKey, DEFER_WINDOW_MS, WEBHOOK_ACTOR, type SyncOutcome } from './sync';
export { createClerkTenant, clerkApi } from './onboarding';
export { clerkHostedPage, clerkFrontendApi, clerkSignOut } from './urls';
