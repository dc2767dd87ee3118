import { and, desc, eq, lte, sql } from 'drizzle-orm';
import { auditCheckpoints, auditLog } from '@/src/db/schema';
import { withSystem } from '@/src/db/scope';
import { appendAudit } from './chain';

/**
 * Deletes a tenant's entries older than the cutoff (always a prefix of the chain) and records
 * a checkpoint with the last purged seq and hash, so the remaining chain still verifies. This is
 * the one path the append-only trigger lets through: the system role with app.audit_purge on.
 */
export async function purgeAuditBefore(tenantId: string, cutoff: Date): Promise<{ purged: number; throughSeq: number | null }> {
  return withSystem('audit retention purge', async (tx) => {
    const [last] = await tx
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), lte(auditLog.occurredAt, cutoff)))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    if (!last) return { purged: 0, throughSeq: null };
    await tx.execute(sql`select set_config('app.audit_purge', 'on', true)`);
    const deleted = await tx
      .delete(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), lte(auditLog.seq, last.seq)))
      .returning({ seq: auditLog.seq });
    await tx.execute(sql`select set_config('app.audit_purge', 'off', true)`);
    await tx
      .insert(auditCheckpoints)
      .values({ tenantId, seq: last.seq, hash: last.hash })
      .onConflictDoUpdate({ target: auditCheckpoints.tenantId, set: { seq: last.seq, hash: last.hash, purgedAt: sql`now()` } });
    await appendAudit(tx, tenantId, { type: 'system', id: 'retention', name: 'Retention job' }, {
      action: 'AUDIT_PURGED',
      resource: { type: 'audit_log', id: null },
      metadata: { throughSeq: last.seq, purged: deleted.length, cutoff: cutoff.toISOString() },
    });
    return { purged: deleted.length, throughSeq: last.seq };
  });
}
