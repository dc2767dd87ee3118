import { defineRoute } from '@/src/access';
import { AuditExportQuery, audited, exportAudit } from '@/src/audit';

export const GET = defineRoute(
  { permission: 'audit:read', query: AuditExportQuery, audit: 'AUDIT_EXPORTED' },
  async ({ principal, query }) => {
    const filename = `audit-${new Date().toISOString().slice(0, 10)}.${query.format}`;
    const body = new Response(exportAudit(principal, query), {
      headers: {
        'content-type': query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
        'content-disposition': `attachment; filename="${filename}"`,
        'cache-control': 'no-store',
      },
    });
    return audited(body, { resource: { type: 'audit_log', id: null }, metadata: { filters: query } });
  },
);
