import { defineRoute } from '@/src/access';
import { GenerateInput, consumeScanAllowance, enqueueScan, requestReport } from '@/src/reports';

export const POST = defineRoute(
  { permission: 'report:generate', input: GenerateInput, status: 202, audit: 'REPORT_GENERATED', idempotent: true },
  async ({ tx, principal, input, afterCommit }) => {
    await consumeScanAllowance(tx, principal.tenantId);
    const queued = await requestReport(tx, principal, input.dealershipId);
    if (queued.value.created) afterCommit(() => enqueueScan({ reportId: queued.value.reportId, tenantId: principal.tenantId }));
    return queued;
  },
);
