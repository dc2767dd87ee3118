import 'server-only';
import { listDealerships } from '@/src/dealerships';
import { getReport, listReports } from '@/src/reports';
import type { Tx } from '@/src/db/scope';
import type { ScanResult } from '@/src/scans/types';
import type { ReportJson, ReportListItem } from '@/components/reports/types';

const LATEST_LOOKBACK_PAGES = 5;
const PAGE = 20;

/**
 * What a dealership page shows about its scans: the scan in progress (at most one, and always
 * the newest), the latest finished report with its result, and the scores of the recent
 * finished reports for the trend (oldest first).
 */
export async function dealershipScans(tx: Tx, dealershipId: string) {
  let cursor: string | undefined;
  let inProgress: ReportListItem | null = null;
  const succeeded: ReportListItem[] = [];
  for (let i = 0; i < LATEST_LOOKBACK_PAGES; i++) {
    const page = await listReports(tx, { dealershipId, limit: PAGE, cursor });
    const rows = page.data as ReportListItem[];
    if (i === 0 && rows[0] && (rows[0].status === 'queued' || rows[0].status === 'running')) inProgress = rows[0];
    succeeded.push(...rows.filter((r) => r.status === 'succeeded' && r.overallScore !== null && r.finishedAt));
    if (succeeded.length > 0 || !page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const latestRow = succeeded[0];
  const latest = latestRow ? ((await getReport(tx, latestRow.id)) as unknown as ReportJson & { result: ScanResult | null }) : null;
  const trend = succeeded
    .slice(0, 12)
    .reverse()
    .map((r) => ({ reportId: r.id, overallScore: r.overallScore!, finishedAt: r.finishedAt! }));
  return { inProgress, latest: latest?.result ? latest : null, trend };
}

/** Every dealership's name by id (for report lists and filters), read in pages of 100. */
export async function dealershipNames(tx: Tx): Promise<{ id: string; name: string }[]> {
  const out: { id: string; name: string }[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await listDealerships(tx, { limit: 100, cursor });
    out.push(...page.data.map((d) => ({ id: d.id, name: d.name })));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
