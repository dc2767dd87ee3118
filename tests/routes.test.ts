import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { addMember, call, createTenant, insertDealership, json, signUp, validDealership, type TestTenant, type TestUser } from './support/app';
import { ClerkWorld, configureClerk, startFakeClerkApi, type FakeClerkApi } from './support/clerk';
import { can, ROLES, type GatedHandler, type Role } from '@/src/access';
import type { Database } from '@/src/db';
import { tenantOwnedTables } from '@/src/db/catalog';
import { resetRateLimits as resetSignInThrottle } from '@/src/access/rate-limit';

/**
 * The route matrix, generated from the permission matrix: every API route × method ×
 * (owner, admin, manager, viewer, signed out, a member of another tenant using this
 * tenant's ids). A route without an entry here fails the suite. It runs twice: with the
 * built-in auth, and in Clerk mode, where people and dealer groups come from Clerk webhooks and
 * every request carries a Clerk session token (tests/support/clerk.ts).
 */

const modules = import.meta.glob<Record<string, unknown>>('/app/api/**/route.ts', { eager: true });
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

type Fixture = { db: Database; a: TestTenant; b: TestTenant };
type Request = { path: string; params?: Record<string, string>; body?: unknown; actor?: TestUser };
type Case = {
  /** Builds a fresh request (and any resources it acts on) for one actor. */
  prepare: (f: Fixture, actor: TestUser) => Promise<Request>;
  /** Status when the actor is allowed. */
  ok: number;
  /** Status for a member of tenant B using tenant A's ids. */
  foreign: number;
  /** Where Clerk mode answers otherwise (memberships, profiles and sign-in are Clerk's there: 409 managed_by_clerk). */
  clerk?: { ok?: number; foreign?: number };
};

type Mode = 'built-in' | 'clerk';
/** Set while the Clerk-mode matrix runs: people and groups are then created through Clerk webhooks. */
let world: ClerkWorld | null = null;
const people = {
  signUp: () => (world ? world.signUp() : signUp()),
  addMember: (db: Database, tenantId: string, userId: string, role: string) =>
    world ? world.addMember(tenantId, userId, role) : addMember(db, tenantId, userId, role),
  createTenant: (db: Database, name?: string) => (world ? world.createTenant(name) : createTenant(db, name)),
};
const MANAGED_BY_CLERK = { ok: 409, foreign: 409 };

async function invitation(db: Database, tenantId: string, email: string) {
  const token = randomBytes(32).toString('base64url');
  const { rows } = await ownerQuery<{ id: string }>(
    db,
    `insert into invitations (tenant_id, email, role, token_hash, expires_at) values ($1, $2, 'viewer', $3, now() + interval '1 day') returning id`,
    [tenantId, email, createHash('sha256').update(token).digest('hex')],
  );
  return { id: rows[0]!.id, token };
}

/** A throwaway member of A (viewer) for member-management cases. */
async function spareMember(f: Fixture): Promise<string> {
  const { rows } = await ownerQuery<{ id: string }>(f.db, `insert into users (name, email) values ('Spare', $1) returning id`, [
    `${randomUUID()}@example.test`,
  ]);
  await people.addMember(f.db, f.a.tenantId, rows[0]!.id, 'viewer');
  return rows[0]!.id;
}

/** A signed-in user who is a viewer of A (user routes change the caller's own session). */
async function freshViewer(f: Fixture): Promise<TestUser> {
  const u = await people.signUp();
  await people.addMember(f.db, f.a.tenantId, u.userId, 'viewer');
  return u;
}

const dealershipPath = async (f: Fixture) => {
  const id = await insertDealership(f.db, f.a.tenantId);
  return { path: `/api/dealerships/${id}`, params: { id } };
};

async function reportPath(f: Fixture, suffix = '') {
  const dealershipId = await insertDealership(f.db, f.a.tenantId);
  const { rows } = await ownerQuery<{ id: string }>(
    f.db,
    `insert into reports (tenant_id, dealership_id, status, result, overall_score, finished_at)
     values ($1, $2, 'succeeded', '{"overallScore": 50, "checks": []}', 50, now()) returning id`,
    [f.a.tenantId, dealershipId],
  );
  const id = rows[0]!.id;
  return { path: `/api/reports/${id}${suffix}`, params: { id } };
}

