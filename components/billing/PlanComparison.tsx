import { formatLimit, formatRetention, formatTrial, formatUsd } from './format';
import type { PlanView } from './types';

type Row = { label: string; value: (p: PlanView) => string };

const ROWS: Row[] = [
  { label: 'Price, paid monthly', value: (p) => (p.price.month === 0 ? '$0' : `${formatUsd(p.price.month)} a month`) },
  { label: 'Price, paid annually', value: (p) => (p.price.year === 0 ? '$0' : `${formatUsd(p.price.year)} a year`) },
  { label: 'Annual saving', value: (p) => (p.annualSaving > 0 ? `${formatUsd(p.annualSaving)} (${p.annualSavingPercent}%)` : '—') },
  { label: 'Dealerships', value: (p) => formatLimit(p.limits.dealerships) },
  { label: 'Members (pending invitations count)', value: (p) => formatLimit(p.limits.members) },
  { label: 'Scans per month', value: (p) => formatLimit(p.limits.scansPerMonth) },
  { label: 'Answer-engine probes', value: (p) => (p.answerEngineProbes ? 'Included' : 'Not included') },
  { label: 'Audit trail retention', value: (p) => {
      const words = formatRetention(p.auditRetentionDays);
      return words.endsWith('days') ? words : `${words} (${p.auditRetentionDays.toLocaleString('en-US')} days)`;
    },
  },
  { label: 'Free trial', value: (p) => formatTrial(p.trialDays) },
];

/** Every limit of every plan side by side, from the plan catalog. Scrolls sideways on narrow screens. */
export function PlanComparison({ plans, caption = 'What each plan includes' }: { plans: PlanView[]; caption?: string }) {
  return (
    <div role="region" aria-label={caption} tabIndex={0} className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
      <table className="w-full min-w-[34rem] border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className="px-4 py-3 font-semibold text-slate-900">
              Feature
            </th>
            {plans.map((p) => (
              <th key={p.id} scope="col" className="px-4 py-3 font-semibold text-slate-900">
                {p.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {ROWS.map((row) => (
            <tr key={row.label}>
              <th scope="row" className="px-4 py-3 font-medium text-slate-900">
                {row.label}
              </th>
              {plans.map((p) => (
                <td key={p.id} className="px-4 py-3 text-slate-800 tabular-nums">
                  {row.value(p)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
