import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { resetEnvCache } from '@/src/config/env';
import { withSystem, withTenant } from '@/src/db/scope';
import { emailOutbox } from '@/src/db/schema';
import { jobs, stopJobs } from '@/src/jobs/boss';
import {
  deliverDueEmails,
  LEASE_SECONDS,
  MAX_ATTEMPTS,
  registerEmailWorker,
  renderEmail,
  retryDelaySeconds,
  sendEmail,
  TEMPLATE_NAMES,
  wakeEmailWorker,
  type TemplateData,
  type TemplateName,
} from '@/src/email';
import type { Database } from '@/src/db';

type Received = { messageId: string; to: string[]; from: string; raw: string };

/** A real SMTP server on 127.0.0.1 that keeps what it accepts. */
class Inbox {
  messages: Received[] = [];
  delayMs = 0;
  private server: SMTPServer | null = null;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, cb) => {
        const rcpt = address.address;
        const fail = (code: number, text: string) => cb(Object.assign(new Error(text), { responseCode: code }));
        if (rcpt.startsWith('reject')) return fail(550, 'Mailbox unavailable');
        if (rcpt.startsWith('busy')) return fail(451, 'Try again later');
        cb();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? '';
          setTimeout(() => {
            this.messages.push({
              messageId,
              raw,
              to: session.envelope.rcptTo.map((r) => r.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            });
            cb();
          }, this.delayMs);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      const s = this.server!.listen(port, '127.0.0.1', () => resolve());
      s.once('error', reject);
    });
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  count(messageId: string): number {
    return this.messages.filter((m) => m.messageId === messageId).length;
  }
}

let db: Database & { ownerUrl?: string };
const inbox = new Inbox();
const tenantA = randomUUID();
const tenantB = randomUUID();

function useSmtp(port: number | null) {
  if (port === null) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  resetEnvCache();
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const invitation = (over: Partial<TemplateData['member_invitation']> = {}): TemplateData['member_invitation'] => ({
  inviterName: 'Dana Lee',
  tenantName: 'Riverside Auto Group',
  role: 'manager',
  acceptUrl: 'http://localhost:3000/invite/abc123',
  expiresAt: new Date('2026-03-10T12:00:00Z'),
  ...over,
});

async function queue(o: { tenantId?: string; to?: string; dedupeKey?: string; data?: Partial<TemplateData['member_invitation']> } = {}) {
  const tenantId = o.tenantId ?? tenantA;
  const dedupeKey = o.dedupeKey ?? `test:${randomUUID()}`;
  await withTenant({ tenantId }, (tx) =>
    sendEmail(tx, { tenantId, to: o.to ?? 'invitee@example.test', template: 'member_invitation', data: invitation(o.data), dedupeKey }),
  );
  return dedupeKey;
}

type Row = { id: string; status: string; attempts: number; last_error: string | null; sent_at: Date | null; next_attempt_at: Date; secs_until: number };

async function row(dedupeKey: string, tenantId = tenantA): Promise<Row> {
  const { rows } = await ownerQuery<Row>(
    db,
    `select id, status, attempts, last_error, sent_at, next_attempt_at,
            extract(epoch from next_attempt_at - now())::float8 as secs_until
       from email_outbox where tenant_id = $1 and dedupe_key = $2`,
    [tenantId, dedupeKey],
  );
  expect(rows).toHaveLength(1);
  return { ...rows[0]!, attempts: Number(rows[0]!.attempts), secs_until: Number(rows[0]!.secs_until) };
}

const makeDue = (id: string) => ownerQuery(db, 'update email_outbox set next_attempt_at = now() where id = $1', [id]);
const mid = (id: string) => `<${id}@dealershipai.local>`;

/** Postgres SQLSTATE of a (possibly drizzle-wrapped) error. */
async function sqlState(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string; cause?: { code?: string } };
    return err.cause?.code ?? err.code;
  }
  throw new Error('expected the query to fail');
}

beforeAll(async () => {
  db = await createTestDatabase();
  await inbox.start();
  delete process.env.EMAIL_FROM;
  useSmtp(inbox.port);
});
afterEach(() => {
  inbox.delayMs = 0;
});
afterAll(async () => {
  await stopJobs({ graceful: false });
  await inbox.stop();
  useSmtp(null);
  await db.close();
});

