import { AppLink } from '@/components/shell/AppLink';
import { Card, linkClasses } from '@/components/ui';
import { Score } from '@/components/reports/BandBadge';
import { Time } from '@/components/reports/Time';
import { MISSING_INPUTS_MESSAGE, formatRange, plural } from '@/components/reports/format';
import type { Overview } from './types';

function Stat({ label, children, footer }: { label: string; children: React.ReactNode; footer?: React.ReactNode }) {
  return (
    <li>
      <Card as="div" className="h-full">
        <p className="text-sm font-medium text-slate-600">{label}</p>
        <div className="mt-1">{children}</div>
        {footer ? <div className="mt-2 text-sm text-slate-700">{footer}</div> : null}
      </Card>
    </li>
  );
}

/** The dealer group at a glance: average score, coverage, freshness and money at risk. */
export function GroupSummary({ overview }: { overview: Overview }) {
  const { group, counts } = overview;
  const stores = counts.dealerships;
  return (
    <section aria-labelledby="group-summary" className="mb-8">
      <h2 id="group-summary" className="sr-only">
        Dealer group summary
      </h2>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Average AI Visibility Score" footer={group.scannedDealerships > 0 ? `Across ${plural(group.scannedDealerships, 'scanned store')}.` : null}>
          <Score score={group.averageScore} band={group.band} label="Average AI Visibility Score" />
        </Stat>
        <Stat
          label="Scanned stores"
          footer={
            <AppLink href="/dealerships" className={linkClasses}>
              View dealerships
            </AppLink>
          }
        >
          <p className="text-3xl font-bold text-slate-900 tabular-nums">
            {group.scannedDealerships}
            <span className="text-base font-normal text-slate-600"> of {stores}</span>
          </p>
        </Stat>
        <Stat
          label="Last scan"
          footer={
            <AppLink href="/reports" className={linkClasses}>
              All reports
            </AppLink>
          }
        >
          {group.lastScanAt ? (
            <p className="text-lg font-semibold text-slate-900">
              <Time iso={group.lastScanAt} />
            </p>
          ) : (
            <p className="text-sm font-medium text-slate-700">No finished scans yet</p>
          )}
        </Stat>
        <Stat
          label="Revenue at risk"
          footer={group.revenueAtRisk ? `Across ${plural(group.revenueAtRisk.stores, 'store')} that entered their numbers.` : null}
        >
          {group.revenueAtRisk ? (
            <p className="text-slate-900">
              <span className="text-xl font-bold">{formatRange(group.revenueAtRisk.low, group.revenueAtRisk.high)}</span>
              <span className="text-sm text-slate-700"> a year</span>
            </p>
          ) : group.scannedDealerships > 0 ? (
            <p className="text-sm text-slate-700">{MISSING_INPUTS_MESSAGE}.</p>
          ) : (
            <p className="text-sm font-medium text-slate-700">not measured</p>
          )}
        </Stat>
      </ul>
      <p className="mt-3 text-sm text-slate-700">
        {plural(counts.dealerships, 'dealership')} ·{' '}
        <AppLink href="/settings/members" className={linkClasses}>
          {plural(counts.members, 'member')}
        </AppLink>{' '}
        · {plural(counts.reports, 'finished report')}
      </p>
    </section>
  );
}
