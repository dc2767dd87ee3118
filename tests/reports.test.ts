import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFParse } from 'pdf-parse';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { call, createTenant, json, type TestTenant } from './support/app';
import * as generate from '@/app/api/reports/generate/route';
import * as list from '@/app/api/reports/route';
import * as one from '@/app/api/reports/[id]/route';
import * as download from '@/app/api/reports/[id]/download/route';
import * as dashboard from '@/app/api/dashboard/overview/route';
import { resetEnvCache } from '@/src/config/env';
import { startDemoSite, type DemoSite } from '@/src/scans';
import { jobs, stopJobs } from '@/src/jobs/boss';
import { startWorkers } from '@/src/jobs/workers';
import { QUEUES } from '@/src/jobs/queues';
import { sweepReports } from '@/src/reports';
import type { Database } from '@/src/db';

let db: Database;
let t: TestTenant;
let site: DemoSite;
let closed: http.Server;
let closedPort: number;

async function dealership(websiteUrl: string, name = 'Riverside Toyota'): Promise<string> {
  const { rows } = await ownerQuery<{ id: string }>(
    db,
    `insert into dealerships (tenant_id, name, website_url, address, city, state, zip, phone, brands, monthly_used_unit_sales, avg_front_end_gross)
     values ($1, $2, $3, '1200 River Rd', 'Austin', 'TX', '78701', '(512) 555-0142', '{Toyota}', 140, 2100) returning id`,
    [t.tenantId, name, websiteUrl],
  );
  return rows[0]!.id;
}

