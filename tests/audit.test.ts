import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { call, createTenant, insertDealership, json, signIn, signUp, validDealership, type TestTenant } from './support/app';
import * as dealerships from '@/app/api/dealerships/route';
import * as dealership from '@/app/api/dealerships/[id]/route';
import * as settings from '@/app/api/settings/dealer/route';
import * as invitations from '@/app/api/members/invitations/route';
import * as members from '@/app/api/members/[userId]/route';
import * as accept from '@/app/api/invitations/[id]/accept/route';
import * as tenantsRoute from '@/app/api/tenants/route';
import * as profile from '@/app/api/user/profile/route';
import * as auditList from '@/app/api/settings/audit/route';
import * as auditVerify from '@/app/api/settings/audit/verify/route';
import * as auditExport from '@/app/api/settings/audit/export/route';
import { defineRoute } from '@/src/access';
import { PLATFORM_TENANT_ID, purgeAuditBefore, sanitizeMetadata, verifyChain } from '@/src/audit';
import { resetRateLimits as resetSignInThrottle } from '@/src/access/rate-limit';
import { withSystem, withTenant, type Database } from '@/src/db';
import { dealerships as dealershipsTable } from '@/src/db/schema';

let db: Database;
let t: TestTenant;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTenant(db);
});
afterAll(async () => {
  await db.close();
});

type Entry = { seq: number; action: string; actor_type: string; actor_id: string | null; resource_type: string | null; resource_id: string | null; metadata: any };

async function entries(tenantId: string, action?: string): Promise<Entry[]> {
  const { rows } = await ownerQuery<Entry>(
    db,
    `select seq::int, action, actor_type, actor_id, resource_type, resource_id, metadata from audit_log
     where tenant_id = $1 ${action ? 'and action = $2' : ''} order by seq`,
    action ? [tenantId, action] : [tenantId],
  );
  return rows;
}
const last = async (tenantId: string, action: string) => (await entries(tenantId, action)).at(-1);
const verify = (tenantId: string) => withSystem('test verify', (tx) => verifyChain(tx, tenantId));

