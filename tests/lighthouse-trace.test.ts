import { describe, expect, it } from 'vitest';
import { mainThreadCpuShare } from '../scripts/lighthouse-trace';

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
