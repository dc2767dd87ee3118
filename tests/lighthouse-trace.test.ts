import { describe, expect, it } from 'vitest';
import { cpuBlockingTimeMs, mainThreadCpuShare } from '../scripts/lighthouse-trace';

const URL_ = 'http://127.0.0.1:3000/';
const task = (tid: number, dur: number, tdur?: number) => ({ name: 'RunTask', ph: 'X', pid: 7, tid, ts: 0, dur, ...(tdur === undefined ? {} : { tdur }) });
const parse = { name: 'ParseHTML', ph: 'X', pid: 7, tid: 1, ts: 0, dur: 2_000, args: { beginData: { url: URL_ } } };

describe('mainThreadCpuShare', () => {
  it('divides the CPU time of the long tasks on the thread that parsed the page by their wall time', () => {
    const events = [parse, task(1, 120_000, 30_000), task(1, 80_000, 70_000)];
    expect(mainThreadCpuShare(events, URL_)).toBe(50);
  });

  it('leaves out short tasks, other threads and other processes', () => {
    const events = [
      parse,
      task(1, 40_000, 40_000),
      task(1, 9_999, 0), // short: left out
      task(2, 500_000, 1_000), // another thread of the renderer
      { ...task(1, 500_000, 1_000), pid: 8 }, // another process
    ];
    expect(mainThreadCpuShare(events, URL_)).toBe(100);
  });

  it('is null without the page’s parse or without a long task with thread time', () => {
    expect(mainThreadCpuShare([task(1, 50_000, 10_000)], URL_)).toBeNull();
    expect(mainThreadCpuShare([parse, task(1, 50_000)], URL_)).toBeNull();
    expect(mainThreadCpuShare([parse, { ...parse, args: { beginData: { url: 'http://other/' } } }], 'http://nowhere/')).toBeNull();
  });
});

describe('cpuBlockingTimeMs', () => {
  const FCP = 1_000_000;
  const at = (ts: number, dur: number, tdur: number, tid = 1) => ({ name: 'RunTask', ph: 'X', pid: 7, tid, ts, dur, tdur });
  const layout = (ts: number) => ({ name: 'Layout', ph: 'X', pid: 7, tid: 1, ts, dur: 1_000 });

  it('applies the TBT formula to thread time: 4 × CPU − 50 ms, whatever the task waited', () => {
    // 30 ms of CPU in 120 ms of wall time blocks 4 × 30 − 50 = 70 ms; 10 ms of CPU blocks nothing.
    expect(cpuBlockingTimeMs([parse, at(FCP + 10_000, 120_000, 30_000), at(FCP + 200_000, 90_000, 10_000)], URL_, FCP)).toBe(70);
  });

  it('counts tasks that lay out at half the slowdown, as Lantern does', () => {
    expect(cpuBlockingTimeMs([parse, at(FCP + 10_000, 40_000, 40_000), layout(FCP + 20_000)], URL_, FCP)).toBe(30);
  });

  it('leaves out what ran before first contentful paint, and counts a straddling task’s share after it', () => {
    const before = at(FCP - 300_000, 100_000, 100_000);
    const straddling = at(FCP - 50_000, 100_000, 100_000); // half of its 100 ms after FCP: 4 × 50 − 50
    expect(cpuBlockingTimeMs([parse, before, straddling], URL_, FCP)).toBe(150);
  });

  it('leaves out other threads, and is null without the page’s main thread', () => {
    expect(cpuBlockingTimeMs([parse, at(FCP, 200_000, 200_000, 2)], URL_, FCP)).toBe(0);
    expect(cpuBlockingTimeMs([at(FCP, 200_000, 200_000)], URL_, FCP)).toBeNull();
  });
});
