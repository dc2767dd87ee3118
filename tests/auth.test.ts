import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { call, createTenant, json, signIn, signUp, PASSWORD, type TestTenant } from './support/app';
import * as authRoute from '@/app/api/auth/[...all]/route';
import * as profile from '@/app/api/user/profile/route';
import * as tenantsRoute from '@/app/api/tenants/route';
import * as active from '@/app/api/tenants/active/route';
import * as invitations from '@/app/api/members/invitations/route';
import * as accept from '@/app/api/invitations/[id]/accept/route';
import * as dealerships from '@/app/api/dealerships/route';
import { resetRateLimits as resetSignInThrottle } from '@/src/access/rate-limit';
import { missingProductionSettings } from '@/src/config/env';
import type { Database } from '@/src/db';

let db: Database;
let t: TestTenant;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTenant(db);
});
afterAll(async () => {
  await db.close();
});
beforeEach(() => resetSignInThrottle());

describe(`sign-in (${engine})`, () => {
  it('sets an httpOnly, SameSite=Lax session cookie', async () => {
    const res = await signIn(t.owner.email);
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.includes('session_token='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('throttles failed sign-ins per account, without locking out other accounts', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(t.viewer.email, 'wrong-password-x')).status).toBe(401);
    const blocked = await signIn(t.viewer.email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json(blocked)).code).toBe('rate_limited');
    // Another account from another address is not affected.
    const other = await call(authRoute.POST, {
      method: 'POST',
      path: '/api/auth/sign-in/email',
      body: { email: t.manager.email, password: PASSWORD },
      headers: { 'x-forwarded-for': '198.51.100.9' },
    });
    expect(other.status).toBe(200);
  });

  it('throttles failed sign-ins per IP across accounts', async () => {
    for (let i = 0; i < 20; i++) {
      await call(authRoute.POST, {
        method: 'POST',
        path: '/api/auth/sign-in/email',
        body: { email: `nobody-${i}@example.test`, password: 'wrong-password-x' },
        headers: { 'x-forwarded-for': '192.0.2.50' },
      });
    }
    const res = await call(authRoute.POST, {
      method: 'POST',
      path: '/api/auth/sign-in/email',
      body: { email: t.admin.email, password: PASSWORD },
      headers: { 'x-forwarded-for': '192.0.2.50' },
    });
    expect(res.status).toBe(429);
  });

  it('signs out: the old cookie no longer authenticates', async () => {
    const u = await signUp();
    expect((await call(profile.GET, { path: '/api/user/profile', cookie: u.cookie })).status).toBe(200);
    const out = await call(authRoute.POST, { method: 'POST', path: '/api/auth/sign-out', cookie: u.cookie, body: {} });
    expect(out.status).toBe(200);
    expect((await call(profile.GET, { path: '/api/user/profile', cookie: u.cookie })).status).toBe(401);
  });

  it('production refuses to start without its secrets and database URLs', () => {
    expect(missingProductionSettings({})).toEqual([
      'BETTER_AUTH_SECRET',
      'DATABASE_URL',
      'DATABASE_SYSTEM_URL',
    ]);
  });
});

