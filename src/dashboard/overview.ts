import { sql } from 'drizzle-orm';
import type { Tx } from '@/src/db/scope';

/** Tenant-wide counts; the scans issue adds scores. Both counts are RLS-scoped. */
export async function dashboardOverview(tx: Tx) {
  const { rows } = await tx.execute<{ dealerships: number; members: number }>(sql`
    select (select count(*) from dealerships)::int as dealerships,
           (select count(*) from memberships where tenant_id = current_tenant_id())::int as members`);
  return { counts: rows[0] ?? { dealerships: 0, members: 0 } };
}
