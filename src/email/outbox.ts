import { z } from 'zod';
import { emailOutbox } from '@/src/db/schema';
import type { Tx } from '@/src/db/scope';
import { renderEmail, type TemplateData, type TemplateName } from './templates';

export type EmailMessage<K extends TemplateName = TemplateName> = {
  /** Owner of the message; PLATFORM_TENANT_ID (from @/src/audit) for mail that belongs to no tenant. */
  tenantId: string;
  /** One recipient address. */
  to: string;
  template: K;
  data: TemplateData[K];
  /**
   * Names the logical email, unique per tenant: the same key is queued once, ever
   * (e.g. `payment_failed:<invoice id>`, `invitation:<invitation id>`).
   */
  dedupeKey: string;
};

/**
 * One mailbox, checked only for what could hurt (a second recipient, header injection), not
 * for RFC pedantry: an address the identity provider accepted must not roll back a webhook.
 * A bad address becomes a `dead` row with the server's reply, visible in the outbox.
 */
const Address = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s\u0000-\u001f\u007f@,;:<>()[\]"\\]+@[^\s\u0000-\u001f\u007f@,;:<>()[\]"\\]+$/, 'One email address');

const Envelope = z.object({
  tenantId: z.guid(),
  to: Address,
  dedupeKey: z.string().min(1).max(1000),
});

/**
 * Queues an email in the caller's transaction: it is sent if and only if that transaction
 * commits, and at most once per (tenant, dedupeKey): a redelivered webhook or a retried
 * request finds the row already there and queues nothing (`ON CONFLICT DO NOTHING`, no SELECT,
 * no conflict target, so the runtime role's insert-only grant is enough). Renders now, so the message shows the
 * data as it was when the event happened. Call `wakeEmailWorker()` after the commit to send
 * it within seconds; the minute sweep sends it anyway.
 */
export async function sendEmail<K extends TemplateName>(tx: Tx, message: EmailMessage<K>): Promise<void> {
  const envelope = Envelope.parse({ tenantId: message.tenantId, to: message.to, dedupeKey: message.dedupeKey });
  const rendered = renderEmail(message.template, message.data);
  await tx
    .insert(emailOutbox)
    .values({
      tenantId: envelope.tenantId,
      dedupeKey: envelope.dedupeKey,
      template: message.template,
      toAddress: envelope.to,
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
    })
    // No conflict target on purpose: naming one (`ON CONFLICT (tenant_id, dedupe_key)`) makes
    // Postgres require SELECT on those columns, which the runtime role does not have. The only
    // other unique key is the random id, so any conflict here is the dedupe index.
    .onConflictDoNothing();
}
