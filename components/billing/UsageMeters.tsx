import { cn } from '@/components/ui';
import { formatCount } from './format';

type Meter = { key: string; label: string; used: number; max: number | null; note?: string };

/**
 * Usage against the plan's limits. The numbers are the text ("3 of 5"); the bar only repeats
 * them for sighted users and is hidden from assistive technology.
 */
export function UsageMeters({ meters, planName }: { meters: Meter[]; planName: string }) {
  return (
    <dl className="grid gap-6 sm:grid-cols-3">
      {meters.map((m) => {
        const unlimited = m.max === null;
        const ratio = unlimited || m.max === 0 ? 0 : Math.min(1, m.used / m.max!);
        const atLimit = !unlimited && m.used >= m.max!;
        const over = !unlimited && m.used > m.max!;
        return (
          <div key={m.key}>
            <dt className="text-sm font-medium text-slate-900">{m.label}</dt>
            <dd className="mt-1">
              <p className="text-2xl font-bold text-slate-900 tabular-nums">
                {formatCount(m.used)}
                <span className="text-base font-normal text-slate-700">{unlimited ? ' (no limit)' : ` of ${formatCount(m.max!)}`}</span>
              </p>
              {!unlimited ? (
                <div aria-hidden="true" className="mt-2 h-2.5 w-full overflow-hidden rounded-full border border-slate-500 bg-slate-100">
                  <div className={cn('h-full rounded-full', atLimit ? 'bg-red-700' : ratio >= 0.8 ? 'bg-amber-600' : 'bg-blue-700')} style={{ width: `${Math.round(ratio * 100)}%` }} />
                </div>
              ) : null}
              {m.note ? <p className="mt-1 text-xs text-slate-700">{m.note}</p> : null}
              {over ? (
                <p className="mt-1 text-sm font-medium text-red-800">Over the {planName} limit: nothing is removed, but you cannot add more until you upgrade or remove some.</p>
              ) : atLimit ? (
                <p className="mt-1 text-sm font-medium text-red-800">Limit reached on the {planName} plan.</p>
              ) : null}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