describe(`each action is recorded by the route that performs it (${engine})`, () => {
  const cases: { action: string; run: () => Promise<{ tenantId: string; actorId: string | null; resourceId: string | null; metadata?: unknown }> }[] = [
    {
      action: 'DEALERSHIP_CREATED',
      run: async () => {
        const res = await call(dealerships.POST, { method: 'POST', path: '/api/dealerships', body: validDealership(), cookie: t.admin.cookie });
        const id = (await json(res)).id;
        return { tenantId: t.tenantId, actorId: t.admin.userId, resourceId: id, metadata: { after: expect.objectContaining({ name: 'Northside Honda' }) } };
      },
    },
    {
      action: 'DEALERSHIP_UPDATED',
      run: async () => {
        const id = await insertDealership(db, t.tenantId, 'Before Name');
        await call(dealership.PATCH, { method: 'PATCH', path: `/api/dealerships/${id}`, params: { id }, body: { name: 'After Name' }, cookie: t.manager.cookie });
        return { tenantId: t.tenantId, actorId: t.manager.userId, resourceId: id, metadata: { changes: { name: { before: 'Before Name', after: 'After Name' } } } };
      },
    },
    {
      action: 'DEALERSHIP_DELETED',
      run: async () => {
        const id = await insertDealership(db, t.tenantId);
        await call(dealership.DELETE, { method: 'DELETE', path: `/api/dealerships/${id}`, params: { id }, cookie: t.owner.cookie });
        return { tenantId: t.tenantId, actorId: t.owner.userId, resourceId: id };
      },
    },
    {
      action: 'SETTINGS_CHANGED',
      run: async () => {
        const id = await insertDealership(db, t.tenantId);
        await call(settings.PUT, { method: 'PUT', path: `/api/settings/dealer?dealershipId=${id}`, body: validDealership(), cookie: t.admin.cookie });
        return { tenantId: t.tenantId, actorId: t.admin.userId, resourceId: id };
      },
    },
    {
      action: 'MEMBER_INVITED',
      run: async () => {
        const res = await call(invitations.POST, { method: 'POST', path: '/api/members/invitations', body: { email: 'new@example.test', role: 'viewer' }, cookie: t.admin.cookie });
        return { tenantId: t.tenantId, actorId: t.admin.userId, resourceId: (await json(res)).id, metadata: { email: 'new@example.test', role: 'viewer' } };
      },
    },
    {
      action: 'MEMBER_JOINED',
      run: async () => {
        const email = `joiner-${randomUUID()}@example.test`;
        const { id, url } = await json(await call(invitations.POST, { method: 'POST', path: '/api/members/invitations', body: { email, role: 'manager' }, cookie: t.owner.cookie }));
        const u = await signUp(email);
        await call(accept.POST, { method: 'POST', path: `/api/invitations/${id}/accept`, params: { id }, body: { token: url.split('/').pop() }, cookie: u.cookie });
        return { tenantId: t.tenantId, actorId: u.userId, resourceId: u.userId };
      },
    },
    {
      action: 'MEMBER_ROLE_CHANGED',
      run: async () => {
        const u = await signUp();
        await ownerQuery(db, `insert into memberships (tenant_id, user_id, role) values ($1, $2, 'viewer')`, [t.tenantId, u.userId]);
        await call(members.PATCH, { method: 'PATCH', path: `/api/members/${u.userId}`, params: { userId: u.userId }, body: { role: 'manager' }, cookie: t.admin.cookie });
        return { tenantId: t.tenantId, actorId: t.admin.userId, resourceId: u.userId, metadata: { changes: { role: { before: 'viewer', after: 'manager' } } } };
      },
    },
    {
      action: 'MEMBER_REMOVED',
      run: async () => {
        const u = await signUp();
        await ownerQuery(db, `insert into memberships (tenant_id, user_id, role) values ($1, $2, 'viewer')`, [t.tenantId, u.userId]);
        await call(members.DELETE, { method: 'DELETE', path: `/api/members/${u.userId}`, params: { userId: u.userId }, cookie: t.admin.cookie });
        return { tenantId: t.tenantId, actorId: t.admin.userId, resourceId: u.userId };
      },
    },
    {
      action: 'TENANT_CREATED',
      run: async () => {
        const u = await signUp();
        const res = await call(tenantsRoute.POST, { method: 'POST', path: '/api/tenants', body: { name: 'Fresh Group' }, cookie: u.cookie });
        const id = (await json(res)).id;
        return { tenantId: id, actorId: u.userId, resourceId: id };
      },
    },
    {
      action: 'USER_CREATED',
      run: async () => {
        const u = await signUp();
        return { tenantId: PLATFORM_TENANT_ID, actorId: u.userId, resourceId: u.userId };
      },
    },
    {
      action: 'USER_UPDATED',
      run: async () => {
        const u = await signUp(undefined, 'Old Name');
        await call(profile.PATCH, { method: 'PATCH', path: '/api/user/profile', body: { name: 'New Name' }, cookie: u.cookie });
        return { tenantId: PLATFORM_TENANT_ID, actorId: u.userId, resourceId: u.userId, metadata: { changes: { name: { before: 'Old Name', after: 'New Name' } } } };
      },
    },
    {
      action: 'SIGN_IN_FAILED',
      run: async () => {
        resetSignInThrottle();
        await signIn(t.viewer.email, 'not-the-password');
        return { tenantId: t.tenantId, actorId: null, resourceId: t.viewer.userId };
      },
    },
    {
      action: 'TENANT_ACCESS_VIOLATION',
      run: async () => {
        // A viewer trying to delete: role too low, recorded although the request was refused.
        const id = await insertDealership(db, t.tenantId);
        const res = await call(dealership.DELETE, { method: 'DELETE', path: `/api/dealerships/${id}`, params: { id }, cookie: t.viewer.cookie });
        expect(res.status).toBe(403);
        return { tenantId: t.tenantId, actorId: t.viewer.userId, resourceId: `DELETE /api/dealerships/${id}`, metadata: { reason: 'role_too_low', permission: 'dealership:delete', role: 'viewer', status: 403 } };
      },
    },
    {
      action: 'AUDIT_EXPORTED',
      run: async () => {
        const res = await call(auditExport.GET, { path: '/api/settings/audit/export?format=csv&action=DEALERSHIP_CREATED', cookie: t.admin.cookie });
        await res.text();
        return { tenantId: t.tenantId, actorId: t.admin.userId, resourceId: null, metadata: { filters: { format: 'csv', action: 'DEALERSHIP_CREATED' } } };
      },
    },
  ];

  for (const c of cases) {
    it(c.action, async () => {
      const expected = await c.run();
      const entry = await last(expected.tenantId, c.action);
      expect(entry, `no ${c.action} entry`).toBeDefined();
      expect(entry!.actor_id).toBe(expected.actorId);
      expect(entry!.resource_id).toBe(expected.resourceId);
      if (expected.metadata) expect(entry!.metadata).toMatchObject(expected.metadata as object);
    });
  }

  it('records a member of another tenant probing this tenant’s ids in the prober’s own tenant only', async () => {
    const other = await createTenant(db);
    const id = await insertDealership(db, t.tenantId);
    const mine = (await entries(t.tenantId)).length;
    const res = await call(dealership.GET, { path: `/api/dealerships/${id}`, params: { id }, cookie: other.owner.cookie });
    expect(res.status).toBe(404);
    const entry = await last(other.tenantId, 'TENANT_ACCESS_VIOLATION');
    expect(entry).toMatchObject({ actor_id: other.owner.userId, metadata: { reason: 'other_tenant_resource' } });
    expect(JSON.stringify(entry!.metadata)).not.toContain(t.tenantId);
    expect((await entries(t.tenantId)).length).toBe(mine);
    // An unknown id is a plain 404, not a violation.
    const before = (await entries(other.tenantId, 'TENANT_ACCESS_VIOLATION')).length;
    const unknown = randomUUID();
    await call(dealership.GET, { path: `/api/dealerships/${unknown}`, params: { id: unknown }, cookie: other.owner.cookie });
    expect((await entries(other.tenantId, 'TENANT_ACCESS_VIOLATION')).length).toBe(before);
  });
});

