import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

/**
 * Counts the statements this process sends through `pg` (every Client, pooled or not), per unit
 * of work: run the work inside `track(store, fn)` and each statement it issues adds one to
 * `store.statements`. pg-boss statements (schema `pgboss`) are counted apart, because pg-pool can
 * run a queued `pool.query` in whichever request's context released the connection, so they
 * cannot be attributed reliably. A round-trip count does not depend on how busy the machine is.
 */
export type StatementStore = { statements: number };

type QueryFn = (...args: unknown[]) => unknown;

export function statementCounter() {
  const als = new AsyncLocalStorage<StatementStore>();
  const totals = { pgBoss: 0, untracked: 0 };
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
    if (/\bpgboss\./.test(text)) totals.pgBoss++;
    else {
      const store = als.getStore();
      if (store) store.statements++;
      else totals.untracked++;
    }
    return original.apply(this, args);
  };
  return {
    totals,
    track<T>(store: StatementStore, fn: () => Promise<T>): Promise<T> {
      return als.run(store, fn);
    },
    reset() {
      totals.pgBoss = 0;
      totals.untracked = 0;
    },
    restore() {
      proto.query = original;
    },
  };
}
export type StatementCounter = ReturnType<typeof statementCounter>;
