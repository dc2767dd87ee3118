/**
 * Recomputes every tenant's audit chain (or one: `npm run audit:verify -- --tenant <id>`) and
 * exits non-zero when any chain is broken.
 */
import { sql } from 'drizzle-orm';
import { database } from '../src/db/client';
import { withSystem } from '../src/db/scope';
import { verifyChain } from '../src/audit/chain';

const i = process.argv.indexOf('--tenant');
const only = i > 0 ? process.argv[i + 1] : undefined;

const tenants = only
  ? [only]
  : await withSystem('audit:verify: list chains', async (tx) =>
      (await tx.execute<{ tenant_id: string }>(sql`select tenant_id from audit_heads order by tenant_id`)).rows.map((r) => r.tenant_id),
    );
let broken = 0;
for (const tenantId of tenants) {
  const result = await withSystem('audit:verify', (tx) => verifyChain(tx, tenantId));
  if (result.ok) console.log(`ok      ${tenantId}  ${result.checked} entries`);
  else {
    broken += 1;
    console.log(`BROKEN  ${tenantId}  at seq ${result.firstBroken.seq}: ${result.firstBroken.reason}`);
  }
}
console.log(`${tenants.length - broken} chains verified, ${broken} broken`);
await (await database()).close();
process.exit(broken > 0 ? 1 : 0);
