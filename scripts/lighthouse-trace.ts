/**
 * How much of its long tasks' wall time the page's main thread actually ran on a CPU, read from
 * a Lighthouse trace. Lighthouse's simulated timings start from the observed task durations
 * (wall time). On a 2-vCPU machine that also runs the browser process, the compositor, the app
 * server and Lighthouse itself, the renderer waits for a core: a task that computed for 30 ms
 * can last 120 ms. This figure shows how much of a run's TBT and LCP is that wait
 * (docs/decisions/0010-lighthouse-timing-budgets-reported.md).
 */

type TraceEvent = { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { beginData?: { url?: string } } };

/** Tasks shorter than this are left out: only long tasks move TBT, and short ones round to 0 CPU. */
const LONG_TASK_US = 10_000;

/**
 * Σ thread time ÷ Σ wall time of the top-level tasks of at least 10 ms on the thread that parsed
 * `url`'s HTML, in percent; null when the trace has no such thread or no such task.
 */
export function mainThreadCpuShare(events: TraceEvent[], url: string): number | null {
  const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === url);
  if (!parse) return null;
  let wall = 0;
  let cpu = 0;
  for (const e of events) {
    if (e.pid !== parse.pid || e.tid !== parse.tid || e.ph !== 'X' || e.name !== 'RunTask') continue;
    if ((e.dur ?? 0) < LONG_TASK_US || e.tdur === undefined) continue;
    wall += e.dur!;
    cpu += e.tdur;
  }
  return wall > 0 ? Math.round((cpu / wall) * 100) : null;
}
