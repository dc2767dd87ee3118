import { AppLink } from '@/components/shell/AppLink';
import { Score } from './BandBadge';
import { ScrollTable } from './ReportBody';
import { ReportStatusBadge } from './StatusBadge';
import { Time } from './Time';
import { bandOf } from './format';
import type { ReportListItem } from './types';

/**
 * Reports: when, which store (optional), status, score and a link. A table from 640 px up; a
 * list on phones, where five columns would not fit (only one of the two is ever displayed).
 */
export function ReportTable({
  reports,
  names,
  label,
}: {
  reports: ReportListItem[];
  names?: Map<string, string>;
  label: string;
}) {
  return (
    <>
      <ul aria-label={label} className="divide-y divide-slate-200 sm:hidden">
        {reports.map((r) => {
          const name = names?.get(r.dealershipId) ?? 'Dealership';
          return (
            <li key={r.id} className="space-y-1.5 py-3">
              {names ? <p className="font-medium break-words text-slate-900">{name}</p> : null}
              <p className="text-sm text-slate-700">
                Requested <Time iso={r.createdAt} />
              </p>
              <div className="flex flex-wrap items-center gap-3">
                <ReportStatusBadge status={r.status} />
                {r.status === 'succeeded' ? (
                  <Score score={r.overallScore} band={bandOf(r.overallScore)} size="sm" />
                ) : null}
              </div>
              <p>
                <AppLink
                  href={`/reports/${r.id}`}
                  className="text-sm font-medium text-blue-700 underline hover:text-blue-900"
                >
                  {r.status === 'queued' || r.status === 'running' ? 'Follow progress' : 'View report'}
                  <span className="sr-only">
                    {names ? ` for ${name}` : ''} requested <Time iso={r.createdAt} />
                  </span>
                </AppLink>
              </p>
            </li>
          );
        })}
      </ul>
      <div className="hidden sm:block">
        <ScrollTable label={label}>
          <table className="w-full min-w-[34rem] text-left text-sm">
            <thead className="border-b border-slate-300 text-slate-700">
              <tr>
                <th scope="col" className="py-2 pr-4 font-semibold">
                  Requested
                </th>
                {names ? (
                  <th scope="col" className="py-2 pr-4 font-semibold">
                    Dealership
                  </th>
                ) : null}
                <th scope="col" className="py-2 pr-4 font-semibold">
                  Status
                </th>
                <th scope="col" className="py-2 pr-4 font-semibold">
                  Score
                </th>
                <th scope="col" className="py-2 font-semibold">
                  <span className="sr-only">Report</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {reports.map((r) => {
                const name = names?.get(r.dealershipId) ?? 'Dealership';
                return (
                  <tr key={r.id} className="align-middle">
                    <td className="py-2 pr-4 whitespace-nowrap text-slate-900">
                      <Time iso={r.createdAt} />
                    </td>
                    {names ? <td className="py-2 pr-4 break-words text-slate-900">{name}</td> : null}
                    <td className="py-2 pr-4">
                      <ReportStatusBadge status={r.status} />
                    </td>
                    <td className="py-2 pr-4">
                      {r.status === 'succeeded' ? (
                        <Score score={r.overallScore} band={bandOf(r.overallScore)} size="sm" />
                      ) : (
                        <span className="text-slate-700">—</span>
                      )}
                    </td>
                    <td className="py-2">
                      <AppLink
                        href={`/reports/${r.id}`}
                        className="font-medium whitespace-nowrap text-blue-700 underline hover:text-blue-900"
                      >
                        {r.status === 'queued' || r.status === 'running' ? 'Follow progress' : 'View report'}
                        <span className="sr-only">
                          {names ? ` for ${name}` : ''} requested <Time iso={r.createdAt} />
                        </span>
                      </AppLink>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollTable>
      </div>
    </>
  );
}
