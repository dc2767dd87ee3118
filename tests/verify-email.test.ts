import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { APP_URL, call, openVerificationLink, signUp } from './support/app';
import * as authRoute from '@/app/api/auth/[...all]/route';
import * as opsFlags from '@/app/api/ops/flags/route';
import { PLATFORM_TENANT_ID } from '@/src/audit';
import { queueVerificationEmail } from '@/src/auth/verify-email';
import type { Database } from '@/src/db';

let db: Database & { ownerUrl?: string };
const savedOperators = process.env.OPERATOR_EMAILS;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  process.env.OPERATOR_EMAILS = savedOperators;
  await db.close();
});

type Outbox = { tenant_id: string; template: string; to_address: string; text_body: string; dedupe_key: string };
const outbox = async (to: string) =>
  (await ownerQuery<Outbox>(db, `select tenant_id, template, to_address, text_body, dedupe_key from email_outbox where to_address = $1 order by created_at`, [to])).rows;
const verified = async (email: string) =>
  (await ownerQuery<{ email_verified: boolean }>(db, 'select email_verified from users where email = $1', [email])).rows[0]!.email_verified;
const resend = (email: string, cookie?: string) =>
  call(authRoute.POST, { method: 'POST', path: '/api/auth/send-verification-email', body: { email }, cookie });

describe(`email verification (${engine})`, () => {
  it('sign-up emails a one-hour link that lands on the profile page; the account starts unverified', async () => {
    const user = await signUp(`new-${randomUUID()}@example.test`, 'Nina New');
    const mail = await outbox(user.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ tenant_id: PLATFORM_TENANT_ID, template: 'verify_email' });
    const link = new URL(/https?:\/\/\S+\/api\/auth\/verify-email\?\S+/.exec(mail[0]!.text_body)![0]);
    expect(link.origin).toBe(new URL(APP_URL).origin);
    expect(link.searchParams.get('callbackURL')).toBe('/profile');
    expect(mail[0]!.text_body).toMatch(/It works once, until .+ \(UTC\)/);
    expect(await verified(user.email)).toBe(false);
  });

  it('opening the link verifies the address, is audited, and signs nobody in', async () => {
    const user = await signUp(`open-${randomUUID()}@example.test`, 'Omar Open');
    const res = await openVerificationLink(db, { email: user.email }); // from another browser: no cookie
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/profile');
    expect(res.headers.getSetCookie().some((c) => c.includes('session_token='))).toBe(false);
    expect(await verified(user.email)).toBe(true);
    const again = await resend(user.email, user.cookie);
    expect(again.status).toBe(400);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(await again.json()).toMatchObject({ code: 'email_already_verified' });
    const { rows } = await ownerQuery(db, `select tenant_id, actor_id, metadata from audit_log where action = 'USER_EMAIL_VERIFIED' and resource_id = $1`, [user.userId]);
    expect(rows).toEqual([{ tenant_id: PLATFORM_TENANT_ID, actor_id: user.userId, metadata: { email: user.email } }]);
  });

  it('a forged or altered token changes nothing and says why on the profile page', async () => {
    const user = await signUp(`forged-${randomUUID()}@example.test`, 'Fay Forged');
    const res = await call(authRoute.GET, { path: '/api/auth/verify-email?token=eyJhbGciOiJIUzI1NiJ9.e30.AAAA&callbackURL=%2Fprofile', cookie: user.cookie });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/profile?error=INVALID_TOKEN');
    expect(await verified(user.email)).toBe(false);
  });

  it('"send it again" queues at most one message per account per hour, signed in or not', async () => {
    const user = await signUp(`again-${randomUUID()}@example.test`, 'Abe Again');
    expect((await resend(user.email, user.cookie)).status).toBe(200);
    expect((await resend(user.email)).status).toBe(200); // anyone may ask, for any address
    expect((await resend(user.email)).status).toBe(200);
    expect(await outbox(user.email)).toHaveLength(1);
    // The next hour's request is a new message.
    await queueVerificationEmail({ id: user.userId, email: user.email, name: 'Abe Again' }, `${APP_URL}/api/auth/verify-email?token=t&callbackURL=%2F`, new Date(Date.now() + 3_600_000));
    expect(await outbox(user.email)).toHaveLength(2);
  });

  it('an address in OPERATOR_EMAILS gives operator powers only once it is verified', async () => {
    // Someone signs up with the operator's address before the operator does.
    const claimant = await signUp(`ops-${randomUUID()}@example.test`, 'Claire Claimant');
    process.env.OPERATOR_EMAILS = claimant.email;
    expect((await call(opsFlags.GET, { path: '/api/ops/flags', cookie: claimant.cookie })).status).toBe(403);
    // Opening the emailed link proves the address: only its owner can.
    await openVerificationLink(db, claimant);
    expect((await call(opsFlags.GET, { path: '/api/ops/flags', cookie: claimant.cookie })).status).toBe(200);
  });
});
