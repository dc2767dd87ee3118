import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * CPU seconds used so far by the PostgreSQL backends connected to one database (found by the
 * `postgres: … <user> <database> …` process title), or null where /proc is unavailable.
 * Backends that exit between two readings drop out, so pools should stay open across a window.
 */
export function databaseBackendSeconds(database: string): number | null {
  try {
    let ticks = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
        if (!title.startsWith('postgres:') || !title.split(' ').includes(database)) continue;
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // exited between readdir and read
      }
    }
    return ticks / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
