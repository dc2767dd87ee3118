import { BAND_THRESHOLDS } from './format';
import { Time } from './Time';

type Point = { overallScore: number; finishedAt: string };

const W = 160;
const H = 48;
const PAD = 4;

/**
 * A small inline SVG line chart of overall scores over time (oldest first, 0–100 on the y axis,
 * dashed lines at the band thresholds). The SVG is hidden from assistive technology; the
 * visually hidden sentence next to it says the same in words.
 */
export function Sparkline({ points, label = 'Score trend' }: { points: Point[]; label?: string }) {
  if (points.length === 0) return null;
  const first = points[0]!;
  const last = points.at(-1)!;
  const x = (i: number) => (points.length === 1 ? W / 2 : PAD + (i * (W - 2 * PAD)) / (points.length - 1));
  const y = (score: number) => PAD + ((100 - Math.max(0, Math.min(100, score))) * (H - 2 * PAD)) / 100;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.overallScore).toFixed(1)}`).join(' ');
  const change = last.overallScore - first.overallScore;

  return (
    <div className="flex items-center gap-3">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} aria-hidden="true" focusable="false" className="shrink-0 overflow-visible">
        <rect x="0" y="0" width={W} height={H} className="fill-slate-50" rx="4" />
        {[BAND_THRESHOLDS.green, BAND_THRESHOLDS.yellow].map((t) => (
          <line key={t} x1="0" x2={W} y1={y(t)} y2={y(t)} className="stroke-slate-300" strokeDasharray="3 3" strokeWidth="1" />
        ))}
        {points.length > 1 ? <path d={path} fill="none" className="stroke-blue-700" strokeWidth="2" strokeLinejoin="round" strokeLinecap="round" /> : null}
        {points.map((p, i) => (
          <circle key={i} cx={x(i)} cy={y(p.overallScore)} r={i === points.length - 1 ? 3.5 : 2} className="fill-blue-700" />
        ))}
      </svg>
      <p className="sr-only">
        {label}:{' '}
        {points.length === 1 ? (
          <>
            one scan so far, {first.overallScore} on <Time iso={first.finishedAt} withTime={false} />.
          </>
        ) : (
          <>
            {points.length} scans from <Time iso={first.finishedAt} withTime={false} /> to <Time iso={last.finishedAt} withTime={false} />, scoring{' '}
            {points.map((p) => p.overallScore).join(', ')}; {change === 0 ? 'no change' : `${change > 0 ? 'up' : 'down'} ${Math.abs(change)} points`} overall.
          </>
        )}
      </p>
      {points.length > 1 ? (
        <p aria-hidden="true" className="text-xs text-slate-700">
          {change === 0 ? 'No change' : `${change > 0 ? '▲ +' : '▼ −'}${Math.abs(change)}`}
          <br />
          over {points.length} scans
        </p>
      ) : (
        <p aria-hidden="true" className="text-xs text-slate-700">
          First scan
        </p>
      )}
    </div>
  );
}
