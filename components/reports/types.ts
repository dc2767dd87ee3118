import type { ScanResult } from '@/src/scans/types';
import type { ReportStatus } from './format';

/** GET /api/reports/:id (src/reports presentReport with its result). */
export type ReportJson = {
  id: string;
  dealershipId: string;
  status: ReportStatus;
  progress: { fetched: number; total: number; phase: string } | null;
  overallScore: number | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  result?: ScanResult | null;
};

export type ReportListItem = Omit<ReportJson, 'result'>;
