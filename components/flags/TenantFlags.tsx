import type { TenantFlag } from '@/src/flags';

const WHY: Record<string, string> = {
  override: 'Set for your dealer group by DealershipAI.',
  rule: 'Set for every dealer group.',
  rollout: 'Your dealer group is part of a gradual rollout.',
  'tenant-list': 'Turned on for your dealer group in this deployment’s settings.',
  environment: 'This deployment’s setting for every dealer group.',
  default: 'The default: nothing changes it for your dealer group.',
};

export const valueLabel = (value: unknown): string =>
  value === true ? 'On' : value === false ? 'Off' : value === null || value === undefined ? '–' : String(value);

export const whyLabel = (f: Pick<TenantFlag, 'reason' | 'variant'>): string =>
  f.reason === 'ERROR' ? 'The default, because the flag’s setting could not be applied.' : (WHY[f.variant ?? 'default'] ?? WHY.default!);

/** Read-only: the flags that affect one dealer group, with value and reason. */
export function TenantFlags({ flags, tenantName }: { flags: TenantFlag[]; tenantName: string }) {
  return (
    <div role="region" aria-label="Feature flags" tabIndex={0} className="overflow-x-auto rounded-lg border border-slate-300 bg-white shadow-sm">
      <table className="min-w-full border-collapse text-sm">
        <caption className="sr-only">Feature flags for {tenantName}: value and reason</caption>
        <thead className="bg-slate-50 text-left">
          <tr>
            <th scope="col" className="border-b border-slate-300 px-3 py-2 font-semibold text-slate-900">
              Flag
            </th>
            <th scope="col" className="border-b border-slate-300 px-3 py-2 font-semibold text-slate-900">
              What it does
            </th>
            <th scope="col" className="border-b border-slate-300 px-3 py-2 font-semibold text-slate-900">
              Value
            </th>
            <th scope="col" className="border-b border-slate-300 px-3 py-2 font-semibold text-slate-900">
              Why
            </th>
          </tr>
        </thead>
        <tbody>
          {flags.map((f) => (
            <tr key={f.key} className="border-b border-slate-200 align-top last:border-b-0">
              <th scope="row" className="px-3 py-2 text-left font-mono text-sm font-medium break-all text-slate-900">
                {f.key}
              </th>
              <td className="px-3 py-2 text-slate-700">{f.description}</td>
              <td className="px-3 py-2 font-semibold whitespace-nowrap text-slate-900">{valueLabel(f.value)}</td>
              <td className="px-3 py-2 text-slate-700">
                {whyLabel(f)} <span className="font-mono text-xs text-slate-600">({f.reason})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
