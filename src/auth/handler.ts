import { Problem, problems } from '@/src/access/problem';
import { clientIp } from '@/src/access/client-ip';
import { auth } from './auth';
import { recordSignInFailure, recordSignInSuccess, signInBlockedFor } from './throttle';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { withSystem } from '@/src/db/scope';
import { memberships, users } from '@/src/db/schema';
import { appendAudit, PLATFORM_TENANT_ID, type AuditActor } from '@/src/audit';
import { clerkMode, env } from '@/src/config/env';

/**
 * Hands the request to better-auth; email sign-in passes the failed-attempt throttle first. In
 * Clerk mode the built-in endpoints are closed: sign-in, sign-up and sign-out happen at Clerk.
 */
export async function handleAuthRequest(req: Request): Promise<Response> {
  if (clerkMode()) {
    const e = env();
    throw new Problem(409, 'managed_by_clerk', 'Sign-in is handled by Clerk here; the built-in auth endpoints are off.', {
      extra: { signInUrl: e.CLERK_SIGN_IN_URL || null, signUpUrl: e.CLERK_SIGN_UP_URL || null },
    });
  }
  const path = new URL(req.url).pathname;
  if (req.method !== 'POST' || !path.endsWith('/sign-in/email')) return asProblem(await (await auth()).handler(req));
  return asProblem(await throttledSignIn(req));
}

/**
 * better-auth answers errors as { message, code }: re-shaped into our one error shape. Its
 * redirects (the email verification link) carry a JSON body too, and pass through as they are.
 */
async function asProblem(res: Response): Promise<Response> {
  const redirect = res.status >= 300 && res.status < 400;
  if (res.ok || redirect || !res.headers.get('content-type')?.includes('application/json')) return res;
  const body = (await res.json().catch(() => ({}))) as { message?: string; code?: string };
  const code = (body.code ?? 'auth_error').toLowerCase();
  throw new Problem(res.status, code, body.message ?? 'The request could not be completed.');
}

async function throttledSignIn(req: Request): Promise<Response> {
  const { handler } = await auth();
  const body = (await req
    .clone()
    .json()
    .catch(() => null)) as { email?: unknown } | null;
  const email = typeof body?.email === 'string' ? body.email : '';
  const ip = clientIp(req);
  const wait = await signInBlockedFor(email, ip);
  if (wait > 0) throw problems.tooManyRequests(wait, 'Too many failed sign-in attempts. Try again later.');

  const res = await handler(req);
  if (res.status === 401) {
    await recordSignInFailure(email, ip);
    await auditFailedSignIn(email, { type: 'api', id: null, name: null, ip, userAgent: req.headers.get('user-agent'), requestId: req.headers.get('x-request-id') });
  } else if (res.ok) {
    await recordSignInSuccess(email);
  }
  return res;
}

/**
 * SIGN_IN_FAILED goes to every dealer group the account belongs to, so its admins see attacks on
 * their members; an unknown address goes to the platform chain as a hash, never in clear.
 */
async function auditFailedSignIn(email: string, actor: AuditActor): Promise<void> {
  await withSystem('audit: failed sign-in', async (tx) => {
    const normalized = email.trim().toLowerCase();
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, normalized));
    const tenantIds = user
      ? (await tx.select({ tenantId: memberships.tenantId }).from(memberships).where(eq(memberships.userId, user.id))).map((m) => m.tenantId)
      : [];
    const resource = { type: 'user', id: user?.id ?? null };
    const metadata = user ? {} : { emailSha256: createHash('sha256').update(normalized).digest('hex') };
    for (const tenantId of tenantIds.length > 0 ? tenantIds : [PLATFORM_TENANT_ID]) {
      await appendAudit(tx, tenantId, actor, { action: 'SIGN_IN_FAILED', resource, metadata });
    }
  });
}
