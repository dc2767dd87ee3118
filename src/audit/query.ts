import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '@/src/db/schema';
import { withTenant, type Tx } from '@/src/db/scope';
import { AUDIT_ACTIONS } from './actions';

const Filters = {
  action: z.enum(AUDIT_ACTIONS).optional(),
  actorId: z.string().max(200).optional(),
  resourceType: z.string().max(100).optional(),
  resourceId: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};

export const AuditQuery = z
  .object({
    ...Filters,
    // Cursor = the seq of the last entry seen; seq only grows, so pages are stable while entries arrive.
    cursor: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export const AuditExportQuery = z.object({ ...Filters, format: z.enum(['csv', 'jsonl']).default('jsonl') }).strict();
type FilterInput = { [K in keyof typeof Filters]?: z.infer<(typeof Filters)[K]> };

function where(tenantId: string, f: FilterInput, beforeSeq?: number): SQL | undefined {
  return and(
    eq(auditLog.tenantId, tenantId),
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
    f.resourceType ? eq(auditLog.resourceType, f.resourceType) : undefined,
    f.resourceId ? eq(auditLog.resourceId, f.resourceId) : undefined,
    f.from ? gte(auditLog.occurredAt, new Date(f.from)) : undefined,
    f.to ? lte(auditLog.occurredAt, new Date(f.to)) : undefined,
    beforeSeq ? lt(auditLog.seq, beforeSeq) : undefined,
  );
}

type Row = typeof auditLog.$inferSelect;

export function presentEntry(r: Row) {
  return {
    seq: r.seq,
    occurredAt: r.occurredAt.toISOString(),
    actor: { type: r.actorType, id: r.actorId, name: r.actorName },
    action: r.action,
    resource: { type: r.resourceType, id: r.resourceId },
    metadata: r.metadata,
    ipAddress: r.ipAddress,
    userAgent: r.userAgent,
    requestId: r.requestId,
    hash: r.hash,
  };
}

/** Newest first, filtered, one page; `tenantId` is also enforced by RLS. */
export async function listAudit(tx: Tx, tenantId: string, q: z.infer<typeof AuditQuery>) {
  const rows = await tx
    .select()
    .from(auditLog)
    .where(where(tenantId, q, q.cursor))
    .orderBy(desc(auditLog.seq))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return { data: page.map(presentEntry), nextCursor: rows.length > q.limit ? String(page.at(-1)!.seq) : null };
}

const CSV_COLUMNS = ['seq', 'occurredAt', 'actorType', 'actorId', 'actorName', 'action', 'resourceType', 'resourceId', 'ipAddress', 'userAgent', 'requestId', 'metadata', 'hash'] as const;

function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // Quote everything that could break a row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const BATCH = 1000;

/**
 * The filtered trail as CSV or JSON Lines, read in keyset batches, each in its own short
 * tenant transaction: memory stays constant however long the trail is.
 */
export function exportAudit(principal: { tenantId: string; userId: string }, q: z.infer<typeof AuditExportQuery>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let before: number | undefined;
  let headerSent = false;
  return new ReadableStream({
    async pull(controller) {
      if (q.format === 'csv' && !headerSent) {
        controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(',')}\n`));
        headerSent = true;
      }
      const rows = await withTenant(principal, (tx) =>
        tx.select().from(auditLog).where(where(principal.tenantId, q, before)).orderBy(desc(auditLog.seq)).limit(BATCH),
      );
      if (rows.length === 0) {
        controller.close();
        return;
      }
      before = rows.at(-1)!.seq;
      const lines = rows.map((r) => {
        if (q.format === 'jsonl') return `${JSON.stringify(presentEntry(r))}\n`;
        const flat: Record<(typeof CSV_COLUMNS)[number], unknown> = { ...r, occurredAt: r.occurredAt.toISOString() };
        return `${CSV_COLUMNS.map((c) => csvCell(flat[c])).join(',')}\n`;
      });
      controller.enqueue(encoder.encode(lines.join('')));
      if (rows.length < BATCH) controller.close();
    },
  });
}
