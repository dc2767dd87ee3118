import { readFileSync, readdirSync } from 'node:fs';

export type LatencySummary = { count: number; p50: number; p99: number; mean: number; max: number };

/** Nearest-rank percentiles over raw samples (milliseconds). */
export function summarize(samples: Float64Array): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  if (n === 0) return { count: 0, p50: NaN, p99: NaN, mean: NaN, max: NaN };
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: n, p50: at(0.5), p99: at(0.99), mean: sum / n, max: sorted[n - 1]! };
}

/**
 * CPU time (Linux /proc) of a process group, of this process and of the whole machine,
 * so a run can say which side was saturated. Returns null where /proc is unavailable.
 */
export type CpuSnapshot = {
  at: number;
  group: number;
  self: number;
  machineBusy: number;
  machineTotal: number;
};

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function groupTicks(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command name: state ppid pgrp session … utime(14) stime(15).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process exited between readdir and read
    }
  }
  return ticks;
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

export function cpuSnapshot(pgid: number | undefined): CpuSnapshot | null {
  try {
    const m = machineTicks();
    const self = process.cpuUsage();
    return {
      at: performance.now(),
      group: pgid ? groupTicks(pgid) / TICKS_PER_SECOND : 0,
      self: (self.user + self.system) / 1e6,
      machineBusy: m.busy,
      machineTotal: m.total,
    };
  } catch {
    return null;
  }
}

/** Percent of one core used by the server group and by this process; machine busy percent of all cores. */
export type CpuUse = { serverPct: number; loaderPct: number; machinePct: number };

export function cpuBetween(a: CpuSnapshot | null, b: CpuSnapshot | null): CpuUse | null {
  if (!a || !b) return null;
  const seconds = (b.at - a.at) / 1000;
  if (seconds <= 0) return null;
  const machineTotal = b.machineTotal - a.machineTotal;
  return {
    serverPct: (100 * (b.group - a.group)) / seconds,
    loaderPct: (100 * (b.self - a.self)) / seconds,
    machinePct: machineTotal > 0 ? (100 * (b.machineBusy - a.machineBusy)) / machineTotal : NaN,
  };
}
