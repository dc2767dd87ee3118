import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { and, eq, sql } from 'drizzle-orm';
import { idempotencyKeys } from '@/src/db/schema';
import type { Tx } from '@/src/db/scope';
import { Problem } from '@/src/access/problem';

/** Kept at least this long (documented in docs/api.md), then purged by a job. */
export const KEY_TTL_HOURS = 24;
/** A claim older than this whose request never finished (the process died) may be taken over. */
export const LOCK_SECONDS = 60;

export type KeyScope = { tenantId: string; userId: string; method: string; route: string; key: string };
export type StoredResponse = { status: number; headers: Record<string, string>; body: string };

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_flight'; retryAfterSeconds: number }
  | { kind: 'mismatch' };

/** Header value rules: 1–255 printable ASCII characters. */
export function parseIdempotencyKey(header: string | null): string | null {
  if (header === null) return null;
  if (header.length === 0 || header.length > 255 || !/^[\x20-\x7e]+$/.test(header)) {
    throw new Problem(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1–255 printable ASCII characters.');
  }
  return header;
}

/** SHA-256 of the canonical request: query and body (JSON canonicalised, so key order does not matter). */
export function fingerprint(search: string, rawBody: string | undefined): string {
  let body = rawBody ?? '';
  try {
    body = rawBody ? (canonicalize(JSON.parse(rawBody)) ?? rawBody) : '';
  } catch {
    // not JSON: the raw bytes are the fingerprint
  }
  return createHash('sha256').update(search).update('\n').update(body).digest('hex');
}

const scopeWhere = (s: KeyScope) =>
  and(
    eq(idempotencyKeys.tenantId, s.tenantId),
    eq(idempotencyKeys.userId, s.userId),
    eq(idempotencyKeys.method, s.method),
    eq(idempotencyKeys.route, s.route),
    eq(idempotencyKeys.key, s.key),
  );

/**
 * One atomic claim (INSERT … ON CONFLICT DO NOTHING, then read): never check-then-insert.
 * A stale in-flight claim (its request died) is taken over with a conditional UPDATE, so only
 * one retry wins it.
 */
export async function claimIdempotencyKey(tx: Tx, scope: KeyScope, print: string): Promise<Claim> {
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({ ...scope, fingerprint: print, lockedUntil: sql`now() + make_interval(secs => ${LOCK_SECONDS})` })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return { kind: 'claimed' };

  const [existing] = await tx.select().from(idempotencyKeys).where(scopeWhere(scope));
  if (!existing) return { kind: 'in_flight', retryAfterSeconds: 1 }; // purged between the two statements
  if (existing.fingerprint !== print) return { kind: 'mismatch' };
  if (existing.status === 'completed') {
    return { kind: 'replay', response: { status: existing.responseStatus!, headers: existing.responseHeaders ?? {}, body: existing.responseBody ?? '' } };
  }
  const takenOver = await tx
    .update(idempotencyKeys)
    .set({ lockedUntil: sql`now() + make_interval(secs => ${LOCK_SECONDS})` })
    .where(and(scopeWhere(scope), eq(idempotencyKeys.status, 'in_flight'), sql`${idempotencyKeys.lockedUntil} < now()`))
    .returning({ key: idempotencyKeys.key });
  if (takenOver.length > 0) return { kind: 'claimed' };
  const wait = Math.max(1, Math.ceil((existing.lockedUntil.getTime() - Date.now()) / 1000));
  return { kind: 'in_flight', retryAfterSeconds: Math.min(wait, LOCK_SECONDS) };
}

export async function completeIdempotencyKey(tx: Tx, scope: KeyScope, response: StoredResponse): Promise<void> {
  await tx
    .update(idempotencyKeys)
    .set({ status: 'completed', responseStatus: response.status, responseHeaders: response.headers, responseBody: response.body, completedAt: sql`now()` })
    .where(scopeWhere(scope));
}

/** A 5xx leaves nothing behind: the client may retry with the same key. */
export async function releaseIdempotencyKey(tx: Tx, scope: KeyScope): Promise<void> {
  await tx.delete(idempotencyKeys).where(and(scopeWhere(scope), eq(idempotencyKeys.status, 'in_flight')));
}

/** Keys older than the TTL, every tenant (system job). */
export async function purgeExpiredKeys(tx: Tx): Promise<number> {
  const deleted = await tx
    .delete(idempotencyKeys)
    .where(sql`${idempotencyKeys.createdAt} < now() - make_interval(hours => ${KEY_TTL_HOURS})`)
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}
