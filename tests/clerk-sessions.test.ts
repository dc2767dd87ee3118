import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { call, json, type TestTenant } from './support/app';
import {
  ClerkWorld,
  ISSUER,
  OTHER_KEY,
  clerkEvent,
  clerkMembership,
  clerkOrg,
  clerkUser,
  configureClerk,
  deletedObject,
  deliverOk,
  mintToken,
  sessionCookie,
  startFakeClerkApi,
  type FakeClerkApi,
  type TokenOptions,
} from './support/clerk';
import * as profile from '@/app/api/user/profile/route';
import * as dealerships from '@/app/api/dealerships/route';
import * as tenantsRoute from '@/app/api/tenants/route';
import * as authRoute from '@/app/api/auth/[...all]/route';
import { CLERK_ROLES, roleFromClerk } from '@/src/auth/clerk/roles';
import { clerkHostedPage } from '@/src/auth/clerk/urls';
import { missingProductionSettings } from '@/src/config/env';
import type { Database } from '@/src/db';

let db: Database;
let fake: FakeClerkApi;
let world: ClerkWorld;
let t: TestTenant;
let orgA: string;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeClerkApi();
  configureClerk(true, { apiUrl: fake.url });
  world = new ClerkWorld(db);
  t = await world.createTenant('Tenant A');
  orgA = world.orgOf.get(t.tenantId)!;
});
afterAll(async () => {
  configureClerk(false);
  await fake.close();
  await db.close();
});

