import pg from 'pg';

export { withDatabase } from '../../src/db/url';

/**
 * What a bench made (a database, a server, pools), undone in reverse order when it ends, fails or
 * is interrupted, so no run leaves a database or a process behind.
 */
const cleanups: Array<{ what: string; run: () => Promise<void> }> = [];
let cleaning: Promise<void> | undefined;
let interruptedFlag = false;
let load: { stop(): void } | undefined;

export function onCleanup(what: string, run: () => Promise<void>): void {
  cleanups.push({ what, run });
}

/** The load generator running now, stopped first on cleanup (undefined when it has finished). */
export function trackLoad(current: { stop(): void } | undefined): void {
  load = current;
}

export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    load?.stop();
    for (const { what, run } of cleanups.reverse()) {
      try {
        await run();
      } catch (err) {
        console.error(`! cleanup (${what}) failed: ${(err as Error).message}`);
      }
    }
  })();
  return cleaning;
}

export const interrupted = (): boolean => interruptedFlag;

export function checkInterrupted(): void {
  if (interruptedFlag) throw new Error('interrupted');
}

/** On Ctrl-C (or TERM, HUP): say what is being undone, clean up, exit 130. */
export function cleanupOnSignal(undoing: string): void {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (interruptedFlag) return;
      interruptedFlag = true;
      console.error(`\n! ${sig}: ${undoing} …`);
      void cleanup().finally(() => process.exit(130));
    });
  }
}

/** Creates a throwaway database and registers its drop (unless `keep`, e.g. --keep-db). */
export async function createScratchDatabase(adminUrl: string, name: string, keep: boolean): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  onCleanup(`drop database ${name}`, async () => {
    if (keep) {
      console.log(`• kept database ${name} (--keep-db)`);
      return;
    }
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(`drop database if exists "${name}" with (force)`);
      console.log(`• dropped database ${name}`);
    } finally {
      await c.end();
    }
  });
}
