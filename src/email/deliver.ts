import nodemailer from 'nodemailer';
import { and, eq, sql } from 'drizzle-orm';
import { emailOutbox } from '@/src/db/schema';
import { withSystem } from '@/src/db/scope';
import { logger } from '@/src/observability/logger';
import { emailConfig, senderDomain } from './config';

/** Attempts before a message is given up on (status `dead`). */
export const MAX_ATTEMPTS = 8;
/** Wait after failed attempt n (1-based), before jitter: 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h. */
export const RETRY_DELAYS_SECONDS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600] as const;
/**
 * How long a claimed message is invisible to other deliverers. Must exceed the longest a send
 * can take (SEND_TIMEOUT_MS, enforced by aborting the SMTP connection) plus marking it sent.
 */
export const LEASE_SECONDS = 300;
/** Hard limit on one SMTP conversation; the connection is closed when it is reached. */
export const SEND_TIMEOUT_MS = 30_000;
const BATCH_SIZE = 5;
/** No new batch is claimed after this, so one run stays well inside the job's 60 s expiry. */
const TIME_BUDGET_MS = 20_000;

/** Seconds to wait after failed attempt `attempt`, with ±20 % jitter so retries spread out. */
export function retryDelaySeconds(attempt: number, random: () => number = Math.random): number {
  const index = Math.min(Math.max(attempt, 1), RETRY_DELAYS_SECONDS.length) - 1;
  return Math.round(RETRY_DELAYS_SECONDS[index]! * (0.8 + 0.4 * random()));
}

export type DeliveryMode = 'smtp' | 'dev-mailbox' | 'disabled';
export type DeliveryResult = {
  mode: DeliveryMode;
  /** Handed to SMTP (or, in dev-mailbox mode, marked delivered). */
  sent: number;
  /** Failed this time; will be retried. */
  retrying: number;
  /** Failed for good (permanent rejection or MAX_ATTEMPTS reached). */
  dead: number;
  /** Due but not attempted: production without SMTP_URL. */
  held: number;
};

type Claimed = {
  id: string;
  tenant_id: string;
  template: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
};

/**
 * Claims up to `limit` due messages and commits at once: attempts + 1 and a lease
 * (next_attempt_at = now() + LEASE_SECONDS) are durable before anyone talks to SMTP.
 * SKIP LOCKED lets concurrent deliverers take disjoint rows; the lease keeps a row away from
 * later claims while it is being sent.
 */
async function claim(limit: number): Promise<Claimed[]> {
  return withSystem('email: claim due messages', async (tx) => {
    // Materialized: the locked set is computed exactly once, whatever plan the outer update gets.
    const { rows } = await tx.execute<Claimed>(sql`
      with due as materialized (
        select id from email_outbox
         where status = 'pending' and next_attempt_at <= now()
         order by next_attempt_at
         limit ${limit}
         for update skip locked)
      update email_outbox o
         set attempts = o.attempts + 1,
             next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
        from due
       where o.id = due.id
      returning o.id, o.tenant_id, o.template, o.to_address, o.subject, o.text_body, o.html_body, o.attempts`);
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
  });
}

async function markSent(id: string): Promise<void> {
  // Retried: the message has left; losing this write means sending it again after the lease.
  for (let attempt = 1; ; attempt++) {
    try {
      await withSystem('email: mark sent', (tx) =>
        tx.update(emailOutbox).set({ status: 'sent', sentAt: sql`now()`, lastError: null }).where(eq(emailOutbox.id, id)),
      );
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}

async function markFailed(id: string, error: string, dead: boolean, delaySeconds: number): Promise<void> {
  await withSystem('email: record failed attempt', (tx) =>
    tx
      .update(emailOutbox)
      .set({
        status: dead ? 'dead' : 'pending',
        lastError: error,
        nextAttemptAt: sql`now() + make_interval(secs => ${delaySeconds})`,
      })
      .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, 'pending'))),
  );
}

