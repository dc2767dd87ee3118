import { defineRoute } from '@/src/access';
import { ReportListQuery, listReports } from '@/src/reports';

export const GET = defineRoute({ permission: 'report:read', query: ReportListQuery }, async ({ tx, query }) => listReports(tx, query));
