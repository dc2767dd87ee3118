import { and, eq } from 'drizzle-orm';
import { memberships, users } from '@/src/db/schema';
import type { Tx } from '@/src/db/scope';
import { sendEmail, TEMPLATE_NAMES, type TemplateName } from '@/src/email';
import { logger } from '@/src/observability/logger';

/**
 * The three deletion notices and the outbox template each one uses. All owners get each one.
 * The data each template receives:
 *   scheduled { tenantName, requestedBy, deleteAfter, suspended } · reminder { tenantName,
 *   deleteAfter, suspended } ·
 *   canceled  { tenantName, canceledBy }
 */
export const NOTICE_TEMPLATES = {
  scheduled: 'tenant_deletion_scheduled',
  reminder: 'tenant_deletion_reminder',
  canceled: 'tenant_deletion_canceled',
} as const;
export type Notice = keyof typeof NOTICE_TEMPLATES;

export type NoticeData = {
  scheduled: { tenantName: string; requestedBy: string; deleteAfter: Date; suspended: boolean };
  reminder: { tenantName: string; deleteAfter: Date; suspended: boolean };
  canceled: { tenantName: string; canceledBy: string };
};

const warned = new Set<string>();

/**
 * Queues one notice per owner in the caller's transaction (sent if and only if it commits).
 * `occurrence` names the deletion request it belongs to, so a retried job or request queues
 * nothing twice while a later request gets its own notices. Returns how many were queued; 0 when
 * the template is not installed (logged once).
 */
export async function notifyOwners<N extends Notice>(tx: Tx, tenantId: string, notice: N, data: NoticeData[N], occurrence: string): Promise<number> {
  const template = NOTICE_TEMPLATES[notice];
  if (!(TEMPLATE_NAMES as readonly string[]).includes(template)) {
    if (!warned.has(template)) logger.warn({ template }, 'email template not installed: deletion notice not sent');
    warned.add(template);
    return 0;
  }
  const owners = await tx
    .select({ userId: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, 'owner')));
  for (const owner of owners) {
    await sendEmail(tx, {
      tenantId,
      to: owner.email,
      template: template as unknown as TemplateName,
      data: data as never,
      dedupeKey: `${template}:${occurrence}:${owner.userId}`,
    });
  }
  return owners.length;
}
