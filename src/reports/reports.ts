import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { dealerships, reports, type ReportStatus } from '@/src/db/schema';
import type { Tx } from '@/src/db/scope';
import type { Principal } from '@/src/auth/principal';
import { problems } from '@/src/access/problem';
import { audited } from '@/src/audit';
import { assertWithinLimit, billingAccount } from '@/src/billing/account';
import { consume } from '@/src/access/rate-limit';

export const GenerateInput = z.object({ dealershipId: z.uuid() }).strict();
export const ReportId = z.object({ id: z.uuid() }).strict();
export const ReportListQuery = z
  .object({
    dealershipId: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();

type ReportRow = typeof reports.$inferSelect;

export function presentReport(r: ReportRow, detail: boolean) {
  return {
    id: r.id,
    dealershipId: r.dealershipId,
    status: r.status,
    progress: r.progress ?? null,
    overallScore: r.overallScore,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    ...(detail ? { result: r.result ?? null } : {}),
  };
}

/**
 * Queues a scan of one dealership. While one is queued or running, that one is returned instead
 * of starting another (a partial unique index makes this hold under concurrency).
 */
export async function requestReport(tx: Tx, principal: Principal, dealershipId: string) {
  const [store] = await tx.select({ id: dealerships.id, name: dealerships.name }).from(dealerships).where(eq(dealerships.id, dealershipId));
  if (!store) throw problems.notFound('Dealership');
  const [running] = await tx
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.dealershipId, dealershipId), sql`${reports.status} in ('queued', 'running')`));
  // Joining a scan already under way costs nothing; a new one counts against the month's scans.
  if (!running) await assertWithinLimit(tx, principal.tenantId, 'scansPerMonth');
  const inserted = await tx
    .insert(reports)
    .values({ tenantId: principal.tenantId, dealershipId, requestedBy: principal.userId })
    .onConflictDoNothing({ target: reports.dealershipId, where: sql`status in ('queued', 'running')` })
    .returning();
  const report =
    inserted[0] ??
    (await tx
      .select()
      .from(reports)
      .where(and(eq(reports.dealershipId, dealershipId), sql`${reports.status} in ('queued', 'running')`)))[0];
  if (!report) throw problems.conflict('The scan could not be queued. Try again.');
  return audited(
    { reportId: report.id, status: report.status as ReportStatus, dealershipId, created: inserted.length > 0 },
    { resource: { type: 'report', id: report.id }, metadata: { dealershipId, dealershipName: store.name, joinedExisting: inserted.length === 0 } },
  );
}

function decodeCursor(cursor: string | undefined) {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !z.uuid().safeParse(id).success) throw problems.invalid([{ path: 'cursor', message: 'Invalid cursor' }]);
  return { createdAt, id };
}

export async function listReports(tx: Tx, q: z.infer<typeof ReportListQuery>) {
  const after = decodeCursor(q.cursor);
  const rows = await tx
    .select()
    .from(reports)
    .where(
      and(
        q.dealershipId ? eq(reports.dealershipId, q.dealershipId) : undefined,
        after ? or(lt(reports.createdAt, after.createdAt), and(eq(reports.createdAt, after.createdAt), lt(reports.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => presentReport(r, false)),
    nextCursor: rows.length > q.limit && last ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url') : null,
  };
}

export async function getReportRow(tx: Tx, id: string): Promise<ReportRow> {
  const [row] = await tx.select().from(reports).where(eq(reports.id, id));
  if (!row) throw problems.notFound('Report');
  return row;
}

export async function getReport(tx: Tx, id: string) {
  return presentReport(await getReportRow(tx, id), true);
}

/** A finished report with its dealership's name, ready to render; recorded as REPORT_DOWNLOADED. */
export async function reportForDownload(tx: Tx, id: string, format: string) {
  const [row] = await tx
    .select({ report: reports, dealershipName: dealerships.name })
    .from(reports)
    .innerJoin(dealerships, eq(dealerships.id, reports.dealershipId))
    .where(eq(reports.id, id));
  if (!row) throw problems.notFound('Report');
  const { report } = row;
  return {
    renderable: { id: report.id, dealershipName: row.dealershipName, status: report.status, finishedAt: report.finishedAt, result: report.result as never },
    audit: { resource: { type: 'report', id }, metadata: { format, dealershipId: report.dealershipId } },
  };
}

const SCAN_POLICY = { free: 'scanFree', pro: 'scanPro', enterprise: 'scanEnterprise' } as const;

/** Scan requests are rate-limited per dealer group by plan, on top of the monthly allowance. */
export async function consumeScanAllowance(tx: Tx, tenantId: string): Promise<void> {
  const { plan } = await billingAccount(tx, tenantId);
  await consume(SCAN_POLICY[plan], tenantId);
}