describe(`atomicity and append-only (${engine})`, () => {
  it('a handler that fails after its change leaves neither the change nor the audit row', async () => {
    const failing = defineRoute(
      { permission: 'dealership:create', input: z.object({ name: z.string() }), audit: 'DEALERSHIP_CREATED' },
      async ({ tx, principal, input }) => {
        await tx.insert(dealershipsTable).values({ tenantId: principal.tenantId, name: input.name, websiteUrl: 'https://x.example' });
        throw new Error('boom after the write');
      },
    );
    const undeclared = defineRoute({ permission: 'dealership:create', input: z.object({ name: z.string() }), audit: 'DEALERSHIP_CREATED' }, async ({ tx, principal, input }) => {
      // Forgetting the audit details is a programming error: the change must not commit unaudited.
      await tx.insert(dealershipsTable).values({ tenantId: principal.tenantId, name: input.name, websiteUrl: 'https://x.example' });
      return { ok: true };
    });
    const before = (await entries(t.tenantId)).length;
    for (const [handler, name] of [
      [failing, 'Ghost Motors'],
      [undeclared, 'Unaudited Motors'],
    ] as const) {
      const res = await call(handler, { method: 'POST', path: '/api/test', body: { name }, cookie: t.owner.cookie });
      expect(res.status).toBe(500);
      const { rows } = await ownerQuery(db, 'select 1 from dealerships where name = $1', [name]);
      expect(rows).toEqual([]);
    }
    expect((await entries(t.tenantId)).length).toBe(before);
    expect((await verify(t.tenantId)).ok).toBe(true);
  });

  it('the runtime role cannot UPDATE or DELETE audit rows; the system role only on the purge path', async () => {
    const asApp = (q: string) => withTenant({ tenantId: t.tenantId }, (tx) => tx.execute(sql.raw(q)));
    await expect(asApp(`update audit_log set action = 'X'`)).rejects.toMatchObject({ cause: { code: '42501' } });
    await expect(asApp(`delete from audit_log`)).rejects.toMatchObject({ cause: { code: '42501' } });
    const asSystem = (q: string) => withSystem('test', (tx) => tx.execute(sql.raw(q)));
    await expect(asSystem(`update audit_log set action = 'X' where tenant_id = '${t.tenantId}'`)).rejects.toMatchObject({ cause: { code: '42501' } });
    await expect(asSystem(`delete from audit_log where tenant_id = '${t.tenantId}'`)).rejects.toMatchObject({ cause: { code: '42501' } });
    await expect(
      withSystem('test', async (tx) => {
        await tx.execute(sql`select set_config('app.audit_purge', 'on', true)`);
        await tx.execute(sql.raw(`update audit_log set action = 'X' where tenant_id = '${t.tenantId}'`));
      }),
    ).rejects.toMatchObject({ cause: { code: '42501' } });
    expect((await verify(t.tenantId)).ok).toBe(true);
  });
});

