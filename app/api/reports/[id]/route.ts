import { defineRoute } from '@/src/access';
import { ReportId, getReport } from '@/src/reports';

export const GET = defineRoute({ permission: 'report:read', params: ReportId }, async ({ tx, params }) => getReport(tx, params.id));
