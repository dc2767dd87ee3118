/**
 * Figures read from a Lighthouse trace about the page's main thread. Lighthouse's simulated timings
 * start from the observed task durations (wall time). On a 2-vCPU machine that also runs the
 * browser process, the compositor, the app server and Lighthouse itself, the renderer waits for a
 * core: a task that computed for 30 ms can last 120 ms. These figures separate the page's own work
 * from that wait (docs/decisions/0010-lighthouse-timing-budgets-reported.md).
 */

type TraceEvent = { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { beginData?: { url?: string } } };

/** Tasks shorter than this are left out: only long tasks move TBT, and short ones round to 0 CPU. */
const LONG_TASK_US = 10_000;

/** Lantern's CPU slowdown (Lighthouse's mobile default), and half of it for tasks that lay out, as its simulator does. */
const SLOWDOWN = 4;
const LAYOUT_SLOWDOWN = 2;
/** Total Blocking Time counts what a task lasts beyond 50 ms. */
const BLOCKING_AFTER_MS = 50;

/** The top-level tasks of the thread that parsed `url`'s HTML, in trace order; null without that thread. */
function mainThreadTasks(events: TraceEvent[], url: string): { tasks: TraceEvent[]; layouts: number[] } | null {
  const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === url);
  if (!parse) return null;
  const onThread = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X');
  return {
    tasks: onThread.filter((e) => e.name === 'RunTask').sort((a, b) => a.ts - b.ts),
    layouts: onThread
      .filter((e) => e.name === 'Layout')
      .map((e) => e.ts)
      .sort((a, b) => a - b),
  };
}

/**
 * Σ thread time ÷ Σ wall time of the top-level tasks of at least 10 ms on the thread that parsed
 * `url`'s HTML, in percent; null when the trace has no such thread or no such task.
 */
export function mainThreadCpuShare(events: TraceEvent[], url: string): number | null {
  const thread = mainThreadTasks(events, url);
  if (!thread) return null;
  let wall = 0;
  let cpu = 0;
  for (const e of thread.tasks) {
    if ((e.dur ?? 0) < LONG_TASK_US || e.tdur === undefined) continue;
    wall += e.dur!;
    cpu += e.tdur;
  }
  return wall > 0 ? Math.round((cpu / wall) * 100) : null;
}

/**
 * Total Blocking Time's formula applied to thread time instead of wall time, in ms: over the main
 * thread's top-level tasks after first contentful paint (`fcpTs`, trace clock), the sum of
 * max(0, slowdown × CPU time − 50 ms). A task that began before FCP counts with the share of its
 * CPU time that fell after it. This is the blocking that the page's own work would cause on a
 * main thread that never waits for a core. It does not replace Lighthouse's TBT; it is the part of
 * it that a change to the pages can move. Null when the trace lacks the page's main thread.
 */
export function cpuBlockingTimeMs(events: TraceEvent[], url: string, fcpTs: number): number | null {
  const thread = mainThreadTasks(events, url);
  if (!thread) return null;
  let blocking = 0;
  let nextLayout = 0;
  for (const task of thread.tasks) {
    const start = task.ts;
    const end = task.ts + (task.dur ?? 0);
    while (nextLayout < thread.layouts.length && thread.layouts[nextLayout]! < start) nextLayout++;
    const laysOut = nextLayout < thread.layouts.length && thread.layouts[nextLayout]! < end;
    if (end <= fcpTs || task.tdur === undefined || !task.dur) continue;
    const afterFcp = start >= fcpTs ? 1 : (end - fcpTs) / task.dur;
    const cpuMs = (task.tdur * afterFcp) / 1000;
    blocking += Math.max(0, (laysOut ? LAYOUT_SLOWDOWN : SLOWDOWN) * cpuMs - BLOCKING_AFTER_MS);
  }
  return Math.round(blocking);
}
