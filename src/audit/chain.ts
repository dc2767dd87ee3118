import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { auditCheckpoints, auditHeads, auditLog } from '@/src/db/schema';
import type { Tx } from '@/src/db/scope';
import type { AuditAction } from './actions';
import { sanitizeMetadata } from './redact';

export const GENESIS_HASH = '0'.repeat(64);

/** Who did it and from where; built by the request gate, or by a job/webhook handler. */
export type AuditActor = {
  type: 'user' | 'system' | 'webhook' | 'api';
  id: string | null;
  name: string | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
};

export type AuditEntry = {
  action: AuditAction;
  resource?: { type: string; id: string | null };
  metadata?: Record<string, unknown>;
};

type AuditRow = typeof auditLog.$inferSelect;

/**
 * The hashed form of an entry: every stored field except the hashes themselves, in RFC 8785
 * (JCS) canonical JSON. hash = SHA-256(prev_hash ‖ canonical JSON).
 */
export function entryHash(prevHash: string, row: Omit<AuditRow, 'id' | 'prevHash' | 'hash'>): string {
  const canonical = canonicalize({
    tenantId: row.tenantId,
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    metadata: row.metadata,
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    requestId: row.requestId,
  });
  return createHash('sha256').update(prevHash).update(canonical ?? '').digest('hex');
}

/**
 * Appends one entry to the tenant's chain inside the caller's transaction, so the entry and
 * the change it records commit together or not at all. The head row is locked by the upsert,
 * which serialises writers of one tenant and keeps seq gap-free.
 */
export async function appendAudit(tx: Tx, tenantId: string, actor: AuditActor, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  // Time comes from the database clock (one clock for every app instance), in milliseconds (what
  // is hashed must round-trip exactly), and never earlier than the previous entry: seq and time
  // order agree, which lets time filters become seq ranges.
  const { rows } = await tx.execute<{ seq: string | number; hash: string; now: string }>(sql`
    insert into audit_heads (tenant_id, seq, hash) values (${tenantId}, 0, ${GENESIS_HASH})
    on conflict (tenant_id) do update set updated_at = now()
    returning seq, hash,
      to_char(greatest(date_trunc('milliseconds', clock_timestamp()), occurred_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as now`);
  const head = rows[0]!;
  const row = {
    tenantId,
    seq: Number(head.seq) + 1,
    occurredAt: new Date(head.now),
    actorType: actor.type,
    actorId: actor.id,
    actorName: actor.name,
    action: entry.action,
    resourceType: entry.resource?.type ?? null,
    resourceId: entry.resource?.id ?? null,
    metadata: sanitizeMetadata(entry.metadata),
    ipAddress: actor.ip ?? null,
    userAgent: actor.userAgent?.slice(0, 512) ?? null,
    requestId: actor.requestId ?? null,
  };
  const hash = entryHash(head.hash, row);
  const values = { ...row, prevHash: head.hash, hash };
  // Entry and new head in one statement: one round trip while the tenant's head is locked.
  await tx.execute(sql`
    with entry as (
      insert into audit_log (tenant_id, seq, occurred_at, actor_type, actor_id, actor_name, action, resource_type, resource_id,
                             metadata, ip_address, user_agent, request_id, prev_hash, hash)
      values (${values.tenantId}, ${values.seq}, ${values.occurredAt.toISOString()}, ${values.actorType}, ${values.actorId}, ${values.actorName},
              ${values.action}, ${values.resourceType}, ${values.resourceId}, ${JSON.stringify(values.metadata)}::jsonb, ${values.ipAddress},
              ${values.userAgent}, ${values.requestId}, ${values.prevHash}, ${values.hash})
      returning seq, occurred_at
    )
    update audit_heads set seq = entry.seq, hash = ${hash}, occurred_at = entry.occurred_at, updated_at = now()
    from entry where audit_heads.tenant_id = ${tenantId}`);
  return { seq: row.seq, hash };
}

export type VerifyResult = { ok: true; checked: number } | { ok: false; checked: number; firstBroken: { seq: number; reason: string } };

const BATCH = 2000;

/**
 * Recomputes a tenant's chain from its retention checkpoint (or genesis) to the stored head and
 * reports the first entry that does not hold: modified, deleted, reordered, forged, or a tail
 * cut off behind the head.
 */
export async function verifyChain(tx: Tx, tenantId: string): Promise<VerifyResult> {
  const [checkpoint] = await tx.select().from(auditCheckpoints).where(eq(auditCheckpoints.tenantId, tenantId));
  const [head] = await tx.select().from(auditHeads).where(eq(auditHeads.tenantId, tenantId));
  let prev = checkpoint?.hash ?? GENESIS_HASH;
  let expected = (checkpoint?.seq ?? 0) + 1;
  let checked = 0;
  const broken = (seq: number, reason: string): VerifyResult => ({ ok: false, checked, firstBroken: { seq, reason } });

  for (;;) {
    const batch = await tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), gt(auditLog.seq, expected - 1)))
      .orderBy(asc(auditLog.seq))
      .limit(BATCH);
    for (const row of batch) {
      if (row.seq !== expected) return broken(expected, `entry ${expected} is missing (deleted)`);
      if (row.prevHash !== prev) return broken(row.seq, 'does not follow the previous entry (reordered or forged)');
      if (entryHash(prev, row) !== row.hash) return broken(row.seq, 'content does not match its hash (modified or forged)');
      prev = row.hash;
      expected += 1;
      checked += 1;
    }
    if (batch.length < BATCH) break;
  }
  const headSeq = head?.seq ?? checkpoint?.seq ?? 0;
  if (headSeq > expected - 1) return broken(expected, `entries ${expected}–${headSeq} are missing (truncated tail)`);
  if (head && head.hash !== prev) return broken(headSeq, 'the stored head does not match the last entry');
  return { ok: true, checked };
}
