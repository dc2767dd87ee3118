import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { call, json } from './support/app';
import {
  ClerkWorld,
  WEBHOOK_SECRET,
  clerkEvent,
  clerkMembership,
  clerkOrg,
  clerkUser,
  configureClerk,
  deletedObject,
  deliver,
  deliverOk,
  mintToken,
  startFakeClerkApi,
  svixHeaders,
  tick,
  type ClerkEventBody,
  type FakeClerkApi,
} from './support/clerk';
import * as webhookRoute from '@/app/api/clerk/webhook/route';
import * as profile from '@/app/api/user/profile/route';
import * as dealerships from '@/app/api/dealerships/route';
import { DEFER_WINDOW_MS } from '@/src/auth/clerk/sync';
import { PLATFORM_TENANT_ID } from '@/src/audit';
import type { Database } from '@/src/db';

let db: Database;
let fake: FakeClerkApi;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeClerkApi();
  configureClerk(true, { apiUrl: fake.url });
});
afterAll(async () => {
  configureClerk(false);
  await fake.close();
  await db.close();
});

type Event = ClerkEventBody & { svixId: string };
const id = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
const q = async <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  (await ownerQuery<T>(db, text, values)).rows;
const count = async (from: string, values: unknown[] = []) =>
  (await q<{ n: number }>(`select count(*)::int as n from ${from}`, values))[0]!.n;
const inboxCount = () => count(`webhook_events where provider = 'clerk'`);
const userId = async (clerkId: string) =>
  (await q<{ id: string }>('select id from users where clerk_user_id = $1', [clerkId]))[0]?.id ?? null;
const tenantId = async (orgId: string) =>
  (await q<{ id: string }>('select id from tenants where clerk_org_id = $1', [orgId]))[0]?.id ?? null;

describe(`Clerk webhook signatures (${engine})`, () => {
  const fresh = () =>
    clerkEvent('user.created', clerkUser(id('user'), { email: `sig-${randomUUID()}@example.test` }));

  it('valid → 200, and one valid signature among several (secret rotation) → 200', async () => {
    const a = fresh();
    expect(await json(await deliver(a))).toEqual({ received: true, outcome: 'applied' });
    const b = fresh();
    const rotated = await deliver(b, {
      signatures: (valid) =>
        `v1,${Buffer.from('stale-secret-signature').toString('base64')} v2,notsupported ${valid}`,
    });
    expect(rotated.status).toBe(200);
    expect(await userId((b.data as { id: string }).id)).not.toBeNull();
    // The same message again (same svix-id): acknowledged, nothing applied twice.
    expect(await json(await deliver(a))).toEqual({ received: true, outcome: 'duplicate' });
  });

  it('tampered body, wrong secret, stale timestamp, missing headers → 400 problem+json, nothing written', async () => {
    const before = { inbox: await inboxCount(), users: await count('users') };
    const e = fresh();
    const cases: [string, Response][] = [
      ['tampered body', await deliver(e, { tamper: true })],
      [
        'wrong secret',
        await deliver(e, { secret: `whsec_${Buffer.from('someone else entirely!!').toString('base64')}` }),
      ],
      ['stale timestamp', await deliver(e, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })],
      ['timestamp from the future', await deliver(e, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 })],
      ['missing svix-id', await deliver(e, { omit: 'svix-id' })],
      ['missing svix-timestamp', await deliver(e, { omit: 'svix-timestamp' })],
      ['missing svix-signature', await deliver(e, { omit: 'svix-signature' })],
      ['only invalid signatures', await deliver(e, { signatures: () => 'v1,AAAA v1,BBBB' })],
    ];
    // Correctly signed, but not JSON / not a Clerk event.
    for (const [name, raw] of [
      ['signed non-JSON body', 'not json at all'],
      ['signed non-event JSON', '{"hello":"world"}'],
    ] as const) {
      cases.push([
        name,
        await call(webhookRoute.POST, {
          method: 'POST',
          path: '/api/clerk/webhook',
          rawBody: raw,
          headers: svixHeaders(id('msg'), raw),
        }),
      ]);
    }
    for (const [name, res] of cases) {
      expect(res.status, name).toBe(400);
      expect(res.headers.get('content-type'), name).toBe('application/problem+json');
    }
    expect({ inbox: await inboxCount(), users: await count('users') }).toEqual(before);
    expect(await userId((e.data as { id: string }).id)).toBeNull();
    // The untouched delivery still works afterwards.
    expect((await deliver(e)).status).toBe(200);
  });

  it('without CLERK_WEBHOOK_SIGNING_SECRET the endpoint says it is not configured (503)', async () => {
    configureClerk(false);
    try {
      const res = await deliver(fresh());
      expect(res.status).toBe(503);
      expect((await json(res)).code).toBe('clerk_not_configured');
    } finally {
      configureClerk(true, { apiUrl: fake.url });
    }
    expect(WEBHOOK_SECRET).toMatch(/^whsec_/);
  });
});