describe(`email templates`, () => {
  const samples: { [K in TemplateName]: TemplateData[K] } = {
    trial_ending: { tenantName: 'Riverside', planName: 'Pro', daysLeft: 3, trialEndsAt: '2026-03-10T00:00:00Z' },
    payment_failed: { tenantName: 'Riverside', hostedInvoiceUrl: 'https://invoice.stripe.com/i/acct_1/inv_1', graceEndsAt: new Date('2026-03-17T00:00:00Z'), amountDue: '$499.00' },
    plan_changed: { tenantName: 'Riverside', oldPlan: 'Free', newPlan: 'Pro' },
    subscription_canceled: { tenantName: 'Riverside', accessEndsAt: new Date('2026-04-01T00:00:00Z') },
    member_invitation: invitation({ acceptUrl: 'https://app.example.com/invite/abc123' }),
    welcome: { name: 'Dana', tenantName: 'Riverside' },
    verify_email: { name: 'Dana', verifyUrl: 'https://app.example.com/api/auth/verify-email?token=abc&callbackURL=%2Fprofile', expiresAt: '2026-03-10T14:00:00Z' },
    tenant_deletion_scheduled: { tenantName: 'Riverside', requestedBy: 'Dana', deleteAfter: '2026-12-03T00:00:00Z' },
    tenant_deletion_reminder: { tenantName: 'Riverside', deleteAfter: '2026-12-03T00:00:00Z' },
    tenant_deletion_canceled: { tenantName: 'Riverside', canceledBy: 'Dana' },
  };

  it.each(TEMPLATE_NAMES)('%s renders an accessible HTML part and a plain-text part that stands alone', (name) => {
    const m = renderEmail(name, samples[name] as never, { appUrl: 'https://app.example.com' });
    expect(m.subject.length).toBeGreaterThan(5);
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.html).toMatch(/^<!doctype html>\n<html lang="en"/);
    expect(m.html).toContain(`<title>`);
    expect(m.html).toMatch(/<h1[^>]*>/);
    expect(m.html).not.toMatch(/<img|<script/i);
    // Every link in the HTML part is also written out in the text part.
    const hrefs = [...m.html.matchAll(/href="([^"]+)"/g)].map((x) => x[1]!.replace(/&amp;/g, '&'));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) {
      expect(href).toMatch(/^https:\/\//);
      expect(m.text).toContain(href);
    }
    expect(m.text).not.toMatch(/<[a-z]/i);
  });

  it('deletion notices for a suspended group point to the operator, not to a page its owners cannot open', () => {
    for (const name of ['tenant_deletion_scheduled', 'tenant_deletion_reminder'] as const) {
      const normal = renderEmail(name, samples[name] as never, { appUrl: 'https://app.example.com' });
      const suspended = renderEmail(name, { ...samples[name], suspended: true } as never, { appUrl: 'https://app.example.com' });
      expect(normal.text).toContain('https://app.example.com/settings/data');
      expect(suspended.text).not.toContain('/settings/data');
      expect(suspended.text).not.toContain('Settings → Data');
      expect(suspended.text).toContain('contact your DealershipAI operator');
      expect(suspended.text).toContain('December 3, 2026');
    }
  });

  it('links into the app use APP_URL', () => {
    const m = renderEmail('trial_ending', samples.trial_ending, { appUrl: 'https://app.example.com/' });
    expect(m.text).toContain('https://app.example.com/settings/billing');
    expect(m.text).toContain('March 10, 2026');
    expect(m.subject).toBe('Your DealershipAI trial for Riverside ends in 3 days');
  });

  it('escapes every value in the HTML part and keeps headers on one line', () => {
    const evil = invitation({
      inviterName: '<script>alert(1)</script>',
      tenantName: 'Tom & Jerry "Motors" <img src=x onerror=alert(1)>\r\nBcc: victim@example.test',
      acceptUrl: 'https://app.example.com/invite/x?a=1&b="><script>',
    });
    const m = renderEmail('member_invitation', evil);
    expect(m.html).not.toContain('<script>');
    expect(m.html).not.toContain('<img');
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(m.html).toContain('Tom &amp; Jerry &quot;Motors&quot; &lt;img src=x onerror=alert(1)&gt;');
    expect(m.html).not.toMatch(/href="[^"]*"[^>]*"><script>/);
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.subject).toContain('Bcc: victim'); // harmless text on the same line, not a header
    // Plain text carries the values as they are (nothing to interpret there).
    expect(m.text).toContain('<script>alert(1)</script> invited you');
  });

  it('refuses links that are not http(s) and data that does not fit the template', () => {
    expect(() => renderEmail('member_invitation', invitation({ acceptUrl: 'javascript:alert(1)' }))).toThrow();
    expect(() => renderEmail('payment_failed', { ...samples.payment_failed, hostedInvoiceUrl: 'data:text/html,hi' })).toThrow();
    expect(() => renderEmail('trial_ending', { ...samples.trial_ending, daysLeft: -1 })).toThrow();
    expect(() => renderEmail('welcome', { name: '   ' })).toThrow();
  });

  it('cuts overlong names instead of failing the caller', () => {
    const m = renderEmail('welcome', { name: 'x'.repeat(500) });
    expect(m.text).toContain(`Welcome, ${'x'.repeat(199)}…`);
  });

  it('backs off exponentially with jitter', () => {
    expect(retryDelaySeconds(1, () => 0.5)).toBe(60);
    expect(retryDelaySeconds(2, () => 0.5)).toBe(300);
    expect(retryDelaySeconds(4, () => 0.5)).toBe(3600);
    expect(retryDelaySeconds(50, () => 0.5)).toBe(12 * 3600);
    expect(retryDelaySeconds(1, () => 0)).toBe(48);
    expect(retryDelaySeconds(1, () => 0.999999)).toBe(72);
  });
});

