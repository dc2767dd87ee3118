import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from './support/db';
import { call, createTenant, json } from './support/app';
import * as dealerships from '@/app/api/dealerships/route';
import * as profile from '@/app/api/user/profile/route';
import type { Database } from '@/src/db';

let db: Database;
beforeAll(async () => { db = await createTestDatabase(); });
afterAll(async () => { await db.close(); });

it('works end to end', async () => {
  const t = await createTenant(db);
  const res = await call(dealerships.POST, { method: 'POST', path: '/api/dealerships', cookie: t.admin.cookie, body: { name: 'A', websiteUrl: 'https://a.example' } });
  expect(res.status).toBe(201);
  const list = await json(await call(dealerships.GET, { path: '/api/dealerships', cookie: t.viewer.cookie }));
  expect(list.data).toHaveLength(1);
  const p = await json(await call(profile.GET, { path: '/api/user/profile', cookie: t.viewer.cookie }));
  expect(p.tenant.role).toBe('viewer');
});