// ---- The lifecycle ---------------------------------------------------------------------------------

type Ids = { users: [string, string, string, string]; orgs: [string, string]; emails: string[] };

/**
 * One user/organization/membership lifecycle: four users, two organizations, three memberships;
 * a rename of each kind, a role change, a membership removed, a user deleted, an organization
 * deleted. Every object has its create and at most one later event, so any delivery order must
 * end exactly where this order ends.
 */
function lifecycle(): { ids: Ids; events: Event[] } {
  const users = [id('user'), id('user'), id('user'), id('user')] as Ids['users'];
  const orgs = [id('org'), id('org')] as Ids['orgs'];
  const emails = users.map((_, i) => `life-${i}-${randomUUID()}@example.test`);
  const [u1, u2, u3, u4] = users;
  const [o1, o2] = orgs;
  const events: Event[] = [
    clerkEvent('user.created', clerkUser(u1, { email: emails[0]!, first: 'Olive', last: 'Owner' })),
    clerkEvent('user.created', clerkUser(u2, { email: emails[1]!, first: 'Vic', last: 'Viewer' })),
    clerkEvent('user.created', clerkUser(u3, { email: emails[2]!, first: 'Gone', last: 'Soon' })),
    clerkEvent('user.created', clerkUser(u4, { email: emails[3]!, first: 'Ada', last: 'Admin' })),
    clerkEvent('organization.created', clerkOrg(o1, { name: 'Riverside Auto' })),
    clerkEvent('organization.created', clerkOrg(o2, { name: 'Short-lived Motors' })),
    clerkEvent('organizationMembership.created', clerkMembership(o1, u1, 'org:owner')),
    clerkEvent('organizationMembership.created', clerkMembership(o1, u2, 'org:viewer')),
    clerkEvent('organizationMembership.created', clerkMembership(o1, u4, 'org:admin')),
    clerkEvent('user.updated', clerkUser(u1, { email: emails[0]!, first: 'Olivia', last: 'Owner' })),
    clerkEvent('organization.updated', clerkOrg(o1, { name: 'Riverside Auto Group' })),
    clerkEvent('organizationMembership.updated', clerkMembership(o1, u2, 'org:manager')),
    clerkEvent('organizationMembership.deleted', clerkMembership(o1, u4, 'org:admin')),
    clerkEvent('user.deleted', deletedObject(u3, 'user')),
    clerkEvent('organization.deleted', deletedObject(o2, 'organization')),
  ];
  return { ids: { users, orgs, emails }, events };
}

/** Everything the lifecycle decides, with ids replaced by their position, and the audit entries per action. */
async function finalState(ids: Ids) {
  const users = [];
  const ours: string[] = [];
  for (const u of ids.users) {
    const row = (
      await q<{ id: string; name: string; email: string }>(
        'select id, name, email from users where clerk_user_id = $1',
        [u],
      )
    )[0];
    users.push(row ? { name: row.name, email: row.email.replace(/-[0-9a-f-]{36}@/, '@') } : null);
    if (row) ours.push(row.id);
  }
  const tenants = [];
  const tenantIds: string[] = [];
  for (const o of ids.orgs) {
    const row = (
      await q<{ id: string; name: string; suspended: boolean; deletion: boolean }>(
        `select t.id, t.name, t.suspended_at is not null as suspended,
                exists (select 1 from tenant_deletions d where d.tenant_id = t.id and d.canceled_at is null) as deletion
         from tenants t where t.clerk_org_id = $1`,
        [o],
      )
    )[0];
    tenants.push(row ? { name: row.name, suspended: row.suspended, deletion: row.deletion } : null);
    if (row) tenantIds.push(row.id);
  }
  const memberships = [];
  for (const u of ids.users) {
    memberships.push(
      (
        await q<{ role: string }>(
          'select m.role from memberships m join users u on u.id = m.user_id join tenants t on t.id = m.tenant_id where u.clerk_user_id = $1 and t.clerk_org_id = $2',
          [u, ids.orgs[0]],
        )
      )[0]?.role ?? null,
    );
  }
  // The platform chain's entries about these people (by user id or, once deleted, by Clerk id) and the groups' own trails.
  const audit = await q<{ action: string; n: number }>(
    `select action, count(*)::int as n from audit_log
     where (tenant_id = any($1::uuid[]))
        or (tenant_id = $2 and (resource_id = any($3::text[]) or metadata->>'clerkUserId' = any($4::text[])))
     group by action order by action`,
    [tenantIds, PLATFORM_TENANT_ID, ours, ids.users],
  );
  return { users, tenants, memberships, audit: Object.fromEntries(audit.map((r) => [r.action, r.n])) };
}

