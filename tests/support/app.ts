import { randomUUID } from 'node:crypto';
import type { GatedHandler } from '@/src/access';
import * as authRoute from '@/app/api/auth/[...all]/route';
import * as tenantsRoute from '@/app/api/tenants/route';
import type { Database } from '@/src/db';
import { ownerQuery } from './db';

export const APP_URL = process.env.APP_URL ?? 'http://localhost:3000';
export const PASSWORD = 'correct-horse-battery';

export type CallOptions = {
  method?: string;
  path: string;
  body?: unknown;
  rawBody?: string;
  cookie?: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
};

/** Calls a route handler exactly as Next.js does: a Request and a params promise. */
export async function call(handler: GatedHandler, o: CallOptions): Promise<Response> {
  // A fresh address per call unless a test names one: per-IP limits are tested on purpose only.
  const ip = `198.18.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`;
  const headers: Record<string, string> = { origin: APP_URL, 'x-forwarded-for': ip, ...o.headers };
  if (o.cookie) headers.cookie = o.cookie;
  let body: string | undefined = o.rawBody;
  if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] ??= 'application/json';
  }
  const req = new Request(new URL(o.path, APP_URL), { method: o.method ?? 'GET', headers, body });
  return handler(req, { params: Promise.resolve(o.params ?? {}) });
}

export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

function sessionCookie(res: Response): string {
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const session = cookies.find((c) => c.includes('session_token='));
  if (!session) throw new Error(`no session cookie (status ${res.status})`);
  return cookies.join('; ');
}

export type TestUser = { userId: string; email: string; cookie: string };

export async function signUp(email = `user-${randomUUID()}@example.test`, name = 'Test User'): Promise<TestUser> {
  const res = await call(authRoute.POST, { method: 'POST', path: '/api/auth/sign-up/email', body: { email, password: PASSWORD, name } });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const body = await json<{ user: { id: string } }>(res);
  return { userId: body.user.id, email, cookie: sessionCookie(res) };
}

/** Opens the newest verification link emailed to the user, as they would from their inbox. */
export async function openVerificationLink(db: Database, user: Pick<TestUser, 'email'> & { cookie?: string }): Promise<Response> {
  const { rows } = await ownerQuery<{ text_body: string }>(
    db,
    `select text_body from email_outbox where to_address = $1 and template = 'verify_email' order by created_at desc limit 1`,
    [user.email],
  );
  const link = /https?:\/\/\S+\/api\/auth\/verify-email\?\S+/.exec(rows[0]?.text_body ?? '')?.[0];
  if (!link) throw new Error(`no verification email for ${user.email}`);
  const url = new URL(link);
  return call(authRoute.GET, { path: `${url.pathname}${url.search}`, cookie: user.cookie });
}

export async function signIn(email: string, password = PASSWORD): Promise<Response> {
  return call(authRoute.POST, { method: 'POST', path: '/api/auth/sign-in/email', body: { email, password } });
}

export async function signInCookie(email: string): Promise<string> {
  return sessionCookie(await signIn(email));
}

export type TestTenant = {
  tenantId: string;
  owner: TestUser;
  admin: TestUser;
  manager: TestUser;
  viewer: TestUser;
};

/** A dealer group founded through the API, with one member per role added behind the app. */
export async function createTenant(db: Database, name = `Group ${randomUUID().slice(0, 8)}`): Promise<TestTenant> {
  const owner = await signUp();
  const res = await call(tenantsRoute.POST, { method: 'POST', path: '/api/tenants', body: { name }, cookie: owner.cookie });
  if (res.status !== 201) throw new Error(`create tenant failed: ${res.status} ${await res.text()}`);
  const tenantId = (await json<{ id: string }>(res)).id;
  // Unlimited plan: suites that test plan limits set their own.
  await setPlan(db, tenantId, 'enterprise');
  const members = {} as Record<'admin' | 'manager' | 'viewer', TestUser>;
  for (const role of ['admin', 'manager', 'viewer'] as const) {
    members[role] = await signUp();
    await addMember(db, tenantId, members[role].userId, role);
  }
  return { tenantId, owner, ...members };
}

export async function addMember(db: Database, tenantId: string, userId: string, role: string): Promise<void> {
  await ownerQuery(db, 'insert into memberships (tenant_id, user_id, role) values ($1, $2, $3) on conflict (tenant_id, user_id) do update set role = excluded.role', [
    tenantId,
    userId,
    role,
  ]);
}

export async function insertDealership(db: Database, tenantId: string, name = 'Sunrise Toyota'): Promise<string> {
  const { rows } = await ownerQuery<{ id: string }>(
    db,
    `insert into dealerships (tenant_id, name, website_url, city, state, brands) values ($1, $2, 'https://example.com', 'Austin', 'TX', '{Toyota}') returning id`,
    [tenantId, name],
  );
  return rows[0]!.id;
}

export const validDealership = () => ({
  name: 'Northside Honda',
  websiteUrl: 'https://northside-honda.example',
  address: '100 Main St',
  city: 'Dallas',
  state: 'TX',
  zip: '75201',
  phone: '(214) 555-0100',
  brands: ['Honda'],
  monthlyUsedUnitSales: 120,
  avgFrontEndGross: 1800,
});

export async function setPlan(db: Database, tenantId: string, plan: 'free' | 'pro' | 'enterprise', status = 'active'): Promise<void> {
  await ownerQuery(db, 'update billing_accounts set plan = $2, status = $3 where tenant_id = $1', [tenantId, plan, status]);
}
