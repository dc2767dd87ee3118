import PDFDocument from 'pdfkit';
import { z } from 'zod';
import type { ScanResult } from '@/src/scans';
import { problems, Problem } from '@/src/access/problem';

export const DownloadQuery = z.object({ format: z.enum(['pdf', 'csv', 'json']).default('pdf') }).strict();
export type DownloadFormat = z.infer<typeof DownloadQuery>['format'];

export type RenderableReport = {
  id: string;
  dealershipName: string;
  status: string;
  finishedAt: Date | null;
  result: ScanResult;
};

const STATUS_LABEL = { pass: 'Pass', warn: 'Needs work', fail: 'Fail', not_applicable: 'Not applicable' } as const;

/** "riverside-toyota-2026-11-26.pdf": ASCII only, safe in a Content-Disposition header. */
export function reportFilename(r: RenderableReport, format: DownloadFormat): string {
  const slug = r.dealershipName.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().toLowerCase().replace(/[\s_]+/g, '-').slice(0, 60) || 'report';
  const date = (r.finishedAt ?? new Date()).toISOString().slice(0, 10);
  return `${slug}-${date}.${format}`;
}

function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per check. */
export function reportCsv(r: RenderableReport): string {
  const header = ['check_id', 'pillar', 'title', 'status', 'weight', 'recommendation', 'priority', 'effort', 'evidence_url', 'evidence_excerpt'];
  const rows = r.result.checks.map((c) => [
    c.id,
    c.pillar,
    c.title,
    c.status,
    c.weight,
    c.recommendation.title,
    c.recommendation.priority,
    c.recommendation.effort,
    c.evidence[0]?.url ?? '',
    c.evidence.map((e) => e.excerpt).join(' | ').slice(0, 1000),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

const scoreText = (score: number | null) => (score === null ? 'not measured' : `${score}/100`);

/** A real document: cover, scores, top recommendations, every check with its evidence. */
export function reportPdf(r: RenderableReport): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER', margin: 54, info: { Title: `AI Visibility Report: ${r.dealershipName}`, Author: 'DealershipAI' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const res = r.result;
  const date = (r.finishedAt ?? new Date()).toISOString().slice(0, 10);

  doc.fontSize(12).fillColor('#475569').text('DealershipAI · AI Visibility Report');
  doc.moveDown(2);
  doc.fontSize(26).fillColor('#0f172a').text(r.dealershipName);
  doc.fontSize(12).fillColor('#334155').text(res.websiteUrl);
  doc.text(`Scanned ${date} · ${res.pages.length} pages`);
  doc.moveDown(2);
  doc.fontSize(16).fillColor('#0f172a').text(`AI Visibility Score: ${res.overallScore}/100`);
  doc.moveDown();
  doc.fontSize(12);
  for (const p of res.pillars) doc.text(`${p.label}: ${scoreText(p.score)}`);
  doc.moveDown();
  if ('missingInputs' in res.revenueAtRisk) {
    doc.text('Revenue at risk: add monthly used-unit sales and average front-end gross to estimate.');
  } else {
    const fmt = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;
    doc.text(`Revenue at risk: ${fmt(res.revenueAtRisk.low)} – ${fmt(res.revenueAtRisk.high)} per year (estimate; assumptions in the appendix).`);
  }

  doc.addPage();
  doc.fontSize(18).fillColor('#0f172a').text('What to fix first');
  doc.moveDown(0.5);
  res.recommendations.slice(0, 10).forEach((rec, i) => {
    doc.fontSize(12).fillColor('#0f172a').text(`${i + 1}. ${rec.title}  (+${rec.points} points, ${rec.priority} priority, ${rec.effort} effort)`);
    doc.fontSize(10).fillColor('#334155').text(rec.detail, { indent: 14 });
    doc.moveDown(0.5);
  });

  doc.addPage();
  doc.fontSize(18).fillColor('#0f172a').text('Every check');
  doc.moveDown(0.5);
  for (const c of res.checks) {
    doc.fontSize(11).fillColor('#0f172a').text(`[${STATUS_LABEL[c.status]}] ${c.title}`);
    for (const e of c.evidence.slice(0, 3)) doc.fontSize(9).fillColor('#475569').text(`${e.url}: ${e.excerpt.slice(0, 300)}`, { indent: 14 });
    doc.moveDown(0.4);
  }
  if (!('missingInputs' in res.revenueAtRisk)) {
    doc.addPage();
    doc.fontSize(14).fillColor('#0f172a').text('Assumptions behind the revenue estimate');
    for (const a of res.revenueAtRisk.assumptions) doc.fontSize(10).fillColor('#334155').text(`• ${a}`);
  }
  doc.end();
  return done;
}

export async function renderReport(r: RenderableReport, format: DownloadFormat): Promise<Response> {
  if (r.status !== 'succeeded') {
    throw new Problem(409, 'report_not_ready', r.status === 'failed' ? 'This scan failed: there is no report to download.' : 'The scan is still running. Download when it has finished.');
  }
  if (!r.result) throw problems.notFound('Report');
  const body = format === 'json' ? JSON.stringify(r.result, null, 2) : format === 'csv' ? reportCsv(r) : await reportPdf(r);
  const type = { json: 'application/json', csv: 'text/csv; charset=utf-8', pdf: 'application/pdf' }[format];
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="${reportFilename(r, format)}"`,
      'cache-control': 'private, no-store',
    },
  });
}
