import { and, asc, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
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

const resourceNeedsType = {
  check: (q: { resourceId?: string; resourceType?: string }) => !q.resourceId || Boolean(q.resourceType),
  message: { message: 'Filter by resourceType together with resourceId', path: ['resourceType'] },
};

export const AuditQuery = z
  .object({
    ...Filters,
    // Cursor = the seq of the last entry seen; seq only grows, so pages are stable while entries arrive.
    cursor: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict()
  .refine(resourceNeedsType.check, resourceNeedsType.message);
export const AuditExportQuery = z
  .object({ ...Filters, format: z.enum(['csv', 'jsonl']).default('jsonl') })
  .strict()
  .refine(resourceNeedsType.check, resourceNeedsType.message);
type FilterInput = { [K in keyof typeof Filters]?: z.infer<(typeof Filters)[K]> };

type SeqRange = { lo: number; hi: number } | null;

/**
 * Time filters as a seq range: entries never go back in time within a chain, so the entries in
 * [from, to] are exactly seq lo..hi. Two index probes instead of scanning everything newer than `to`.
 */
async function seqRange(tx: Tx, tenantId: string, f: FilterInput): Promise<SeqRange | 'empty'> {
  if (!f.from && !f.to) return null;
  const [lo] = f.from
    ? await tx.select({ seq: auditLog.seq }).from(auditLog).where(and(eq(auditLog.tenantId, tenantId), gte(auditLog.occurredAt, new Date(f.from)))).orderBy(asc(auditLog.occurredAt)).limit(1)
    : [{ seq: 0 }];
  const [hi] = f.to
    ? await tx.select({ seq: auditLog.seq }).from(auditLog).where(and(eq(auditLog.tenantId, tenantId), lte(auditLog.occurredAt, new Date(f.to)))).orderBy(desc(auditLog.occurredAt)).limit(1)
    : [{ seq: Number.MAX_SAFE_INTEGER }];
  if (!lo || !hi || lo.seq > hi.seq) return 'empty';
  return { lo: lo.seq, hi: hi.seq };
}

function where(tenantId: string, f: FilterInput, range: SeqRange, beforeSeq?: number): SQL | undefined {
  return and(
    eq(auditLog.tenantId, tenantId),
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
    f.resourceType ? eq(auditLog.resourceType, f.resourceType) : undefined,
    f.resourceId ? eq(auditLog.resourceId, f.resourceId) : undefined,
    range ? gte(auditLog.seq, range.lo) : undefined,
    range ? lte(auditLog.seq, range.hi) : undefined,
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
  const range = await seqRange(tx, tenantId, q);
  if (range === 'empty') return { data: [], nextCursor: null };
  const rows = await tx
    .select()
    .from(auditLog)
    .where(where(tenantId, q, range, q.cursor))
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
  let range: SeqRange | 'empty' | undefined;
  return new ReadableStream({
    async start(controller) {
      if (q.format === 'csv') controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(',')}\n`));
    },
    async pull(controller) {
      const rows = await withTenant(principal, async (tx) => {
        range ??= await seqRange(tx, principal.tenantId, q);
        if (range === 'empty') return [];
        return tx.select().from(auditLog).where(where(principal.tenantId, q, range, before)).orderBy(desc(auditLog.seq)).limit(BATCH);
      });
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