async function waitFor(reportId: string, statuses: string[], timeoutMs = 45_000) {
  const started = Date.now();
  for (;;) {
    const { rows } = await ownerQuery<{ status: string; error: string | null; overall_score: number | null }>(db, 'select status, error, overall_score from reports where id = $1', [reportId]);
    if (rows[0] && statuses.includes(rows[0].status)) return rows[0];
    if (Date.now() - started > timeoutMs) throw new Error(`report ${reportId} still ${rows[0]?.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const requestScan = (dealershipId: string, cookie = t.manager.cookie) =>
  call(generate.POST, { method: 'POST', path: '/api/reports/generate', body: { dealershipId }, cookie });

beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTenant(db);
  site = await startDemoSite({ port: 0, host: '127.0.0.1' });
  // A host that accepts connections and drops them: a fetch that fails.
  closed = http.createServer((req) => req.socket.destroy());
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
  closedPort = (closed.address() as AddressInfo).port;
  process.env.SCAN_ALLOWED_HOSTS = `${new URL(site.url).host},127.0.0.1:${closedPort}`;
  resetEnvCache();
});
afterAll(async () => {
  await stopJobs({ graceful: false });
  await site.close();
  closed.close();
  delete process.env.SCAN_ALLOWED_HOSTS;
  resetEnvCache();
  await db.close();
});

describe(`reports (${engine})`, () => {
  it('scans a site in a worker, then serves the report and its downloads', async () => {
    await startWorkers({ pollingIntervalSeconds: 0.5 });
    const id = await dealership(`${site.url}/`);
    const res = await requestScan(id);
    expect(res.status).toBe(202);
    const { reportId, status } = await json(res);
    expect(status).toBe('queued');

    const done = await waitFor(reportId, ['succeeded', 'failed']);
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');

    const report = await json(await call(one.GET, { path: `/api/reports/${reportId}`, params: { id: reportId }, cookie: t.viewer.cookie }));
    expect(report).toMatchObject({ id: reportId, dealershipId: id, status: 'succeeded', progress: { phase: 'done' } });
    expect(report.result.checks.length).toBeGreaterThan(10);
    expect(report.overallScore).toBe(report.result.overallScore);
    // The demo site does some things well and some badly.
    const statuses = new Set(report.result.checks.map((c: { status: string }) => c.status));
    expect(statuses.has('pass') && statuses.has('fail')).toBe(true);

    const listed = await json(await call(list.GET, { path: `/api/reports?dealershipId=${id}`, cookie: t.viewer.cookie }));
    expect(listed.data.map((r: { id: string }) => r.id)).toEqual([reportId]);
    expect(listed.data[0].result).toBeUndefined();

    const pdf = await call(download.GET, { path: `/api/reports/${reportId}/download?format=pdf`, params: { id: reportId }, cookie: t.viewer.cookie });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="riverside-toyota-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const parser = new PDFParse({ data: new Uint8Array(await pdf.arrayBuffer()) });
    const text = (await parser.getText()).text;
    await parser.destroy();
    expect(text).toContain('Riverside Toyota');
    expect(text).toContain(`AI Visibility Score: ${report.overallScore}/100`);

    const csv = await (await call(download.GET, { path: `/api/reports/${reportId}/download?format=csv`, params: { id: reportId }, cookie: t.viewer.cookie })).text();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('check_id,pillar,title,status,weight,recommendation,priority,effort,evidence_url,evidence_excerpt');
    expect(lines.length).toBe(report.result.checks.length + 1);

    const asJson = await json(await call(download.GET, { path: `/api/reports/${reportId}/download?format=json`, params: { id: reportId }, cookie: t.viewer.cookie }));
    expect(asJson).toEqual(report.result);

    const overview = await json(await call(dashboard.GET, { path: '/api/dashboard/overview', cookie: t.viewer.cookie }));
    const store = overview.dealerships.find((d: { id: string }) => d.id === id);
    expect(store.latest).toMatchObject({ reportId, overallScore: report.overallScore, band: expect.stringMatching(/green|yellow|red/) });
    expect(store.trend.map((p: { reportId: string }) => p.reportId)).toEqual([reportId]);
    expect(store.latest.revenueAtRisk).toMatchObject({ low: expect.any(Number), high: expect.any(Number) });
    expect(overview.topRecommendations.length).toBeGreaterThan(0);
    expect(overview.topRecommendations.length).toBeLessThanOrEqual(5);
    const points = overview.topRecommendations.map((r: { points: number }) => r.points);
    expect(points).toEqual([...points].sort((a, b) => b - a));
    expect(overview.group).toMatchObject({ averageScore: report.overallScore, scannedDealerships: 1 });

    // Finished reports are immutable, even for the system role.
    await expect(ownerQuery(db, `update reports set overall_score = 100 where id = $1`, [reportId])).rejects.toThrow(/cannot change/);
  });

  it('concurrent generate requests for one dealership create one scan', async () => {
    await stopJobs({ graceful: false });
    const id = await dealership(`${site.url}/`, 'Concurrent Motors');
    const responses = await Promise.all(Array.from({ length: 8 }, () => requestScan(id)));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(202));
    const ids = new Set(await Promise.all(responses.map(async (r) => (await json(r)).reportId)));
    expect(ids.size).toBe(1);
    const { rows } = await ownerQuery<{ n: number }>(db, 'select count(*)::int as n from reports where dealership_id = $1', [id]);
    expect(rows[0]!.n).toBe(1);
  });

  it('a queued scan survives the app being down, and a report left running by a dead worker is finished by the next', async () => {
    await stopJobs({ graceful: false });
    const id = await dealership(`${site.url}/`, 'Restart Motors');
    const { reportId } = await json(await requestScan(id));
    // Nothing works the queue: the job waits in Postgres.
    await new Promise((r) => setTimeout(r, 500));
    expect((await ownerQuery<{ status: string }>(db, 'select status from reports where id = $1', [reportId])).rows[0]!.status).toBe('queued');

    // A worker died after claiming another report: the report says running, its job is retried.
    const orphan = await dealership(`${site.url}/`, 'Orphan Motors');
    const { rows } = await ownerQuery<{ id: string }>(
      db,
      `insert into reports (tenant_id, dealership_id, status, started_at) values ($1, $2, 'running', now()) returning id`,
      [t.tenantId, orphan],
    );
    await (await jobs()).send(QUEUES.scan.name, { reportId: rows[0]!.id, tenantId: t.tenantId });

    await startWorkers({ pollingIntervalSeconds: 0.5 });
    expect((await waitFor(reportId, ['succeeded', 'failed'])).status).toBe('succeeded');
    expect((await waitFor(rows[0]!.id, ['succeeded', 'failed'])).status).toBe('succeeded');
  });

  it('a failed fetch marks the report failed with a readable error', async () => {
    const id = await dealership(`http://127.0.0.1:${closedPort}/`, 'Unreachable Motors');
    const { reportId } = await json(await requestScan(id));
    const done = await waitFor(reportId, ['succeeded', 'failed']);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/\w+/);
    expect(done.error).not.toMatch(/at \w+ \(|ECONN|stack/i);
    const dl = await call(download.GET, { path: `/api/reports/${reportId}/download?format=pdf`, params: { id: reportId }, cookie: t.viewer.cookie });
    expect(dl.status).toBe(409);
  });

  it('the sweeper re-wakes reports whose job was lost and fails reports stuck running', async () => {
    await stopJobs({ graceful: false });
    const lost = await dealership(`${site.url}/`, 'Lost Job Motors');
    const stuck = await dealership(`${site.url}/`, 'Stuck Motors');
    const { rows } = await ownerQuery<{ id: string; status: string }>(
      db,
      `insert into reports (tenant_id, dealership_id, status, created_at, started_at) values
         ($1, $2, 'queued', now() - interval '5 minutes', null),
         ($1, $3, 'running', now() - interval '1 hour', now() - interval '1 hour')
       returning id, status`,
      [t.tenantId, lost, stuck],
    );
    const swept = await sweepReports();
    expect(swept.requeued).toBeGreaterThanOrEqual(1);
    expect(swept.failed).toBeGreaterThanOrEqual(1);
    const stuckId = rows.find((r) => r.status === 'running')!.id;
    expect((await waitFor(stuckId, ['failed'])).error).toMatch(/did not finish/);
    await startWorkers({ pollingIntervalSeconds: 0.5 });
    expect((await waitFor(rows.find((r) => r.status === 'queued')!.id, ['succeeded'])).status).toBe('succeeded');
  });

  it('viewers cannot start scans; other tenants cannot see reports', async () => {
    const id = await dealership(`${site.url}/`, 'Viewer Motors');
    expect((await requestScan(id, t.viewer.cookie)).status).toBe(403);
    const other = await createTenant(db);
    expect((await requestScan(id, other.owner.cookie)).status).toBe(404);
  });
});