describe(`tamper evidence (${engine})`, () => {
  /** A tenant with a chain of 6 entries, then one edit behind the app's back as the owner. */
  async function tampered(edit: (tenantId: string) => string[]): Promise<Awaited<ReturnType<typeof verify>>> {
    const x = await createTenant(db);
    for (let i = 0; i < 5; i++) {
      await call(dealerships.POST, { method: 'POST', path: '/api/dealerships', body: { ...validDealership(), name: `Store ${i}` }, cookie: x.owner.cookie });
    }
    expect(await verify(x.tenantId)).toEqual({ ok: true, checked: 6 });
    await ownerQuery(db, 'alter table audit_log disable trigger audit_log_append_only');
    try {
      for (const statement of edit(x.tenantId)) await ownerQuery(db, statement);
    } finally {
      await ownerQuery(db, 'alter table audit_log enable trigger audit_log_append_only');
    }
    return verify(x.tenantId);
  }

  it('detects a modified field', async () => {
    const r = await tampered((id) => [`update audit_log set metadata = '{"after":{"name":"Forged"}}' where tenant_id = '${id}' and seq = 3`]);
    expect(r).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: expect.stringContaining('modified') } });
  });

  it('detects a deleted row', async () => {
    const r = await tampered((id) => [`delete from audit_log where tenant_id = '${id}' and seq = 4`]);
    expect(r).toMatchObject({ ok: false, firstBroken: { seq: 4, reason: expect.stringContaining('missing') } });
  });

  it('detects reordered rows', async () => {
    const r = await tampered((id) => [
      `update audit_log set seq = -1 where tenant_id = '${id}' and seq = 2`,
      `update audit_log set seq = 2 where tenant_id = '${id}' and seq = 3`,
      `update audit_log set seq = 3 where tenant_id = '${id}' and seq = -1`,
    ]);
    expect(r).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: expect.stringContaining('reordered') } });
  });

  it('detects a truncated tail', async () => {
    const r = await tampered((id) => [`delete from audit_log where tenant_id = '${id}' and seq >= 5`]);
    expect(r).toMatchObject({ ok: false, firstBroken: { seq: 5, reason: expect.stringContaining('truncated') } });
  });

  it('detects a forged row', async () => {
    const r = await tampered((id) => [
      `insert into audit_log (tenant_id, seq, occurred_at, actor_type, action, metadata, prev_hash, hash)
       select tenant_id, 7, now(), 'user', 'DEALERSHIP_DELETED', '{}', hash, repeat('a', 64) from audit_log where tenant_id = '${id}' and seq = 6`,
      `update audit_heads set seq = 7, hash = repeat('a', 64) where tenant_id = '${id}'`,
    ]);
    expect(r).toMatchObject({ ok: false, firstBroken: { seq: 7, reason: expect.stringContaining('forged') } });
  });
});

