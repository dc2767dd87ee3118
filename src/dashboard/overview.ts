import { sql } from 'drizzle-orm';
import type { Tx } from '@/src/db/scope';
import type { PillarScore, PrioritisedRecommendation, RevenueAtRisk } from '@/src/scans';

import { bandFor } from './bands';

const TREND_POINTS = 12;
const TOP_RECOMMENDATIONS = 5;

type LatestRow = {
  dealership_id: string;
  report_id: string;
  overall_score: number;
  finished_at: string;
  pillars: PillarScore[] | null;
  recommendations: PrioritisedRecommendation[] | null;
  revenue: RevenueAtRisk | null;
};

/**
 * The dashboard: per dealership the latest scores (banded), the trend over past reports, revenue
 * at risk and any scan in progress; for the group, averages, totals and the top fixes across
 * stores. Everything comes from stored reports: nothing here is estimated anew.
 */
export async function dashboardOverview(tx: Tx) {
  const { rows: counts } = await tx.execute<{ dealerships: number; members: number; reports: number }>(sql`
    select (select count(*) from dealerships)::int as dealerships,
           (select count(*) from memberships where tenant_id = current_tenant_id())::int as members,
           (select count(*) from reports where status = 'succeeded')::int as reports`);
  const { rows: stores } = await tx.execute<{ id: string; name: string; website_url: string }>(
    sql`select id, name, website_url from dealerships order by name, id limit 200`,
  );
  const { rows: latest } = await tx.execute<LatestRow>(sql`
    select distinct on (dealership_id) dealership_id, id as report_id, overall_score, finished_at,
           result->'pillars' as pillars, result->'recommendations' as recommendations, result->'revenueAtRisk' as revenue
    from reports where status = 'succeeded'
    order by dealership_id, finished_at desc`);
  const { rows: trend } = await tx.execute<{ dealership_id: string; report_id: string; overall_score: number; finished_at: string }>(sql`
    select dealership_id, id as report_id, overall_score, finished_at from (
      select r.*, row_number() over (partition by dealership_id order by finished_at desc) as n
      from reports r where status = 'succeeded') ranked
    where n <= ${TREND_POINTS} order by dealership_id, finished_at`);
  const { rows: active } = await tx.execute<{ dealership_id: string; id: string; status: string; progress: unknown }>(
    sql`select dealership_id, id, status, progress from reports where status in ('queued', 'running')`,
  );

  const latestBy = new Map(latest.map((r) => [r.dealership_id, r]));
  const iso = (t: string | Date) => new Date(t).toISOString();
  const dealerships = stores.map((s) => {
    const l = latestBy.get(s.id);
    const run = active.find((a) => a.dealership_id === s.id);
    return {
      id: s.id,
      name: s.name,
      websiteUrl: s.website_url,
      latest: l
        ? {
            reportId: l.report_id,
            overallScore: l.overall_score,
            band: bandFor(l.overall_score),
            finishedAt: iso(l.finished_at),
            pillars: (l.pillars ?? []).map((p) => ({ id: p.id, label: p.label, score: p.score, band: bandFor(p.score) })),
            revenueAtRisk: l.revenue,
          }
        : null,
      inProgress: run ? { reportId: run.id, status: run.status, progress: run.progress } : null,
      trend: trend.filter((t) => t.dealership_id === s.id).map((t) => ({ reportId: t.report_id, overallScore: t.overall_score, finishedAt: iso(t.finished_at) })),
    };
  });

  const scored = dealerships.flatMap((d) => (d.latest ? [d.latest] : []));
  const withRevenue = scored.flatMap((l) => (l.revenueAtRisk && !('missingInputs' in l.revenueAtRisk) ? [l.revenueAtRisk] : []));
  const averageScore = scored.length ? Math.round(scored.reduce((sum, l) => sum + l.overallScore, 0) / scored.length) : null;
  const topRecommendations = latest
    .flatMap((l) =>
      (l.recommendations ?? []).map((r) => ({
        dealershipId: l.dealership_id,
        dealershipName: stores.find((s) => s.id === l.dealership_id)?.name ?? '',
        reportId: l.report_id,
        checkId: r.checkId,
        title: r.title,
        detail: r.detail,
        priority: r.priority,
        effort: r.effort,
        points: r.points,
      })),
    )
    .sort((a, b) => b.points - a.points || a.dealershipName.localeCompare(b.dealershipName) || a.checkId.localeCompare(b.checkId))
    .slice(0, TOP_RECOMMENDATIONS);

  return {
    counts: counts[0] ?? { dealerships: 0, members: 0, reports: 0 },
    group: {
      averageScore,
      band: bandFor(averageScore),
      scannedDealerships: scored.length,
      lastScanAt: scored.length ? scored.map((l) => l.finishedAt).sort().at(-1)! : null,
      // Summed only over stores whose owners entered their numbers; the UI says how many.
      revenueAtRisk: withRevenue.length
        ? { low: withRevenue.reduce((s, r) => s + r.low, 0), high: withRevenue.reduce((s, r) => s + r.high, 0), stores: withRevenue.length }
        : null,
    },
    dealerships,
    topRecommendations,
  };
}