describe(`email outbox (${engine})`, () => {
  it('queues in the caller’s transaction: a rollback queues nothing', async () => {
    const dedupeKey = `rollback:${randomUUID()}`;
    await expect(
      withTenant({ tenantId: tenantA }, async (tx) => {
        await sendEmail(tx, { tenantId: tenantA, to: 'a@example.test', template: 'welcome', data: { name: 'A' }, dedupeKey });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const { rows } = await ownerQuery(db, 'select 1 from email_outbox where dedupe_key = $1', [dedupeKey]);
    expect(rows).toHaveLength(0);
  });

  it('accepts one address and nothing that could add a recipient or a header', async () => {
    const send = (to: string) =>
      withTenant({ tenantId: tenantA }, (tx) =>
        sendEmail(tx, { tenantId: tenantA, to, template: 'welcome', data: { name: 'A' }, dedupeKey: `addr:${randomUUID()}` }),
      );
    for (const bad of ['a@example.test, b@example.test', 'a@example.test\r\nBcc: b@example.test', 'A <a@example.test>', 'no-at-sign', 'a@b@c'])
      await expect(send(bad), bad).rejects.toThrow();
    await send("dana.o'brien+billing@exämple.de");
    await ownerQuery(db, `update email_outbox set status = 'dead' where to_address = $1`, ["dana.o'brien+billing@exämple.de"]);
  });

  it('the runtime role inserts its own tenant’s mail, never another tenant’s, and cannot read the outbox', async () => {
    const own = await queue({ tenantId: tenantA });
    expect((await row(own)).status).toBe('pending');

    const other = withTenant({ tenantId: tenantA }, (tx) =>
      sendEmail(tx, { tenantId: tenantB, to: 'x@example.test', template: 'welcome', data: { name: 'X' }, dedupeKey: `cross:${randomUUID()}` }),
    );
    expect(await sqlState(other)).toBe('42501');
    expect(await sqlState(withTenant({ tenantId: tenantA }, (tx) => tx.select().from(emailOutbox)))).toBe('42501');
    // Cross-tenant work (a webhook before the tenant is known) queues through withSystem.
    const viaSystem = `system:${randomUUID()}`;
    await withSystem('test: webhook queues mail', (tx) =>
      sendEmail(tx, { tenantId: tenantB, to: 'b@example.test', template: 'welcome', data: { name: 'B' }, dedupeKey: viaSystem }),
    );
    expect((await row(viaSystem, tenantB)).status).toBe('pending');
    await deliverDueEmails();
  });

  it('delivers a queued email exactly once, with a stable Message-ID and both parts', async () => {
    const key = await queue({ to: 'dana@example.test' });
    const { id } = await row(key);
    const first = await deliverDueEmails();
    expect(first).toMatchObject({ mode: 'smtp', sent: 1, retrying: 0, dead: 0 });
    expect(await deliverDueEmails()).toMatchObject({ sent: 0 });

    expect(inbox.count(mid(id))).toBe(1);
    const got = inbox.messages.find((m) => m.messageId === mid(id))!;
    expect(got.to).toEqual(['dana@example.test']);
    expect(got.from).toBe('no-reply@dealershipai.local');
    expect(got.raw).toMatch(/^From: DealershipAI <no-reply@dealershipai\.local>/m);
    expect(got.raw).toMatch(/^Auto-Submitted: auto-generated/m);
    expect(got.raw).toMatch(/Content-Type: text\/plain/);
    expect(got.raw).toMatch(/Content-Type: text\/html/);

    const r = await row(key);
    expect(r).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(r.sent_at).not.toBeNull();
  });

  it('the same dedupe key queued twice (a redelivered webhook) is one row and one email', async () => {
    const dedupeKey = `payment_failed:in_${randomUUID()}`;
    await queue({ dedupeKey });
    await queue({ dedupeKey, data: { inviterName: 'Someone Else' } });
    // Another tenant may use the same key for its own mail.
    await queue({ dedupeKey, tenantId: tenantB });
    const { rows } = await ownerQuery<{ tenant_id: string }>(db, 'select tenant_id from email_outbox where dedupe_key = $1', [dedupeKey]);
    expect(rows.map((r) => r.tenant_id).sort()).toEqual([tenantA, tenantB].sort());

    const a = await row(dedupeKey);
    expect(await deliverDueEmails()).toMatchObject({ sent: 2 });
    expect(inbox.count(mid(a.id))).toBe(1);
    expect(inbox.messages.find((m) => m.messageId === mid(a.id))!.raw).toContain('Dana Lee invited you');
  });

  it('SMTP down: attempts are recorded and the email stays pending; back up: delivered once', async () => {
    const port = inbox.port;
    await inbox.stop();
    const key = await queue();
    const { id } = await row(key);

    const down = await deliverDueEmails();
    expect(down).toMatchObject({ sent: 0, retrying: 1, dead: 0 });
    let r = await row(key);
    expect(r.status).toBe('pending');
    expect(r.attempts).toBe(1);
    expect(r.last_error).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    expect(r.secs_until).toBeGreaterThan(40); // first retry in about a minute (48–72 s)
    expect(r.secs_until).toBeLessThan(80);
    // Not due yet: a second pass leaves it alone.
    expect(await deliverDueEmails()).toMatchObject({ sent: 0, retrying: 0 });
    expect((await row(key)).attempts).toBe(1);

    await inbox.start(port);
    await makeDue(id);
    expect(await deliverDueEmails()).toMatchObject({ sent: 1, retrying: 0 });
    r = await row(key);
    expect(r).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(inbox.count(mid(id))).toBe(1);
  });

  it(`gives up after ${MAX_ATTEMPTS} failed attempts (dead), and at once on a permanent rejection`, async () => {
    const closed = await freePort();
    useSmtp(closed);
    try {
      const key = await queue();
      const { id } = await row(key);
      for (let i = 1; i <= MAX_ATTEMPTS; i++) {
        await makeDue(id);
        const result = await deliverDueEmails();
        const r = await row(key);
        expect(r.attempts).toBe(i);
        if (i < MAX_ATTEMPTS) {
          expect(result).toMatchObject({ retrying: 1, dead: 0 });
          expect(r.status).toBe('pending');
        } else {
          expect(result).toMatchObject({ retrying: 0, dead: 1 });
          expect(r.status).toBe('dead');
        }
      }
      await makeDue(id);
      expect(await deliverDueEmails()).toMatchObject({ sent: 0, retrying: 0, dead: 0 });
      expect((await row(key)).attempts).toBe(MAX_ATTEMPTS);
    } finally {
      useSmtp(inbox.port);
    }

    const rejected = await queue({ to: 'rejected@example.test' });
    const busy = await queue({ to: 'busy@example.test' });
    expect(await deliverDueEmails()).toMatchObject({ sent: 0, retrying: 1, dead: 1 });
    expect(await row(rejected)).toMatchObject({ status: 'dead', attempts: 1 });
    expect((await row(rejected)).last_error).toMatch(/EENVELOPE 550/);
    expect(await row(busy)).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await row(busy)).last_error).toMatch(/451/);
    await ownerQuery(db, `update email_outbox set status = 'dead' where id = $1`, [(await row(busy)).id]);
  });

  it('a claim takes at most one batch', async () => {
    await Promise.all(Array.from({ length: 5 }, () => queue()));
    // A negative time budget: exactly one batch, then stop.
    expect(await deliverDueEmails({ batchSize: 2, timeBudgetMs: -1 })).toMatchObject({ sent: 2 });
    expect(await deliverDueEmails()).toMatchObject({ sent: 3 });
  });

  it('concurrent delivery passes over the same rows send each email once', async () => {
    // Slow enough that one pass cannot finish alone before the others have connected.
    inbox.delayMs = 150;
    const keys = await Promise.all(Array.from({ length: 12 }, (_, i) => queue({ to: `c${i}@example.test` })));
    const ids = await Promise.all(keys.map(async (k) => (await row(k)).id));
    const results = await Promise.all([1, 2, 3].map(() => deliverDueEmails({ batchSize: 2 })));
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(12);
    expect(results.filter((r) => r.sent > 0).length).toBeGreaterThan(1); // the passes really overlapped
    for (const id of ids) expect(inbox.count(mid(id))).toBe(1);
    for (const k of keys) expect(await row(k)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a claimed message is leased: a crash before "sent" resends it only after the lease', async () => {
    const key = await queue();
    const { id } = await row(key);
    // What a crashed deliverer leaves behind: claimed (attempt counted, lease set), never marked.
    await ownerQuery(db, `update email_outbox set attempts = 1, next_attempt_at = now() + make_interval(secs => $2) where id = $1`, [id, LEASE_SECONDS]);
    expect(await deliverDueEmails()).toMatchObject({ sent: 0 });
    await makeDue(id); // the lease ran out
    expect(await deliverDueEmails()).toMatchObject({ sent: 1 });
    expect(await row(key)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(inbox.count(mid(id))).toBe(1);
  });

  it('without SMTP_URL outside production, mail is kept in the dev mailbox and marked delivered', async () => {
    useSmtp(null);
    try {
      const before = inbox.messages.length;
      const key = await queue();
      expect(await deliverDueEmails()).toMatchObject({ mode: 'dev-mailbox', sent: 1 });
      expect(await row(key)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
      expect(inbox.messages.length).toBe(before);
    } finally {
      useSmtp(inbox.port);
    }
  });

  it('without SMTP_URL in production, mail stays pending (nothing lost, nothing attempted)', async () => {
    useSmtp(null);
    const env = process.env as Record<string, string | undefined>;
    env.NODE_ENV = 'production';
    resetEnvCache();
    const key = await queue();
    try {
      expect(await deliverDueEmails()).toMatchObject({ mode: 'disabled', sent: 0, held: 1 });
      expect(await row(key)).toMatchObject({ status: 'pending', attempts: 0 });
    } finally {
      env.NODE_ENV = 'test';
      useSmtp(inbox.port);
    }
    expect(await deliverDueEmails()).toMatchObject({ mode: 'smtp', sent: 1 });
  });

  it('the job worker delivers on wake-up', async () => {
    const boss = await jobs();
    await registerEmailWorker(boss, { pollingIntervalSeconds: 0.5 });
    const key = await queue();
    const { id } = await row(key);
    await wakeEmailWorker();
    await wakeEmailWorker(); // a burst collapses
    const started = Date.now();
    while (inbox.count(mid(id)) === 0 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 100));
    expect(inbox.count(mid(id))).toBe(1);
    await stopJobs({ graceful: true });
    expect((await row(key)).status).toBe('sent');
  });
});
