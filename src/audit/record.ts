import type { AuditAction } from './actions';
import type { AuditEntry } from './chain';

const AUDITED = Symbol.for('dealershipai.audited');

/** A handler's result plus what the audit row should say about it. */
export type Audited<T> = { [AUDITED]: true; value: T; entry: Omit<AuditEntry, 'action'> & { action?: AuditAction } };

/**
 * Domain mutations return their result wrapped with the resource they touched and the
 * before/after of what changed; the request gate writes the row in the same transaction,
 * with the action the route declares (or the one given here).
 */
export function audited<T>(value: T, entry: Audited<T>['entry']): Audited<T> {
  return { [AUDITED]: true, value, entry };
}

export function isAudited(value: unknown): value is Audited<unknown> {
  return typeof value === 'object' && value !== null && AUDITED in value;
}
