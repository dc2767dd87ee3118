import { defineRoute } from '@/src/access';
import { audited } from '@/src/audit';
import { DownloadQuery, ReportId, renderReport, reportForDownload } from '@/src/reports';

export const GET = defineRoute(
  { permission: 'report:download', params: ReportId, query: DownloadQuery, audit: 'REPORT_DOWNLOADED' },
  async ({ tx, params, query }) => {
    const { renderable, audit } = await reportForDownload(tx, params.id, query.format);
    return audited(await renderReport(renderable, query.format), audit);
  },
);