const clerkIdOf = (userId: string) => world.people.get(userId)!.clerkId;
const newClerkId = () => `user_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
const newOrgId = () => `org_${randomUUID().replace(/-/g, '').slice(0, 24)}`;

async function asToken(handler: typeof profile.GET, token: string, via: 'cookie' | 'bearer' = 'bearer') {
  return call(
    handler,
    via === 'bearer'
      ? { path: '/api/x', headers: { authorization: `Bearer ${token}` } }
      : { path: '/api/x', cookie: sessionCookie(token) },
  );
}
const profileOf = async (token: string) => json(await asToken(profile.GET, token));
const count = async (q: string, values: unknown[] = []) =>
  (await ownerQuery<{ n: number }>(db, `select count(*)::int as n from ${q}`, values)).rows[0]!.n;
const auditCount = async (action: string, resourceId: string) =>
  count(`audit_log where action = $1 and resource_id = $2`, [action, resourceId]);

describe(`Clerk session tokens (${engine})`, () => {
  it('a valid token, v2 or v1 claims, by cookie or bearer, is the right principal in the right tenant', async () => {
    const owner = clerkIdOf(t.owner.userId);
    for (const format of ['v2', 'v1'] as const) {
      const token = await mintToken({ sub: owner, org: { id: orgA, role: 'org:owner' }, format });
      for (const via of ['bearer', 'cookie'] as const) {
        const res = await asToken(profile.GET, token, via);
        expect(res.status, `${format} ${via}`).toBe(200);
        expect(await json(res)).toMatchObject({
          id: t.owner.userId,
          email: t.owner.email,
          tenant: { id: t.tenantId, name: 'Tenant A', role: 'owner' },
        });
      }
      expect((await asToken(dealerships.GET, token)).status).toBe(200);
    }
  });

  it('maps Clerk organization roles through the one table; unknown roles are viewers', async () => {
    expect(CLERK_ROLES).toEqual({
      'org:owner': 'owner',
      'org:admin': 'admin',
      'org:manager': 'manager',
      'org:viewer': 'viewer',
      'org:member': 'viewer',
    });
    expect(roleFromClerk('admin')).toBe('admin');
    expect(roleFromClerk(null)).toBe('viewer');
    const cases: [string, string][] = [
      ['org:admin', 'admin'],
      ['org:manager', 'manager'],
      ['org:member', 'viewer'],
      ['org:billing_clerk', 'viewer'],
    ];
    for (const [clerkRole, ours] of cases) {
      const u = await world.signUp();
      const token = await mintToken({ sub: clerkIdOf(u.userId), org: { id: orgA, role: clerkRole } });
      expect((await profileOf(token)).tenant, clerkRole).toEqual({
        id: t.tenantId,
        name: 'Tenant A',
        role: ours,
      });
    }
  });

  it('refuses expired, not yet valid, wrong issuer, wrong or missing azp, tampered, foreign-key and unsigned tokens with 401', async () => {
    const sub = newClerkId();
    const base: TokenOptions = {
      sub,
      org: { id: orgA, role: 'org:admin' },
      claims: { email: `${randomUUID()}@example.test`, name: 'Mallory' },
    };
    const good = await mintToken(base);
    const [h, p, s] = good.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, o: { id: orgA, rol: 'owner', slg: 'a' } })).toString('base64url')}.${s}`;
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    const bad: Record<string, string> = {
      expired: await mintToken({ ...base, iat: -120, nbf: -125, exp: -30 }),
      'not yet valid': await mintToken({ ...base, nbf: 120 }),
      'issued in the future': await mintToken({ ...base, iat: 120, nbf: -10 }),
      'without nbf': await mintToken({ ...base, nbf: null }),
      'wrong issuer': await mintToken({ ...base, iss: 'https://evil.example.com' }),
      'wrong azp': await mintToken({ ...base, azp: 'https://evil.example.com' }),
      'missing azp': await mintToken({ ...base, azp: null }),
      'tampered payload': tampered,
      "another instance's key": await mintToken({ ...base, key: OTHER_KEY.privateKey }),
      'alg none': unsigned,
      garbage: 'not.a.jwt',
    };
    for (const [name, token] of Object.entries(bad)) {
      const res = await asToken(profile.GET, token);
      expect(res.status, name).toBe(401);
      expect(res.headers.get('content-type'), name).toBe('application/problem+json');
    }
    // A bad bearer token is not rescued by a good cookie.
    const mixed = await call(profile.GET, {
      path: '/api/x',
      cookie: sessionCookie(good),
      headers: { authorization: 'Bearer not.a.jwt' },
    });
    expect(mixed.status).toBe(401);
    // Nothing was created for the refused subject.
    expect(await count('users where clerk_user_id = $1', [sub])).toBe(0);
    // The same token, unaltered, is fine.
    expect((await asToken(profile.GET, good)).status).toBe(200);
  });

  it('with CLERK_ISSUER set, only that exact issuer is accepted', async () => {
    configureClerk(true, { apiUrl: fake.url, issuer: ISSUER });
    try {
      const sub = clerkIdOf(t.viewer.userId);
      expect((await asToken(profile.GET, await mintToken({ sub }))).status).toBe(200);
      expect(
        (
          await asToken(
            profile.GET,
            await mintToken({ sub, iss: 'https://other-instance.clerk.accounts.dev' }),
          )
        ).status,
      ).toBe(401);
    } finally {
      configureClerk(true, { apiUrl: fake.url });
    }
  });

  it('a token without an organization, or a pending session, reaches onboarding only, even for a member (no fallback)', async () => {
    const sub = clerkIdOf(t.admin.userId);
    for (const token of [
      await mintToken({ sub }),
      await mintToken({ sub, org: { id: orgA, role: 'org:admin' }, claims: { sts: 'pending' } }),
    ]) {
      const me = await profileOf(token);
      expect(me).toMatchObject({
        id: t.admin.userId,
        tenant: null,
        tenants: [{ id: t.tenantId, role: 'admin' }],
      });
      const res = await asToken(dealerships.GET, token);
      expect(res.status).toBe(403);
      expect((await json(res)).code).toBe('tenant_required');
    }
  });

  it('first sign-in before any webhook: user, tenant and membership are created once from the token; the webhooks that follow change nothing', async () => {
    const sub = newClerkId();
    const org = newOrgId();
    const email = `first-${randomUUID()}@example.test`;
    const token = await mintToken({
      sub,
      org: { id: org, role: 'org:owner', slug: 'acme-motors' },
      claims: { email, email_verified: true, name: 'Pat Doe', org_name: 'Acme Motors' },
    });
    const responses = await Promise.all(Array.from({ length: 5 }, () => asToken(profile.GET, token)));
    for (const r of responses) expect(r.status).toBe(200);
    const me = await json(responses[0]!);
    expect(me).toMatchObject({ email, name: 'Pat Doe', tenant: { name: 'Acme Motors', role: 'owner' } });
    expect(await count('users where clerk_user_id = $1', [sub])).toBe(1);
    expect(await count('tenants where clerk_org_id = $1', [org])).toBe(1);
    expect(await count('memberships where tenant_id = $1', [me.tenant.id])).toBe(1);
    expect(await count('billing_accounts where tenant_id = $1', [me.tenant.id])).toBe(1);
    const audits = async () => ({
      user: await auditCount('USER_CREATED', me.id),
      tenant: await auditCount('TENANT_CREATED', me.tenant.id),
      member: await auditCount('MEMBER_JOINED', me.id),
      changed:
        (await count(
          `audit_log where tenant_id = $1 and action in ('TENANT_UPDATED', 'MEMBER_ROLE_CHANGED')`,
          [me.tenant.id],
        )) + (await auditCount('USER_UPDATED', me.id)),
    });
    expect(await audits()).toEqual({ user: 1, tenant: 1, member: 1, changed: 0 });

    // Clerk's webhooks arrive afterwards, saying the same (the membership is older than the token).
    const joined = Date.now() - 20_000;
    await deliverOk(clerkEvent('user.created', clerkUser(sub, { email, first: 'Pat', last: 'Doe' })));
    await deliverOk(
      clerkEvent('organization.created', clerkOrg(org, { name: 'Acme Motors', slug: 'acme-motors' })),
    );
    expect(
      await deliverOk(
        clerkEvent(
          'organizationMembership.created',
          clerkMembership(org, sub, 'org:owner', { updatedAt: joined }),
        ),
      ),
    ).toBe('stale');
    expect(await audits()).toEqual({ user: 1, tenant: 1, member: 1, changed: 0 });
    expect(await count('users where clerk_user_id = $1', [sub])).toBe(1);
    expect(await count('tenants where clerk_org_id = $1', [org])).toBe(1);
  });

  it('without email claims, a user Clerk has not announced yet gets a clear 503 and nothing is written', async () => {
    const sub = newClerkId();
    const res = await asToken(profile.GET, await mintToken({ sub, org: { id: orgA, role: 'org:admin' } }));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await json(res)).code).toBe('clerk_user_pending');
    expect(await count('users where clerk_user_id = $1', [sub])).toBe(0);
    expect(await count('clerk_objects where clerk_id = $1', [sub])).toBe(0);
  });

  it('a newer token updates the role; an older token does not undo a webhook; a removed member is not brought back by an older token', async () => {
    const u = await world.signUp();
    const sub = clerkIdOf(u.userId);
    // Joined in Clerk ten seconds ago as a viewer.
    await deliverOk(
      clerkEvent(
        'organizationMembership.created',
        clerkMembership(orgA, sub, 'org:viewer', { updatedAt: Date.now() - 10_000 }),
      ),
    );
    const role = async (token: string) => (await profileOf(token)).tenant?.role ?? null;

    // The token is newer than the membership webhook: its role applies (once, audited).
    expect(await role(await mintToken({ sub, org: { id: orgA, role: 'org:manager' } }))).toBe('manager');
    expect(await auditCount('MEMBER_ROLE_CHANGED', u.userId)).toBe(1);
    // A token minted two minutes ago still says viewer: older than what we know, ignored.
    expect(
      await role(await mintToken({ sub, org: { id: orgA, role: 'org:viewer' }, iat: -120, nbf: -125 })),
    ).toBe('manager');

    // Removed in Clerk; a token issued before the removal must not re-create the membership.
    await deliverOk(
      clerkEvent(
        'organizationMembership.deleted',
        clerkMembership(orgA, sub, 'org:manager'),
        Date.now() + 1_000,
      ),
    );
    const old = await mintToken({ sub, org: { id: orgA, role: 'org:manager' }, iat: -120, nbf: -125 });
    const res = await asToken(dealerships.GET, old);
    expect(res.status).toBe(403);
    expect((await json(res)).code).toBe('tenant_required');
    expect(await count('memberships where tenant_id = $1 and user_id = $2', [t.tenantId, u.userId])).toBe(0);
    // Added back in Clerk later: a member again.
    await deliverOk(
      clerkEvent(
        'organizationMembership.created',
        clerkMembership(orgA, sub, 'org:viewer', { updatedAt: Date.now() + 5_000 }),
      ),
    );
    expect(
      await role(await mintToken({ sub, org: { id: orgA, role: 'org:viewer' }, iat: -60, nbf: -65 })),
    ).toBe('viewer');
  });

  it("a deleted user's still-valid token is refused", async () => {
    const u = await world.signUp();
    const sub = clerkIdOf(u.userId);
    const token = await mintToken({ sub, claims: { email: u.email } });
    expect((await asToken(profile.GET, token)).status).toBe(200);
    await deliverOk(clerkEvent('user.deleted', deletedObject(sub, 'user')));
    expect((await asToken(profile.GET, token)).status).toBe(401);
    expect(await count('users where clerk_user_id = $1', [sub])).toBe(0);
  });
});