type SmtpError = Error & { code?: string; responseCode?: number; permanent?: boolean };

/** The server refused this message or recipient for good (5xx to MAIL/RCPT/DATA). */
function isPermanent(err: SmtpError): boolean {
  return err.permanent === true && (err.code === 'EENVELOPE' || err.code === 'EMESSAGE');
}

function describe(err: SmtpError): string {
  const head = [err.code, err.responseCode].filter((v) => v !== undefined).join(' ');
  return `${head ? `${head}: ` : ''}${err.message}`.slice(0, 1000);
}

/** Stable per outbox row: a receiver (or our provider) can drop a duplicate from the crash window. */
export const messageIdFor = (id: string, domain: string = senderDomain()) => `<${id}@${domain}>`;

/**
 * Sends every due message, in small batches, as the system role. Safe to run on many
 * instances at once and at any time: see docs/email.md for the exactly-once reasoning.
 *
 * Without SMTP_URL: outside production, messages are marked delivered and live only in the
 * dev mailbox (/dev/mailbox); in production they stay pending (nothing is lost) and a warning
 * is logged on every run.
 */
export async function deliverDueEmails(options: { batchSize?: number; timeBudgetMs?: number } = {}): Promise<DeliveryResult> {
  const config = emailConfig();
  const result: DeliveryResult = { mode: 'smtp', sent: 0, retrying: 0, dead: 0, held: 0 };

  if (!config.smtpUrl && config.production) {
    result.mode = 'disabled';
    result.held = await withSystem('email: count undeliverable backlog', async (tx) => {
      const { rows } = await tx.execute<{ n: number }>(
        sql`select count(*)::int as n from email_outbox where status = 'pending' and next_attempt_at <= now()`,
      );
      return Number(rows[0]?.n ?? 0);
    });
    if (result.held > 0) logger.warn({ due: result.held }, 'SMTP_URL is not set: emails stay queued until it is');
    return result;
  }

  const transport = config.smtpUrl
    ? nodemailer.createTransport({
        url: config.smtpUrl,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
        dnsTimeout: 10_000,
      })
    : null;
  if (!transport) result.mode = 'dev-mailbox';
  const domain = senderDomain(config);
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const budget = options.timeBudgetMs ?? TIME_BUDGET_MS;
  const started = Date.now();

  const deliverOne = async (row: Claimed): Promise<void> => {
    const log = { id: row.id, tenantId: row.tenant_id, template: row.template, attempt: row.attempts };
    if (transport) {
      try {
        await transport.sendMail({
          from: config.from,
          to: row.to_address,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
          messageId: messageIdFor(row.id, domain),
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
      } catch (e) {
        const err = e as SmtpError;
        const dead = isPermanent(err) || row.attempts >= MAX_ATTEMPTS;
        const delay = retryDelaySeconds(row.attempts);
        await markFailed(row.id, describe(err), dead, delay);
        if (dead) result.dead++;
        else result.retrying++;
        // Never the address or the server's reply text (it often quotes the address).
        logger.warn({ ...log, code: err.code, responseCode: err.responseCode, dead, retryInSeconds: dead ? null : delay }, 'email delivery failed');
        return;
      }
    }
    try {
      await markSent(row.id);
    } catch (err) {
      logger.error({ ...log, err }, 'email sent but not marked sent: it will be sent again after the lease');
      return;
    }
    result.sent++;
    logger.info({ ...log, via: transport ? 'smtp' : 'dev-mailbox' }, transport ? 'email sent' : 'email kept in the dev mailbox (SMTP_URL not set)');
  };

  try {
    for (;;) {
      const rows = await claim(batchSize);
      if (rows.length === 0) break;
      // Every send settles before we return or throw (the lease covers a failed database write).
      const settled = await Promise.allSettled(rows.map(deliverOne));
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      if (rows.length < batchSize || Date.now() - started > budget) break;
    }
  } finally {
    transport?.close();
  }
  return result;
}