const CASES: Record<string, Case> = {
  'POST /api/reports/generate': {
    prepare: async (f) => ({ path: '/api/reports/generate', body: { dealershipId: await insertDealership(f.db, f.a.tenantId) } }),
    ok: 202,
    foreign: 404,
  },
  // Stripe is not configured in this suite: an allowed caller gets past the gate to "not configured".
  'POST /api/stripe/create-checkout': { prepare: async () => ({ path: '/api/stripe/create-checkout', body: { plan: 'pro', interval: 'month' } }), ok: 503, foreign: 503 },
  'POST /api/stripe/portal': { prepare: async () => ({ path: '/api/stripe/portal' }), ok: 503, foreign: 503 },
  'POST /api/stripe/webhook': { prepare: async () => ({ path: '/api/stripe/webhook', body: { id: 'evt_1' } }), ok: 503, foreign: 503 },
  // Not configured with the built-in auth (503); in Clerk mode an unsigned body is a 400.
  'POST /api/clerk/webhook': {
    prepare: async () => ({ path: '/api/clerk/webhook', body: { type: 'user.created', data: { id: 'user_1' } } }),
    ok: 503,
    foreign: 503,
    clerk: { ok: 400, foreign: 400 },
  },
  'GET /api/billing/subscription': { prepare: async () => ({ path: '/api/billing/subscription' }), ok: 200, foreign: 200 },
  'GET /api/reports': { prepare: async () => ({ path: '/api/reports' }), ok: 200, foreign: 200 },
  'GET /api/reports/[id]': { prepare: (f) => reportPath(f), ok: 200, foreign: 404 },
  'GET /api/reports/[id]/download': { prepare: (f) => reportPath(f, '/download?format=json'), ok: 200, foreign: 404 },
  'GET /api/health': { prepare: async () => ({ path: '/api/health' }), ok: 200, foreign: 200 },
  // Throws a test error on purpose outside production (admins only).
  'GET /api/test-sentry': { prepare: async () => ({ path: '/api/test-sentry' }), ok: 500, foreign: 500 },
  'GET /api/health/live': { prepare: async () => ({ path: '/api/health/live' }), ok: 200, foreign: 200 },
  // No METRICS_TOKEN in this suite: the endpoint does not exist.
  'GET /api/metrics': { prepare: async () => ({ path: '/api/metrics' }), ok: 404, foreign: 404 },
  'GET /api/auth/[...all]': { prepare: async () => ({ path: '/api/auth/ok', params: { all: 'ok' } }), ok: 200, foreign: 200, clerk: MANAGED_BY_CLERK },
  'POST /api/auth/[...all]': {
    // Public: a wrong password is the expected answer for every caller.
    prepare: async (f) => ({ path: '/api/auth/sign-in/email', body: { email: f.a.owner.email, password: 'wrong-password-1' } }),
    ok: 401,
    foreign: 401,
    clerk: MANAGED_BY_CLERK,
  },
  'GET /api/user/profile': { prepare: async () => ({ path: '/api/user/profile' }), ok: 200, foreign: 200 },
  'PATCH /api/user/profile': { prepare: async () => ({ path: '/api/user/profile', body: { name: 'Renamed' } }), ok: 200, foreign: 200, clerk: MANAGED_BY_CLERK },
  'POST /api/tenants': {
    prepare: async (f) => ({ path: '/api/tenants', body: { name: 'Another Group' }, actor: await freshViewer(f) }),
    ok: 201,
    foreign: 201,
  },
  'POST /api/tenants/active': {
    prepare: async (f) => ({ path: '/api/tenants/active', body: { tenantId: f.a.tenantId }, actor: await freshViewer(f) }),
    ok: 200,
    foreign: 404,
    clerk: MANAGED_BY_CLERK,
  },
  'POST /api/invitations/[id]/accept': {
    clerk: MANAGED_BY_CLERK,
    prepare: async (f) => {
      const actor = await people.signUp();
      const inv = await invitation(f.db, f.a.tenantId, actor.email);
      return { path: `/api/invitations/${inv.id}/accept`, params: { id: inv.id }, body: { token: inv.token }, actor };
    },
    ok: 200,
    foreign: 403, // signed in as someone other than the invitee
  },
  'GET /api/dealerships': { prepare: async () => ({ path: '/api/dealerships' }), ok: 200, foreign: 200 },
  'POST /api/dealerships': { prepare: async () => ({ path: '/api/dealerships', body: validDealership() }), ok: 201, foreign: 201 },
  'GET /api/dealerships/[id]': { prepare: dealershipPath, ok: 200, foreign: 404 },
  'PATCH /api/dealerships/[id]': {
    prepare: async (f) => ({ ...(await dealershipPath(f)), body: { name: 'Renamed Store' } }),
    ok: 200,
    foreign: 404,
  },
  'DELETE /api/dealerships/[id]': { prepare: dealershipPath, ok: 204, foreign: 404 },
  'GET /api/settings/dealer': {
    prepare: async (f) => ({ path: `/api/settings/dealer?dealershipId=${await insertDealership(f.db, f.a.tenantId)}` }),
    ok: 200,
    foreign: 404,
  },
  'PUT /api/settings/dealer': {
    prepare: async (f) => ({
      path: `/api/settings/dealer?dealershipId=${await insertDealership(f.db, f.a.tenantId)}`,
      body: validDealership(),
    }),
    ok: 200,
    foreign: 404,
  },
  'GET /api/dashboard/overview': { prepare: async () => ({ path: '/api/dashboard/overview' }), ok: 200, foreign: 200 },
  'GET /api/settings/audit': { prepare: async () => ({ path: '/api/settings/audit?limit=5' }), ok: 200, foreign: 200 },
  'GET /api/settings/audit/verify': { prepare: async () => ({ path: '/api/settings/audit/verify' }), ok: 200, foreign: 200 },
  'GET /api/settings/audit/export': { prepare: async () => ({ path: '/api/settings/audit/export?format=jsonl' }), ok: 200, foreign: 200 },
  'GET /api/members': { prepare: async () => ({ path: '/api/members' }), ok: 200, foreign: 200 },
  'POST /api/members/invitations': {
    prepare: async () => ({ path: '/api/members/invitations', body: { email: `${randomUUID()}@example.test`, role: 'viewer' } }),
    ok: 201,
    foreign: 201,
    clerk: MANAGED_BY_CLERK,
  },
  'PATCH /api/members/[userId]': {
    prepare: async (f) => {
      const userId = await spareMember(f);
      return { path: `/api/members/${userId}`, params: { userId }, body: { role: 'manager' } };
    },
    ok: 200,
    foreign: 404,
    clerk: MANAGED_BY_CLERK,
  },
  'DELETE /api/members/[userId]': {
    prepare: async (f) => {
      const userId = await spareMember(f);
      return { path: `/api/members/${userId}`, params: { userId } };
    },
    ok: 204,
    foreign: 404,
    clerk: MANAGED_BY_CLERK,
  },
  // Operator routes (src/flags): signed-in users who are not in OPERATOR_EMAILS (a tenant owner
  // here, a fresh outsider for "foreign") get 403; tests/flags.test.ts covers operators.
  'GET /api/ops/flags': { prepare: async () => ({ path: '/api/ops/flags' }), ok: 403, foreign: 403 },
  'PUT /api/ops/flags/[key]': {
    prepare: async () => ({ path: '/api/ops/flags/newDashboard', params: { key: 'newDashboard' }, body: { enabled: true, percentage: 10 } }),
    ok: 403,
    foreign: 403,
  },
  'PUT /api/ops/flags/[key]/overrides/[tenantId]': {
    prepare: async (f) => ({
      path: `/api/ops/flags/newDashboard/overrides/${f.a.tenantId}`,
      params: { key: 'newDashboard', tenantId: f.a.tenantId },
      body: { value: true },
    }),
    ok: 403,
    foreign: 403,
  },
  'DELETE /api/ops/flags/[key]/overrides/[tenantId]': {
    prepare: async (f) => ({ path: `/api/ops/flags/newDashboard/overrides/${f.a.tenantId}`, params: { key: 'newDashboard', tenantId: f.a.tenantId } }),
    ok: 403,
    foreign: 403,
  },
  'GET /api/ops/tenants': { prepare: async () => ({ path: '/api/ops/tenants?q=Tenant' }), ok: 403, foreign: 403 },
  // Web-vitals beacons (src/vitals): public, the same answer for everyone; nothing tenant-owned is touched.
  'POST /api/vitals': {
    prepare: async () => ({
      path: '/api/vitals',
      body: { release: 'test', device: 'desktop', metrics: [{ name: 'LCP', value: 1200, route: '/dashboard', navigationType: 'navigate' }] },
    }),
    ok: 204,
    foreign: 204,
  },
  // Tenant data lifecycle (src/lifecycle; roles and rules in tests/lifecycle.test.ts).
  'GET /api/tenant/export': { prepare: async () => ({ path: '/api/tenant/export' }), ok: 200, foreign: 200 },
  'DELETE /api/tenant/delete': {
    // A signed-in route that enforces tenant:delete itself: the caller here owns a group of their
    // own, which only gets scheduled for deletion (nothing is deleted for 7 days).
    prepare: async (f) => {
      const name = `Doomed ${randomUUID().slice(0, 8)}`;
      const t = await people.createTenant(f.db, name);
      return { path: '/api/tenant/delete', body: { confirmName: name, password: (await import('./support/app')).PASSWORD }, actor: t.owner };
    },
    ok: 202,
    foreign: 403, // an outsider without a dealer group
    clerk: { ok: 409 }, // the organization is deleted in Clerk; its webhook schedules this
  },
  'POST /api/tenant/delete/cancel': {
    prepare: async (f) => {
      await ownerQuery(
        f.db,
        `insert into tenant_deletions (tenant_id, delete_after) values ($1, now() + interval '7 days')
         on conflict (tenant_id) do update set canceled_at = null, delete_after = excluded.delete_after`,
        [f.a.tenantId],
      );
      return { path: '/api/tenant/delete/cancel' };
    },
    ok: 200,
    foreign: 409, // B has no deletion scheduled
  },
  'DELETE /api/user/profile': {
    prepare: async (f) => ({ path: '/api/user/profile', body: { password: (await import('./support/app')).PASSWORD }, actor: await freshViewer(f) }),
    ok: 204,
    foreign: 204, // an outsider deletes their own account; nothing of tenant A changes
    clerk: MANAGED_BY_CLERK,
  },
};

