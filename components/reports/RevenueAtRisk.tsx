import { AppLink } from '@/components/shell/AppLink';
import { linkClasses } from '@/components/ui';
import { MISSING_INPUTS_MESSAGE, formatRange } from './format';

export type RevenueValue = { low: number; high: number; currency: string; period: 'year'; assumptions: string[] } | { missingInputs: true } | null;

/**
 * Revenue at risk as the report computed it, or why it is not there. Never an invented number:
 * without the store's own figures it asks for them.
 */
export function RevenueAtRisk({
  value,
  editHref,
  showAssumptions = false,
  size = 'md',
}: {
  value: RevenueValue;
  /** Where the store's figures are edited (shown with the "missing inputs" message). */
  editHref?: string;
  showAssumptions?: boolean;
  size?: 'md' | 'lg';
}) {
  if (!value) return <p className="text-sm font-medium text-slate-700">not measured</p>;
  if ('missingInputs' in value) {
    return (
      <p className="text-sm text-slate-700">
        {editHref ? (
          <AppLink href={editHref} className={linkClasses}>
            {MISSING_INPUTS_MESSAGE}
          </AppLink>
        ) : (
          MISSING_INPUTS_MESSAGE
        )}
        .
      </p>
    );
  }
  return (
    <div>
      <p className="text-slate-900">
        <span className={size === 'lg' ? 'text-2xl font-bold sm:text-3xl' : 'text-lg font-bold'}>{formatRange(value.low, value.high, value.currency)}</span>
        <span className="text-sm text-slate-700"> a {value.period}</span>
      </p>
      {showAssumptions && value.assumptions.length > 0 ? (
        <div className="mt-3">
          <h3 className="text-sm font-semibold text-slate-900">How this is estimated</h3>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700">
            {value.assumptions.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