describe(`tenants and invitations (${engine})`, () => {
  it('a user founds two dealer groups, switches between them, and sees each one only', async () => {
    const u = await signUp();
    const noTenant = await call(dealerships.GET, { path: '/api/dealerships', cookie: u.cookie });
    expect(noTenant.status).toBe(403);
    expect((await json(noTenant)).code).toBe('tenant_required');

    const first = await json(await call(tenantsRoute.POST, { method: 'POST', path: '/api/tenants', body: { name: 'First Group' }, cookie: u.cookie }));
    await call(dealerships.POST, { method: 'POST', path: '/api/dealerships', cookie: u.cookie, body: { name: 'First Store', websiteUrl: 'https://first.example' } });
    const second = await json(await call(tenantsRoute.POST, { method: 'POST', path: '/api/tenants', body: { name: 'Second Group' }, cookie: u.cookie }));
    // Creating a group makes it active: the first group's store is not visible.
    expect((await json(await call(dealerships.GET, { path: '/api/dealerships', cookie: u.cookie }))).data).toEqual([]);

    const me = await json(await call(profile.GET, { path: '/api/user/profile', cookie: u.cookie }));
    expect(me.tenant).toEqual({ id: second.id, name: 'Second Group', role: 'owner' });
    expect(me.tenants.map((x: { id: string }) => x.id)).toEqual([first.id, second.id]);

    expect((await call(active.POST, { method: 'POST', path: '/api/tenants/active', body: { tenantId: first.id }, cookie: u.cookie })).status).toBe(200);
    const stores = await json(await call(dealerships.GET, { path: '/api/dealerships', cookie: u.cookie }));
    expect(stores.data.map((d: { name: string }) => d.name)).toEqual(['First Store']);

    // Someone else's tenant id: not found, and the session stays where it was.
    const foreign = await call(active.POST, { method: 'POST', path: '/api/tenants/active', body: { tenantId: t.tenantId }, cookie: u.cookie });
    expect(foreign.status).toBe(404);
    expect((await json(await call(profile.GET, { path: '/api/user/profile', cookie: u.cookie }))).tenant.id).toBe(first.id);
  });

  it('an invited viewer accepts by link and can read but not change', async () => {
    const email = `invitee-${Date.now()}@example.test`;
    const created = await call(invitations.POST, { method: 'POST', path: '/api/members/invitations', body: { email, role: 'viewer' }, cookie: t.admin.cookie });
    expect(created.status).toBe(201);
    const { id, url } = await json(created);
    const token = new URL(url).pathname.split('/').pop()!;
    expect(url).toMatch(/^http:\/\/localhost:3000\/invite\//);
    // The token is stored hashed, never in clear.
    const { rows } = await ownerQuery<{ token_hash: string }>(db, 'select token_hash from invitations where id = $1', [id]);
    expect(rows[0]!.token_hash).not.toBe(token);

    // Someone else signed in cannot accept it; a wrong token is "not found".
    const stranger = await signUp();
    expect((await call(accept.POST, { method: 'POST', path: `/api/invitations/${id}/accept`, params: { id }, body: { token }, cookie: stranger.cookie })).status).toBe(403);
    const invitee = await signUp(email);
    const wrong = await call(accept.POST, { method: 'POST', path: `/api/invitations/${id}/accept`, params: { id }, body: { token: `${token.slice(0, -2)}xx` }, cookie: invitee.cookie });
    expect(wrong.status).toBe(404);

    const ok = await call(accept.POST, { method: 'POST', path: `/api/invitations/${id}/accept`, params: { id }, body: { token }, cookie: invitee.cookie });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toEqual({ tenantId: t.tenantId, role: 'viewer' });
    expect((await call(accept.POST, { method: 'POST', path: `/api/invitations/${id}/accept`, params: { id }, body: { token }, cookie: invitee.cookie })).status).toBe(409);

    expect((await call(dealerships.GET, { path: '/api/dealerships', cookie: invitee.cookie })).status).toBe(200);
    const write = await call(dealerships.POST, { method: 'POST', path: '/api/dealerships', cookie: invitee.cookie, body: { name: 'Nope', websiteUrl: 'https://nope.example' } });
    expect(write.status).toBe(403);
  });

  it('an expired invitation cannot be accepted', async () => {
    const email = `late-${Date.now()}@example.test`;
    const { id, url } = await json(await call(invitations.POST, { method: 'POST', path: '/api/members/invitations', body: { email, role: 'manager' }, cookie: t.owner.cookie }));
    await ownerQuery(db, `update invitations set expires_at = now() - interval '1 minute' where id = $1`, [id]);
    const invitee = await signUp(email);
    const res = await call(accept.POST, { method: 'POST', path: `/api/invitations/${id}/accept`, params: { id }, body: { token: new URL(url).pathname.split('/').pop() }, cookie: invitee.cookie });
    expect(res.status).toBe(409);
    expect((await json(res)).code).toBe('invitation_expired');
  });

  it('a removed member loses access on the next request', async () => {
    const members = await import('@/app/api/members/[userId]/route');
    const u = await signUp();
    await ownerQuery(db, `insert into memberships (tenant_id, user_id, role) values ($1, $2, 'manager')`, [t.tenantId, u.userId]);
    expect((await call(dealerships.GET, { path: '/api/dealerships', cookie: u.cookie })).status).toBe(200);
    const del = await call(members.DELETE, { method: 'DELETE', path: `/api/members/${u.userId}`, params: { userId: u.userId }, cookie: t.admin.cookie });
    expect(del.status).toBe(204);
    expect((await call(dealerships.GET, { path: '/api/dealerships', cookie: u.cookie })).status).toBe(403);
  });
});