const routes = Object.entries(modules).flatMap(([file, mod]) => {
  const pattern = file.replace(/^\/app/, '').replace(/\/route\.ts$/, '');
  return METHODS.filter((m) => m in mod).map((method) => ({ key: `${method} ${pattern}`, method, handler: mod[method] as GatedHandler, file }));
});

/**
 * Everything tenant A owns, as the owner sees it: must not change when B acts. A's audit trail
 * is left out: it may record the attempt (e.g. a failed sign-in on A's member), which is its job.
 */
async function tenantSnapshot(f: Fixture): Promise<string> {
  const parts: string[] = [];
  for (const table of (await tenantOwnedTables(f.db.system)).filter((t) => !t.startsWith('audit_'))) {
    const { rows } = await ownerQuery<{ f: string }>(
      f.db,
      `select coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as f from ${table} t where tenant_id = $1`,
      [f.a.tenantId],
    );
    parts.push(`${table}:${rows[0]!.f}`);
  }
  return parts.join(',');
}

let f: Fixture;

for (const mode of ['built-in', 'clerk'] as const satisfies readonly Mode[]) {
  const okOf = (spec: Case) => (mode === 'clerk' ? (spec.clerk?.ok ?? spec.ok) : spec.ok);
  const foreignOf = (spec: Case) => (mode === 'clerk' ? (spec.clerk?.foreign ?? spec.foreign) : spec.foreign);
  let fakeClerk: FakeClerkApi | undefined;

  describe(`route matrix (${engine}, ${mode} auth)`, () => {
    beforeAll(async () => {
      const db = await createTestDatabase();
      if (mode === 'clerk') {
        fakeClerk = await startFakeClerkApi();
        configureClerk(true, { apiUrl: fakeClerk.url });
        world = new ClerkWorld(db);
      }
      f = { db, a: await people.createTenant(db, 'Tenant A'), b: await people.createTenant(db, 'Tenant B') };
    });
    afterAll(async () => {
      if (mode === 'clerk') {
        configureClerk(false);
        world = null;
        await fakeClerk?.close();
      }
      await f.db.close();
    });

    it('covers every exported handler, each built by the request gate', () => {
      expect(routes.length).toBeGreaterThan(0);
      for (const r of routes) {
        expect(typeof r.handler, r.key).toBe('function');
        expect(r.handler.access, `${r.key} is not built with defineRoute`).toBeDefined();
      }
      expect(routes.map((r) => r.key).sort()).toEqual(Object.keys(CASES).sort());
    });

    it('route files export nothing but gated handlers and Next.js segment config', () => {
      const allowed = new Set([...METHODS, 'dynamic', 'runtime', 'maxDuration', 'revalidate']);
      for (const [file, mod] of Object.entries(modules)) {
        for (const name of Object.keys(mod)) expect(allowed.has(name), `${file} exports ${name}`).toBe(true);
        const source = readFileSync(path.join(process.cwd(), file), 'utf8');
        expect(source, file).not.toMatch(/export\s+(async\s+)?function\s+(GET|POST|PUT|PATCH|DELETE)/);
      }
    });

    for (const route of routes) {
      const spec = CASES[route.key];
      if (!spec) continue;
      const access = route.handler.access;

      describe(route.key, () => {
        const send = async (actor: TestUser | undefined, req: Request) =>
          call(route.handler, { method: route.method, path: req.path, params: req.params, body: req.body, cookie: actor?.cookie });

        if (access.kind === 'tenant') {
          for (const role of ROLES) {
            const expected = can(role, access.permission) ? okOf(spec) : 403;
            it(`${role} → ${expected}`, async () => {
              const req = await spec.prepare(f, f.a[role]);
              const res = await send(f.a[role], req);
              expect(res.status, await res.clone().text()).toBe(expected);
            });
          }
        } else {
          it(`signed-in caller → ${okOf(spec)}`, async () => {
            resetSignInThrottle();
            const req = await spec.prepare(f, f.a.owner);
            const res = await send(req.actor ?? f.a.owner, req);
            expect(res.status, await res.clone().text()).toBe(okOf(spec));
          });
        }

        const signedOut = access.kind === 'public' ? okOf(spec) : 401;
        it(`signed out → ${signedOut}`, async () => {
          resetSignInThrottle();
          const req = await spec.prepare(f, f.a.owner);
          const res = await send(undefined, req);
          expect(res.status, await res.clone().text()).toBe(signedOut);
          if (signedOut === 401) expect(res.headers.get('content-type')).toBe('application/problem+json');
        });

        it(`member of another tenant with this tenant's ids → ${foreignOf(spec)}, nothing of tenant A read or changed`, async () => {
          resetSignInThrottle();
          const req = await spec.prepare(f, f.a.owner);
          // User routes act on the caller's own session: use a fresh outsider for them.
          const outsider = access.kind === 'tenant' ? f.b.owner : await people.signUp();
          const before = await tenantSnapshot(f);
          const res = await send(outsider, req);
          const raw = await res.text();
          expect(res.status, raw).toBe(foreignOf(spec));
          // B's own audit trail legitimately records the ids B itself tried: those lines are not A's data.
          const text = raw
            .split('\n')
            .filter((line) => !line.includes('TENANT_ACCESS_VIOLATION'))
            .join('\n');
          expect(await tenantSnapshot(f)).toBe(before);
          const { rows } = await ownerQuery<{ id: string }>(f.db, 'select id::text from dealerships where tenant_id = $1', [f.a.tenantId]);
          for (const id of [f.a.tenantId, ...rows.map((r) => r.id)]) {
            if (!req.path.includes(id)) expect(text).not.toContain(id);
          }
        });
      });
    }

    if (mode === 'built-in') rulesTheMatrixCannotExpress();
  });
}

