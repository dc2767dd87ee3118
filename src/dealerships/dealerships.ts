import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { dealerships } from '@/src/db/schema';
import type { Tx } from '@/src/db/scope';
import { problems } from '@/src/access/problem';
import { audited, diff } from '@/src/audit';
import { assertWithinLimit } from '@/src/billing/account';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const DealershipInput = z
  .object({
    name: text(200),
    websiteUrl: z.url({ protocol: /^https?$/, error: 'Enter a full http(s) address, e.g. https://example.com' }).max(2048),
    address: optionalText(300),
    city: optionalText(120),
    state: optionalText(60),
    zip: optionalText(20),
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^[0-9+().\-\s]*$/, 'Use digits, spaces and + ( ) - . only')
      .nullable()
      .optional(),
    brands: z.array(text(60)).max(40).optional(),
    monthlyUsedUnitSales: z.number().int().min(0).max(100_000).nullable().optional(),
    avgFrontEndGross: z.number().int().min(0).max(1_000_000).nullable().optional(),
  })
  .strict();
export type DealershipInput = z.infer<typeof DealershipInput>;

export const DealershipPatch = DealershipInput.partial().strict();
export type DealershipPatch = z.infer<typeof DealershipPatch>;

export const DealershipId = z.object({ id: z.uuid() }).strict();

export type Dealership = typeof dealerships.$inferSelect;

/** The public JSON shape: tenant id is implied by the caller's session. */
export function present(d: Dealership) {
  return {
    id: d.id,
    name: d.name,
    websiteUrl: d.websiteUrl,
    address: d.address,
    city: d.city,
    state: d.state,
    zip: d.zip,
    phone: d.phone,
    brands: d.brands,
    monthlyUsedUnitSales: d.monthlyUsedUnitSales,
    avgFrontEndGross: d.avgFrontEndGross,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export const ListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

// Cursor = "<createdAt ISO>|<id>" of the last row seen: stable under concurrent inserts.
function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !z.uuid().safeParse(id).success) {
    throw problems.invalid([{ path: 'cursor', message: 'Invalid cursor' }]);
  }
  return { createdAt, id };
}
const encodeCursor = (d: Dealership) => Buffer.from(`${d.createdAt.toISOString()}|${d.id}`).toString('base64url');

export async function listDealerships(tx: Tx, query: z.infer<typeof ListQuery>) {
  const after = decodeCursor(query.cursor);
  const rows = await tx
    .select()
    .from(dealerships)
    .where(
      after
        ? or(
            lt(dealerships.createdAt, after.createdAt),
            and(eq(dealerships.createdAt, after.createdAt), lt(dealerships.id, after.id)),
          )
        : undefined,
    )
    .orderBy(desc(dealerships.createdAt), desc(dealerships.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { data: page.map(present), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

export async function getDealership(tx: Tx, id: string) {
  const [row] = await tx.select().from(dealerships).where(eq(dealerships.id, id));
  // Another tenant's dealership is invisible under RLS: it is "not found", never "forbidden".
  if (!row) throw problems.notFound('Dealership');
  return present(row);
}

const ref = (id: string) => ({ type: 'dealership', id });

export async function createDealership(tx: Tx, tenantId: string, input: DealershipInput) {
  await assertWithinLimit(tx, tenantId, 'dealerships');
  const [row] = await tx
    .insert(dealerships)
    .values({ ...input, tenantId, brands: input.brands ?? [] })
    .returning();
  const created = present(row!);
  return audited(created, { resource: ref(created.id), metadata: { after: created } });
}

export async function updateDealership(tx: Tx, id: string, patch: DealershipPatch) {
  const [before] = await tx.select().from(dealerships).where(eq(dealerships.id, id)).for('update');
  if (!before) throw problems.notFound('Dealership');
  const [row] = await tx
    .update(dealerships)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(dealerships.id, id))
    .returning();
  const after = present(row!);
  return audited(after, { resource: ref(id), metadata: { changes: diff(present(before), after) } });
}

export async function deleteDealership(tx: Tx, id: string) {
  const [deleted] = await tx.delete(dealerships).where(eq(dealerships.id, id)).returning();
  if (!deleted) throw problems.notFound('Dealership');
  return audited(undefined, { resource: ref(id), metadata: { before: present(deleted) } });
}