describe(`Clerk webhooks keep users, tenants and memberships in sync (${engine})`, () => {
  it('applies the lifecycle in order, each change audited once as the webhook', async () => {
    const { ids, events } = lifecycle();
    const outcomes = [];
    for (const e of events) outcomes.push(await deliverOk(e));
    expect(outcomes.every((o) => o === 'applied')).toBe(true);
    const state = await finalState(ids);
    expect(state).toEqual({
      users: [
        { name: 'Olivia Owner', email: 'life-0@example.test' },
        { name: 'Vic Viewer', email: 'life-1@example.test' },
        null,
        { name: 'Ada Admin', email: 'life-3@example.test' },
      ],
      tenants: [
        { name: 'Riverside Auto Group', suspended: false, deletion: false },
        { name: 'Short-lived Motors', suspended: true, deletion: true },
      ],
      memberships: ['owner', 'manager', null, null],
      audit: {
        MEMBER_JOINED: 3,
        MEMBER_REMOVED: 1,
        MEMBER_ROLE_CHANGED: 1,
        TENANT_CREATED: 2,
        TENANT_DELETION_REQUESTED: 1,
        TENANT_SUSPENDED: 1,
        TENANT_UPDATED: 1,
        USER_CREATED: 4,
        USER_DELETED: 1,
        USER_UPDATED: 1,
      },
    });
    const actors = await q<{ actor_type: string; actor_id: string }>(
      `select distinct actor_type, actor_id from audit_log where tenant_id = $1`,
      [await tenantId(ids.orgs[0])],
    );
    expect(actors).toEqual([{ actor_type: 'webhook', actor_id: 'clerk' }]);
    // The inbox keeps ids and versions, never names or email addresses.
    const payloads = await q<{ payload: unknown }>(
      `select payload from webhook_events where provider = 'clerk' and event_id = any($1::text[])`,
      [events.map((e) => e.svixId)],
    );
    expect(payloads).toHaveLength(events.length);
    expect(JSON.stringify(payloads)).not.toMatch(/@example\.test|Olive|Riverside/);
  });

  it('chaos replay: the lifecycle delivered three times each, shuffled, ends as in order, one audit entry per change', async () => {
    const inOrder = lifecycle();
    for (const e of inOrder.events) await deliverOk(e);

    const chaos = lifecycle();
    const deliveries = [...chaos.events, ...chaos.events, ...chaos.events];
    let seed = 20251126;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    // Like Svix: a delivery that is not acknowledged (409: it came too early) is sent again later.
    const outcomes: string[] = [];
    let deferred = 0;
    for (let guard = 0; deliveries.length > 0; guard++) {
      expect(guard).toBeLessThan(2000);
      const e = deliveries.shift()!;
      const res = await deliver(e);
      if (res.status === 409) {
        expect((await json(res)).code).toBe('clerk_event_early');
        deferred += 1;
        deliveries.push(e);
        continue;
      }
      expect(res.status, await res.clone().text()).toBe(200);
      outcomes.push((await json(res)).outcome);
    }
    expect(deferred).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(chaos.events.length * 2);
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(chaos.events.length);
    expect(await finalState(chaos.ids)).toEqual(await finalState(inOrder.ids));
  });

  it('an older update never overwrites a newer one; a replayed create after a delete cannot resurrect', async () => {
    const u = id('user');
    const o = id('org');
    const email = `order-${randomUUID()}@example.test`;
    const old = tick();
    await deliverOk(clerkEvent('user.created', clerkUser(u, { email, first: 'First', updatedAt: old })));
    expect(
      await deliverOk(
        clerkEvent('user.updated', clerkUser(u, { email, first: 'Newest', updatedAt: tick() + 1000 })),
      ),
    ).toBe('applied');
    expect(
      await deliverOk(
        clerkEvent('user.updated', clerkUser(u, { email, first: 'Older', updatedAt: old + 1 })),
      ),
    ).toBe('stale');
    expect((await q<{ name: string }>('select name from users where clerk_user_id = $1', [u]))[0]!.name).toBe(
      'Newest User',
    );

    await deliverOk(clerkEvent('organization.created', clerkOrg(o, { name: 'Phoenix' })));
    await deliverOk(clerkEvent('organization.deleted', deletedObject(o, 'organization')));
    // A distinct message (new svix-id) carrying the old create, and a late update: nothing comes back.
    expect(
      await deliverOk(
        clerkEvent('organization.created', clerkOrg(o, { name: 'Phoenix', updatedAt: tick() + 60_000 })),
      ),
    ).toBe('stale');
    // Deleted after its newest update (which was stamped a second ahead).
    expect(await deliverOk(clerkEvent('user.deleted', deletedObject(u, 'user'), tick() + 2000))).toBe(
      'applied',
    );
    expect(
      await deliverOk(clerkEvent('user.created', clerkUser(u, { email, updatedAt: tick() + 60_000 }))),
    ).toBe('stale');
    expect(await userId(u)).toBeNull();
    const t = (
      await q<{ suspended: boolean }>(
        'select suspended_at is not null as suspended from tenants where clerk_org_id = $1',
        [o],
      )
    )[0]!;
    expect(t.suspended).toBe(true);
  });

  it('an event about an object not seen yet waits (409, nothing written) until its create; after an hour it is acknowledged instead', async () => {
    const u = id('user');
    const o = id('org');
    const membership = clerkEvent('organizationMembership.created', clerkMembership(o, u, 'org:admin'));
    const before = await inboxCount();
    const early = await deliver(membership);
    expect(early.status).toBe(409);
    expect(early.headers.get('content-type')).toBe('application/problem+json');
    expect(await inboxCount()).toBe(before);
    await deliverOk(clerkEvent('user.created', clerkUser(u, { email: `wait-${randomUUID()}@example.test` })));
    expect((await deliver(membership)).status).toBe(409);
    await deliverOk(clerkEvent('organization.created', clerkOrg(o, { name: 'Patience Motors' })));
    expect(await deliverOk(membership)).toBe('applied');
    expect(await count('memberships where tenant_id = $1', [await tenantId(o)])).toBe(1);

    const ancient = clerkEvent(
      'user.deleted',
      deletedObject(id('user'), 'user'),
      Date.now() - DEFER_WINDOW_MS - 60_000,
    );
    expect(await deliverOk(ancient)).toBe('ignored');
  });

  it('organization.deleted suspends the tenant (no token enters it) and schedules its deletion with notices to its owners', async () => {
    const world = new ClerkWorld(db);
    const t = await world.createTenant('Doomed Group');
    const org = world.orgOf.get(t.tenantId)!;
    const owner = world.people.get(t.owner.userId)!.clerkId;
    expect((await call(dealerships.GET, { path: '/api/dealerships', cookie: t.owner.cookie })).status).toBe(
      200,
    );

    expect(await deliverOk(clerkEvent('organization.deleted', deletedObject(org, 'organization')))).toBe(
      'applied',
    );
    const res = await call(dealerships.GET, { path: '/api/dealerships', cookie: t.owner.cookie });
    expect(res.status).toBe(403);
    expect((await json(res)).code).toBe('tenant_required');
    // Even a session that names the tenant directly is refused by the database (suspended).
    const me = await json(await call(profile.GET, { path: '/api/user/profile', cookie: t.owner.cookie }));
    expect(me.tenant).toBeNull();
    expect(me.tenants).toEqual([]);
    expect(
      (
        await q<{ n: number }>(`select count(*)::int as n from app_enter_tenant($1, $2, true)`, [
          t.owner.userId,
          t.tenantId,
        ])
      )[0]!.n,
    ).toBe(0);

    const schedule = (
      await q<{ delete_after: Date; requested_by: string | null }>(
        'select delete_after, requested_by from tenant_deletions where tenant_id = $1',
        [t.tenantId],
      )
    )[0]!;
    expect(schedule.requested_by).toBeNull();
    expect(new Date(schedule.delete_after).getTime()).toBeGreaterThan(Date.now() + 6 * 86400_000);
    const actions = (
      await q<{ action: string }>(
        `select action from audit_log where tenant_id = $1 and actor_type = 'webhook' order by seq`,
        [t.tenantId],
      )
    ).map((r) => r.action);
    expect(actions.slice(-2)).toEqual(['TENANT_SUSPENDED', 'TENANT_DELETION_REQUESTED']);
    expect(
      await count(`email_outbox where tenant_id = $1 and template = 'tenant_deletion_scheduled'`, [
        t.tenantId,
      ]),
    ).toBe(1);
    // The owners cannot open a suspended group: the notice must not send them to Settings → Data.
    const notice = (
      await q<{ text_body: string }>(
        `select text_body from email_outbox where tenant_id = $1 and template = 'tenant_deletion_scheduled'`,
        [t.tenantId],
      )
    )[0]!.text_body;
    expect(notice).toContain('suspended');
    expect(notice).toContain('operator');
    expect(notice).not.toContain('Settings → Data');
    expect(notice).not.toContain('/settings/data');
    // A token naming the deleted organization is not mapped to anything.
    const token = await mintToken({ sub: owner, org: { id: org, role: 'org:owner' } });
    expect(
      (
        await json(
          await call(profile.GET, {
            path: '/api/user/profile',
            headers: { authorization: `Bearer ${token}` },
          }),
        )
      ).tenant,
    ).toBeNull();
  });

  it('user.deleted removes the person from every group (MEMBER_REMOVED each) and the account (USER_DELETED)', async () => {
    const world = new ClerkWorld(db);
    const a = await world.createTenant();
    const b = await world.createTenant();
    await world.addMember(b.tenantId, a.manager.userId, 'viewer');
    const clerkId = world.people.get(a.manager.userId)!.clerkId;
    expect(await deliverOk(clerkEvent('user.deleted', deletedObject(clerkId, 'user')))).toBe('applied');
    expect(await userId(clerkId)).toBeNull();
    expect(await count('memberships where user_id = $1', [a.manager.userId])).toBe(0);
    for (const t of [a, b]) {
      expect(
        await count(`audit_log where tenant_id = $1 and action = 'MEMBER_REMOVED' and resource_id = $2`, [
          t.tenantId,
          a.manager.userId,
        ]),
      ).toBe(1);
    }
    expect(
      await count(`audit_log where tenant_id = $1 and action = 'USER_DELETED' and resource_id = $2`, [
        PLATFORM_TENANT_ID,
        a.manager.userId,
      ]),
    ).toBe(1);
  });

  it('links an existing built-in account by verified email; an unverified address is not linked', async () => {
    // Accounts of the built-in auth, from before the switch to Clerk.
    const account = async () => {
      const email = `built-in-${randomUUID()}@example.test`;
      return {
        email,
        userId: (
          await q<{ id: string }>(`insert into users (name, email) values ('Old Name', $1) returning id`, [
            email,
          ])
        )[0]!.id,
      };
    };
    const builtIn = await account();
    const clerkId = id('user');
    expect(
      await deliverOk(
        clerkEvent(
          'user.created',
          clerkUser(clerkId, { email: builtIn.email, first: 'Same', last: 'Person' }),
        ),
      ),
    ).toBe('applied');
    expect(await userId(clerkId)).toBe(builtIn.userId);
    expect(await count('users where email = $1', [builtIn.email])).toBe(1);
    expect(
      (await q<{ name: string }>('select name from users where id = $1', [builtIn.userId]))[0]!.name,
    ).toBe('Same Person');

    const other = await account();
    const impostor = id('user');
    expect(
      await deliverOk(
        clerkEvent('user.created', clerkUser(impostor, { email: other.email, verified: false })),
      ),
    ).toBe('conflict');
    expect(await userId(impostor)).toBeNull();
  });

  it('records and acknowledges event types it does not handle', async () => {
    const before = await inboxCount();
    expect(await deliverOk(clerkEvent('session.created', { id: id('sess'), object: 'session' }))).toBe(
      'ignored',
    );
    expect(await inboxCount()).toBe(before + 1);
  });
});