describe(`Clerk onboarding and the built-in pages (${engine})`, () => {
  it('POST /api/tenants creates the organization in Clerk and records it once; the webhooks that follow change nothing', async () => {
    const u = await world.signUp();
    const sub = clerkIdOf(u.userId);
    const res = await call(tenantsRoute.POST, {
      method: 'POST',
      path: '/api/tenants',
      body: { name: 'Riverside Auto Group' },
      cookie: u.cookie,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const created = await json(res);
    expect(created).toMatchObject({
      name: 'Riverside Auto Group',
      role: 'owner',
      clerkOrganizationId: expect.stringMatching(/^org_/),
    });
    const call0 = fake.calls.find(
      (c) => c.method === 'POST' && c.path === '/v1/organizations' && c.body.includes(sub),
    )!;
    expect(JSON.parse(call0.body)).toMatchObject({ name: 'Riverside Auto Group', created_by: sub });
    expect(call0.authorization).toBe('Bearer sk_test_local_fake_clerk');
    expect(await auditCount('TENANT_CREATED', created.id)).toBe(1);
    expect(await auditCount('MEMBER_JOINED', u.userId)).toBe(1);

    // Clerk then announces the same organization and membership: same versions, nothing changes.
    const org = created.clerkOrganizationId as string;
    const version = async (kind: string, id: string) =>
      Number(
        (
          await ownerQuery<{ version: string }>(
            db,
            'select version from clerk_objects where kind = $1 and clerk_id = $2',
            [kind, id],
          )
        ).rows[0]!.version,
      );
    const orgVersion = await version('organization', org);
    const memberVersion = await version('membership', `${org}:${sub}`);
    expect(
      await deliverOk(
        clerkEvent(
          'organization.created',
          clerkOrg(org, { name: 'Riverside Auto Group', updatedAt: orgVersion }),
        ),
      ),
    ).toBe('stale');
    expect(
      await deliverOk(
        clerkEvent(
          'organizationMembership.created',
          clerkMembership(org, sub, 'org:owner', { updatedAt: memberVersion }),
        ),
      ),
    ).toBe('stale');
    expect(await count('tenants where clerk_org_id = $1', [org])).toBe(1);
    expect(await auditCount('TENANT_CREATED', created.id)).toBe(1);

    // Once Clerk makes it the session's active organization, the owner acts in it.
    const token = await mintToken({ sub, org: { id: org, role: 'org:owner' } });
    expect((await profileOf(token)).tenant).toEqual({
      id: created.id,
      name: 'Riverside Auto Group',
      role: 'owner',
    });
  });

  it('two concurrent onboarding requests create one organization', async () => {
    const u = await world.signUp();
    const before = fake.calls.filter((c) => c.path === '/v1/organizations').length;
    fake.delayMs = 300;
    try {
      const [a, b] = await Promise.all(
        [1, 2].map(() =>
          call(tenantsRoute.POST, {
            method: 'POST',
            path: '/api/tenants',
            body: { name: 'Twice Motors' },
            cookie: u.cookie,
          }),
        ),
      );
      expect([a!.status, b!.status].sort()).toEqual([201, 409]);
      const loser = a!.status === 409 ? a! : b!;
      expect((await json(loser)).code).toBe('tenant_creation_in_flight');
      expect(loser.headers.get('retry-after')).toBe('5');
    } finally {
      fake.delayMs = 0;
    }
    expect(fake.calls.filter((c) => c.path === '/v1/organizations').length - before).toBe(1);
    // The lease is released: a later, deliberate second group is allowed.
    expect(
      (
        await call(tenantsRoute.POST, {
          method: 'POST',
          path: '/api/tenants',
          body: { name: 'Second Motors' },
          cookie: u.cookie,
        })
      ).status,
    ).toBe(201);
  });

  it('the built-in auth endpoints refuse clearly; sign-in and sign-up pages point at Clerk', async () => {
    const res = await call(authRoute.POST, {
      method: 'POST',
      path: '/api/auth/sign-in/email',
      body: { email: t.owner.email, password: 'whatever-123' },
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await json(res)).toMatchObject({
      code: 'managed_by_clerk',
      signInUrl: 'https://accounts.example.test/sign-in',
    });
    expect(clerkHostedPage('sign-in', '/reports?x=1')).toBe(
      `https://accounts.example.test/sign-in?redirect_url=${encodeURIComponent('http://localhost:3000/reports?x=1')}`,
    );
    expect(clerkHostedPage('sign-up', '/dashboard')).toMatch(
      /^https:\/\/accounts\.example\.test\/sign-up\?redirect_url=/,
    );
    configureClerk(false);
    try {
      expect(clerkHostedPage('sign-in', '/dashboard')).toBeNull();
    } finally {
      configureClerk(true, { apiUrl: fake.url });
    }
  });

  it('production needs the Clerk settings that make tokens and webhooks trustworthy, and refuses half a configuration', () => {
    const base = { DATABASE_URL: 'postgres://a', DATABASE_SYSTEM_URL: 'postgres://b' };
    expect(
      missingProductionSettings({ ...base, CLERK_SECRET_KEY: 'sk_live_x', CLERK_JWT_KEY: 'pem' }),
    ).toEqual([
      'CLERK_AUTHORIZED_PARTIES',
      'CLERK_WEBHOOK_SIGNING_SECRET',
      'CLERK_SIGN_IN_URL',
      'CLERK_SIGN_UP_URL',
      'CLERK_PUBLISHABLE_KEY',
    ]);
    expect(
      missingProductionSettings({
        ...base,
        CLERK_SECRET_KEY: 'sk_live_x',
        CLERK_JWT_KEY: 'pem',
        CLERK_AUTHORIZED_PARTIES: 'https://app.example.com',
        CLERK_WEBHOOK_SIGNING_SECRET: 'whsec_x',
        CLERK_SIGN_IN_URL: 'https://accounts.example.com/sign-in',
        CLERK_SIGN_UP_URL: 'https://accounts.example.com/sign-up',
        CLERK_PUBLISHABLE_KEY: 'pk_live_Y2xlcmsuZXhhbXBsZS5jb20k',
      }),
    ).toEqual([]);
    expect(missingProductionSettings({ ...base, CLERK_SECRET_KEY: 'sk_live_x' })).toEqual([
      'CLERK_JWT_KEY',
      'BETTER_AUTH_SECRET',
    ]);
  });
});
