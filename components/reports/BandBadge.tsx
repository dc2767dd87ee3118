import { cn } from '@/components/ui';
import { BAND_LABELS, type Band } from './format';

const TONES: Record<Band, string> = {
  green: 'border-green-700 bg-green-50 text-green-900',
  yellow: 'border-amber-600 bg-amber-50 text-amber-950',
  red: 'border-red-700 bg-red-50 text-red-900',
};

/** A shape as well as a colour, and the band in words: never colour alone. */
const SHAPES: Record<Band, React.ReactNode> = {
  green: <circle cx="6" cy="6" r="5" />,
  yellow: <path d="M6 1 11 11H1Z" />,
  red: <rect x="1.5" y="1.5" width="9" height="9" />,
};

const FILLS: Record<Band, string> = { green: 'fill-green-700', yellow: 'fill-amber-600', red: 'fill-red-700' };

const SHORT: Record<Band, string> = { green: 'Green', yellow: 'Yellow', red: 'Red' };

export function BandBadge({ band, className, compact = false }: { band: Band | null; className?: string; compact?: boolean }) {
  if (!band) return null;
  return (
    <span className={cn('inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-semibold whitespace-nowrap', TONES[band], className)}>
      <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false" className={FILLS[band]}>
        {SHAPES[band]}
      </svg>
      {compact ? SHORT[band] : BAND_LABELS[band]}
    </span>
  );
}

/** A 0–100 score with its band, or "not measured". */
export function Score({
  score,
  band,
  size = 'md',
  label,
}: {
  score: number | null;
  band: Band | null;
  size?: 'sm' | 'md' | 'lg';
  /** Read before the number by screen readers, e.g. "AI Visibility Score". */
  label?: string;
}) {
  if (score === null) return <span className="text-sm font-medium text-slate-700">not measured</span>;
  const number = size === 'lg' ? 'text-5xl' : size === 'md' ? 'text-3xl' : 'text-lg';
  return (
    <span className="inline-flex flex-wrap items-center gap-x-3 gap-y-1">
      <span className="whitespace-nowrap text-slate-900">
        {label ? <span className="sr-only">{label}: </span> : null}
        <span className={cn('font-bold tabular-nums', number)}>{score}</span>
        <span className="text-sm text-slate-600"> / 100</span>
      </span>
      <BandBadge band={band} />
    </span>
  );
}
