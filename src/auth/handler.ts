import { Problem, problems } from '@/src/access/problem';
import { clientIp } from '@/src/access/client-ip';
import { auth } from './auth';
import { recordSignInFailure, recordSignInSuccess, signInBlockedFor } from './throttle';

/** Hands the request to better-auth; email sign-in passes the failed-attempt throttle first. */
export async function handleAuthRequest(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  if (req.method !== 'POST' || !path.endsWith('/sign-in/email')) return asProblem(await (await auth()).handler(req));
  return asProblem(await throttledSignIn(req));
}

/** better-auth answers errors as { message, code }: re-shaped into our one error shape. */
async function asProblem(res: Response): Promise<Response> {
  if (res.ok || !res.headers.get('content-type')?.includes('application/json')) return res;
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
  if (res.status === 401) await recordSignInFailure(email, ip);
  else if (res.ok) await recordSignInSuccess(email);
  return res;
}