describe(`reading, exporting, verifying, retention (${engine})`, () => {
  it('lists newest first with filters and a stable cursor, and verifies through the API', async () => {
    const x = await createTenant(db);
    for (let i = 0; i < 7; i++) {
      await call(dealerships.POST, { method: 'POST', path: '/api/dealerships', body: { ...validDealership(), name: `Store ${i}` }, cookie: x.admin.cookie });
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { seq: number; action: string }[]; nextCursor: string | null } = await json(
        await call(auditList.GET, { path: `/api/settings/audit?action=DEALERSHIP_CREATED&limit=3${cursor ? `&cursor=${cursor}` : ''}`, cookie: x.admin.cookie }),
      );
      seen.push(...page.data.map((e) => e.seq));
      expect(page.data.every((e) => e.action === 'DEALERSHIP_CREATED')).toBe(true);
      cursor = page.nextCursor;
      // Entries arriving meanwhile do not shift the pages already being read.
      await call(dealerships.POST, { method: 'POST', path: '/api/dealerships', body: validDealership(), cookie: x.admin.cookie });
    } while (cursor);
    expect(seen.slice(0, 7)).toEqual([...seen.slice(0, 7)].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);

    const byActor = await json(await call(auditList.GET, { path: `/api/settings/audit?actorId=${x.owner.userId}`, cookie: x.admin.cookie }));
    expect(byActor.data.map((e: { action: string }) => e.action)).toEqual(['TENANT_CREATED']);
    const range = await json(await call(auditList.GET, { path: `/api/settings/audit?from=2000-01-01T00:00:00Z&to=2000-12-31T00:00:00Z`, cookie: x.admin.cookie }));
    expect(range.data).toEqual([]);
    expect((await call(auditList.GET, { path: '/api/settings/audit?from=yesterday', cookie: x.admin.cookie })).status).toBe(400);
    expect((await call(auditList.GET, { path: '/api/settings/audit?resourceId=abc', cookie: x.admin.cookie })).status).toBe(400);

    // A time window is the matching contiguous run of entries, oldest and newest bounds included.
    const { rows: all } = await ownerQuery<{ seq: number; at: string }>(
      db,
      `select seq::int, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at from audit_log where tenant_id = $1 order by seq`,
      [x.tenantId],
    );
    const window = await json(
      await call(auditList.GET, { path: `/api/settings/audit?from=${all[2]!.at}&to=${all[4]!.at}&limit=200`, cookie: x.admin.cookie }),
    );
    const expected = all.filter((e) => e.at >= all[2]!.at && e.at <= all[4]!.at).map((e) => e.seq).reverse();
    expect(window.data.map((e: { seq: number }) => e.seq)).toEqual(expected);

    const v = await call(auditVerify.GET, { path: '/api/settings/audit/verify', cookie: x.admin.cookie });
    expect(await json(v)).toEqual({ ok: true, checked: expect.any(Number) });
  });

  it('exports CSV and JSON Lines as attachments, with formulas defused', async () => {
    const x = await createTenant(db);
    await call(dealerships.POST, { method: 'POST', path: '/api/dealerships', body: { ...validDealership(), name: '=HYPERLINK("http://evil")' }, cookie: x.admin.cookie });
    const csv = await call(auditExport.GET, { path: '/api/settings/audit/export?format=csv', cookie: x.admin.cookie });
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await csv.text();
    expect(text.split('\n')[0]).toBe('seq,occurredAt,actorType,actorId,actorName,action,resourceType,resourceId,ipAddress,userAgent,requestId,metadata,hash');
    expect(text).toContain('DEALERSHIP_CREATED');
    const jsonl = await (await call(auditExport.GET, { path: '/api/settings/audit/export?format=jsonl', cookie: x.admin.cookie })).text();
    const lines = jsonl.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.action)).toEqual(expect.arrayContaining(['TENANT_CREATED', 'DEALERSHIP_CREATED', 'AUDIT_EXPORTED']));
  });

  it('purges old entries behind a checkpoint; the rest of the chain still verifies', async () => {
    const x = await createTenant(db);
    for (let i = 0; i < 4; i++) await call(dealerships.POST, { method: 'POST', path: '/api/dealerships', body: validDealership(), cookie: x.owner.cookie });
    await ownerQuery(db, 'alter table audit_log disable trigger audit_log_append_only');
    await ownerQuery(db, `update audit_log set occurred_at = now() - interval '400 days' where tenant_id = $1 and seq <= 3`, [x.tenantId]);
    await ownerQuery(db, 'alter table audit_log enable trigger audit_log_append_only');
    // Back-dating breaks the hashes of 1..3: exactly those are purged, so the chain is whole again.
    expect((await verify(x.tenantId)).ok).toBe(false);
    const result = await purgeAuditBefore(x.tenantId, new Date(Date.now() - 365 * 24 * 3600 * 1000));
    expect(result).toEqual({ purged: 3, throughSeq: 3 });
    expect(await verify(x.tenantId)).toEqual({ ok: true, checked: 3 });
    expect((await entries(x.tenantId)).map((e) => e.seq)).toEqual([4, 5, 6]);
    expect((await entries(x.tenantId)).at(-1)!.action).toBe('AUDIT_PURGED');
  });
});