/** Built-in mode only: in Clerk mode these routes answer managed_by_clerk (roles are changed in Clerk). */
function rulesTheMatrixCannotExpress() {
  describe('role rules the matrix cannot express', () => {
    it('an admin cannot change or remove an owner, nor invite one; the last owner cannot be demoted or removed', async () => {
      const patch = modules['/app/api/members/[userId]/route.ts']!.PATCH as GatedHandler;
      const del = modules['/app/api/members/[userId]/route.ts']!.DELETE as GatedHandler;
      const invite = modules['/app/api/members/invitations/route.ts']!.POST as GatedHandler;
      const owner = f.a.owner.userId;
      const asAdmin = { cookie: f.a.admin.cookie, params: { userId: owner }, path: `/api/members/${owner}` };
      expect((await call(patch, { ...asAdmin, method: 'PATCH', body: { role: 'viewer' } })).status).toBe(403);
      expect((await call(del, { ...asAdmin, method: 'DELETE' })).status).toBe(403);
      const spare = await spareMember(f);
      expect(
        (await call(patch, { method: 'PATCH', cookie: f.a.admin.cookie, params: { userId: spare }, path: `/api/members/${spare}`, body: { role: 'owner' } }))
          .status,
      ).toBe(403);
      expect(
        (await call(invite, { method: 'POST', cookie: f.a.admin.cookie, path: '/api/members/invitations', body: { email: 'boss@example.test', role: 'owner' } }))
          .status,
      ).toBe(403);

      const asOwner = { cookie: f.a.owner.cookie, params: { userId: owner }, path: `/api/members/${owner}` };
      const demote = await call(patch, { ...asOwner, method: 'PATCH', body: { role: 'admin' } });
      expect(demote.status).toBe(409);
      expect((await json(demote)).code).toBe('last_owner');
      expect((await call(del, { ...asOwner, method: 'DELETE' })).status).toBe(409);
      const { rows } = await ownerQuery<{ role: Role }>(f.db, 'select role from memberships where tenant_id = $1 and user_id = $2', [f.a.tenantId, owner]);
      expect(rows[0]!.role).toBe('owner');
    });
  });
}
