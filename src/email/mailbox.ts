import { desc } from 'drizzle-orm';
import { emailOutbox } from '@/src/db/schema';
import { withSystem } from '@/src/db/scope';
import { emailConfig, type EmailConfig } from './config';

export type MailboxEntry = typeof emailOutbox.$inferSelect;

/** Newest outbox rows across every tenant, for the development mailbox page only. */
export async function listMailbox(limit = 100): Promise<{ entries: MailboxEntry[]; mode: 'smtp' | 'dev-mailbox' }> {
  const config: EmailConfig = emailConfig();
  if (config.production) throw new Error('The dev mailbox is not available in production');
  const entries = await withSystem('dev mailbox', (tx) =>
    tx.select().from(emailOutbox).orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id)).limit(limit),
  );
  return { entries, mode: config.smtpUrl ? 'smtp' : 'dev-mailbox' };
}