describe(`redaction (${engine})`, () => {
  it('removes secrets by field name and by value pattern, and bounds the size', () => {
    const out = sanitizeMetadata({
      password: 'hunter2hunter2',
      nested: { apiKey: 'abc', note: 'my token is eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U' },
      card: 'x',
      comment: 'paid with 4242 4242 4242 4242',
      stripe: 'sk_test_51Habcdefghijklmnop',
      fine: 'Riverside Toyota',
    });
    expect(out).toEqual({
      password: '[redacted]',
      nested: { apiKey: '[redacted]', note: '[redacted]' },
      card: '[redacted]',
      comment: '[redacted]',
      stripe: '[redacted]',
      fine: 'Riverside Toyota',
    });
    const huge = sanitizeMetadata(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'x'.repeat(1000)])));
    expect(huge).toMatchObject({ truncated: true, originalBytes: expect.any(Number) });
    expect(Buffer.byteLength(JSON.stringify(huge))).toBeLessThan(16 * 1024);
  });

  it('a password sent to the API never reaches the audit table', async () => {
    resetSignInThrottle();
    const secret = `Sup3r-Secret-${randomUUID()}`;
    await signIn(t.owner.email, secret);
    const { rows } = await ownerQuery<{ n: number }>(db, `select count(*)::int as n from audit_log where audit_log::text like $1`, [`%${secret}%`]);
    expect(rows[0]!.n).toBe(0);
  });
});

describe(`concurrency (${engine})`, () => {
  it('200 concurrent audited requests in one tenant leave a gap-free chain that verifies', async () => {
    const x = await createTenant(db);
    const id = await insertDealership(db, x.tenantId);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        call(dealership.PATCH, { method: 'PATCH', path: `/api/dealerships/${id}`, params: { id }, body: { name: `Name ${i}` }, cookie: x.owner.cookie }),
      ),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const seqs = (await entries(x.tenantId)).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(seqs.length).toBe(201);
    expect(await verify(x.tenantId)).toEqual({ ok: true, checked: 201 });
  });
});
