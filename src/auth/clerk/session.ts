import { verifyToken } from '@clerk/backend';
import { env, list, isProduction } from '@/src/config/env';
import { logger } from '@/src/observability/logger';
import type { SessionUser } from '@/src/auth/principal';
import { sessionUserFor } from './sync';

/**
 * What the gate needs from a verified Clerk session token. Both claim formats are read: v2
 * tokens carry the active organization compactly (`o: { id, rol, slg }`, role without its
 * `org:` prefix), v1 tokens as `org_id`, `org_role`, `org_slug`. `email`, `name`,
 * `email_verified` and `org_name` are optional custom claims (docs/auth.md).
 */
export type ClerkClaims = {
  userId: string;
  sessionId: string;
  /** Issued at, in seconds: how new the token's view of the membership is. */
  issuedAt: number;
  org: { id: string; role: string | null; slug: string | null; name: string | null } | null;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
};

/** The Frontend API of a Clerk instance: `https://<slug>.clerk.accounts.dev` or `https://clerk.<your domain>`. */
export const CLERK_ISSUER_PATTERN =
  /^https:\/\/(?:[a-z0-9-]+\.clerk\.accounts\.dev|clerk\.(?:[a-z0-9-]+\.)+[a-z]{2,})$/;

export const SESSION_COOKIE = '__session';

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * The token of a request: `Authorization: Bearer` when sent (a bearer token that fails is not
 * rescued by a cookie), else the `__session` cookie.
 */
export function sessionToken(headers: Headers): string | null {
  const authorization = headers.get('authorization');
  if (authorization && /^bearer\s/i.test(authorization)) return authorization.slice(7).trim() || null;
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/** The organization claims of a verified payload, v2 or v1; null for a pending session. */
export function claimsFrom(payload: Record<string, unknown>): ClerkClaims {
  const v2 = payload.v === 2;
  const o = (v2 && typeof payload.o === 'object' && payload.o !== null ? payload.o : null) as Record<
    string,
    unknown
  > | null;
  const orgId = v2 ? str(o?.id) : str(payload.org_id);
  // A pending session (sts) has tasks left, e.g. choosing an organization: onboarding only.
  const pending = payload.sts === 'pending';
  const rawRole = v2 ? str(o?.rol) : str(payload.org_role);
  return {
    userId: payload.sub as string,
    sessionId: payload.sid as string,
    issuedAt: payload.iat as number,
    org:
      orgId && !pending
        ? {
            id: orgId,
            role: rawRole ? (rawRole.startsWith('org:') ? rawRole : `org:${rawRole}`) : null,
            slug: v2 ? str(o?.slg) : str(payload.org_slug),
            name: str(payload.org_name),
          }
        : null,
    email: str(payload.email)?.toLowerCase() ?? null,
    emailVerified: payload.email_verified === true,
    name: str(payload.name),
  };
}

let warnedAzp = false;

/**
 * Verifies a session token offline with the instance's PEM key: signature (RS256), expiry and
 * not-before (5 s clock skew), azp against CLERK_AUTHORIZED_PARTIES, and the issuer (exactly
 * CLERK_ISSUER when set, else it must look like a Clerk Frontend API). Null when anything fails.
 */
export async function verifySessionToken(token: string): Promise<ClerkClaims | null> {
  const e = env();
  const authorizedParties = list(e.CLERK_AUTHORIZED_PARTIES);
  const issuers = list(e.CLERK_ISSUER);
  if (authorizedParties.length === 0 && !warnedAzp && !isProduction()) {
    warnedAzp = true;
    logger.warn(
      'CLERK_AUTHORIZED_PARTIES is empty: the azp claim of Clerk tokens is not checked (production refuses to start so)',
    );
  }
  let payload: Record<string, unknown>;
  try {
    payload = (await verifyToken(token, {
      jwtKey: e.CLERK_JWT_KEY,
      authorizedParties,
      ...(issuers.length > 0 ? { issuer: issuers } : {}),
    })) as unknown as Record<string, unknown>;
  } catch (err) {
    logger.debug(
      { reason: (err as { reason?: string }).reason ?? String(err) },
      'clerk session token refused',
    );
    return null;
  }
  if (issuers.length === 0 && !(typeof payload.iss === 'string' && CLERK_ISSUER_PATTERN.test(payload.iss))) {
    logger.debug({ iss: payload.iss }, 'clerk session token refused: issuer');
    return null;
  }
  // Clerk always sets these; the SDK checks nbf and iat only when present, we insist.
  if (typeof payload.nbf !== 'number' || typeof payload.iat !== 'number' || !str(payload.sid)) return null;
  return claimsFrom(payload);
}

/** The Clerk half of readSession: the verified token, mapped onto our user and tenant. */
export async function readClerkSession(headers: Headers): Promise<SessionUser | null> {
  const token = sessionToken(headers);
  if (!token) return null;
  const claims = await verifySessionToken(token);
  return claims ? sessionUserFor(claims) : null;
}
