import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { dealerships, reports } from '@/src/db/schema';
import { withSystem, withTenant } from '@/src/db/scope';
import { env, demoSitePort, isProduction } from '@/src/config/env';
import { logger } from '@/src/observability/logger';
import { parseAllowedHosts, scanSite, ScanError, type ScanOptions, type ScanProgress } from '@/src/scans';
import { jobs } from '@/src/jobs/boss';
import { probesEnabled } from '@/src/flags';
import { billingAccount } from '@/src/billing/account';
import { PLANS, type PlanId } from '@/src/billing/plans';
import { QUEUES } from '@/src/jobs/queues';

export type ScanJob = { reportId: string; tenantId: string };

/** Wakes a worker for a queued report. singletonKey: a report is never scanned twice at once. */
export async function enqueueScan(job: ScanJob): Promise<void> {
  const boss = await jobs();
  await boss.send(QUEUES.scan.name, job, { singletonKey: job.reportId });
}

function scannerOptions(plan: PlanId): ScanOptions {
  const e = env();
  const allowedHosts = parseAllowedHosts(e.SCAN_ALLOWED_HOSTS);
  const demo = demoSitePort();
  // The bundled demo site runs on this machine; outside production it is always reachable.
  if (demo && !isProduction()) allowedHosts.push(`127.0.0.1:${demo}`, `localhost:${demo}`);
  // Answer-engine probes only when a provider is configured and the plan includes them.
  const probes =
    PLANS[plan].answerEngineProbes && e.AI_PROVIDER_BASE_URL && e.AI_PROVIDER_API_KEY
      ? { baseUrl: e.AI_PROVIDER_BASE_URL, apiKey: e.AI_PROVIDER_API_KEY, model: e.AI_PROVIDER_MODEL }
      : undefined;
  return { allowedHosts, probes };
}

const PROGRESS_EVERY_MS = 400;

/**
 * Runs one report's scan. Safe to run again after a crash: the report is claimed while queued
 * or running, and a finished (or deleted) report is left alone. Each database step is its own
 * short tenant transaction: no connection is held while the site is being fetched.
 */
export async function runReport(job: ScanJob, attempt: { retryCount: number; retryLimit: number }): Promise<void> {
  const scope = { tenantId: job.tenantId };
  const claimed = await withTenant(scope, async (tx) => {
    const [report] = await tx
      .update(reports)
      .set({ status: 'running', startedAt: sql`coalesce(${reports.startedAt}, now())`, progress: { fetched: 0, total: 0, phase: 'robots' } })
      .where(and(eq(reports.id, job.reportId), inArray(reports.status, ['queued', 'running'])))
      .returning();
    if (!report) return null;
    const [store] = await tx.select().from(dealerships).where(eq(dealerships.id, report.dealershipId));
    const { plan } = await billingAccount(tx, job.tenantId);
    return store ? { report, store, plan } : null;
  });
  if (!claimed) return;

  const { store, plan } = claimed;
  // Outside any transaction: the first flag evaluation in a process waits for the flag cache's first load.
  const options = scannerOptions(plan);
  if (!(await probesEnabled(job.tenantId, plan))) options.probes = undefined;
  let lastWrite = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const onProgress = (p: ScanProgress) => {
    const now = Date.now();
    if (now - lastWrite < PROGRESS_EVERY_MS && p.phase === 'pages') return;
    lastWrite = now;
    pending = pending
      .then(() =>
        withTenant(scope, (tx) =>
          tx.update(reports).set({ progress: { fetched: p.fetched, total: p.total, phase: p.phase } }).where(and(eq(reports.id, job.reportId), eq(reports.status, 'running'))),
        ),
      )
      .catch((err) => logger.warn({ err, reportId: job.reportId }, 'progress update failed'));
  };

  const finish = (values: Partial<typeof reports.$inferInsert>) =>
    pending.then(() =>
      withTenant(scope, (tx) =>
        tx
          .update(reports)
          .set({ ...values, finishedAt: sql`now()` })
          .where(and(eq(reports.id, job.reportId), eq(reports.status, 'running'))),
      ),
    );

  try {
    const result = await scanSite(
      {
        websiteUrl: store.websiteUrl,
        profile: {
          name: store.name,
          address: store.address,
          city: store.city,
          state: store.state,
          zip: store.zip,
          phone: store.phone,
          brands: store.brands,
          monthlyUsedUnitSales: store.monthlyUsedUnitSales,
          avgFrontEndGross: store.avgFrontEndGross,
        },
      },
      { ...options, onProgress },
    );
    await finish({ status: 'succeeded', result: result as unknown as Record<string, unknown>, overallScore: result.overallScore, progress: { fetched: result.pages.length, total: result.pages.length, phase: 'done' } });
  } catch (err) {
    if (err instanceof ScanError) {
      await finish({ status: 'failed', error: err.message });
      return;
    }
    logger.error({ err, reportId: job.reportId, attempt: attempt.retryCount }, 'scan crashed');
    if (attempt.retryCount >= attempt.retryLimit) {
      await finish({ status: 'failed', error: 'The scan stopped unexpectedly. Please try again.' });
      return;
    }
    throw err; // pg-boss retries with backoff
  }
}

const STUCK_QUEUED_SECONDS = 60;
const STUCK_RUNNING_MINUTES = 20;

/**
 * Every minute: re-wake reports whose job was never sent (the process died right after the
 * commit), and fail reports whose worker died for good, so no report spins forever.
 */
export async function sweepReports(): Promise<{ requeued: number; failed: number }> {
  const { queued, failed } = await withSystem('sweep stuck reports', async (tx) => {
    const queued = await tx
      .select({ reportId: reports.id, tenantId: reports.tenantId })
      .from(reports)
      .where(and(eq(reports.status, 'queued'), lt(reports.createdAt, sql`now() - make_interval(secs => ${STUCK_QUEUED_SECONDS})`)));
    const failed = await tx
      .update(reports)
      .set({ status: 'failed', error: 'The scan did not finish in time. Please try again.', finishedAt: sql`now()` })
      .where(and(eq(reports.status, 'running'), lt(reports.startedAt, sql`now() - make_interval(mins => ${STUCK_RUNNING_MINUTES})`)))
      .returning({ id: reports.id });
    return { queued, failed: failed.length };
  });
  for (const job of queued) await enqueueScan(job);
  return { requeued: queued.length, failed };
}
