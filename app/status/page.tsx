import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { Alert, cn, linkClasses } from '@/components/ui';
import { logger } from '@/src/observability/logger';
import {
  componentLabel,
  currentStatus,
  formatDuration,
  HISTORY_DAYS,
  LEVEL_LABELS,
  statusHistory,
  type CurrentStatus,
  type DayLevel,
  type StatusHistory,
} from '@/src/status';
import {
  formatDateTime,
  formatDay,
  formatPercent,
  LEVEL_BAR,
  STATUS_CHIP,
  STATUS_ICON,
  STATUS_TEXT,
} from './format';
import { SkipLink } from '@/components/SkipLink';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Status',
  description: 'Current status of DealershipAI and its uptime over the last 90 days.',
};

const OVERALL: Record<CurrentStatus['status'], string> = {
  pass: 'All systems operational',
  warn: 'Some systems are degraded',
  fail: 'Some systems are down',
};

async function load<T>(what: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    logger.error({ err }, `status page: ${what} unavailable`);
    return null;
  }
}

export default async function StatusPage() {
  const current = await load('current status', () => currentStatus());
  const history = await load('history', () => statusHistory());

  return (
    <div className="flex min-h-screen flex-col bg-slate-50">
      <SkipLink />
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-4xl flex-wrap items-center justify-between gap-3 px-4 py-4 sm:px-6">
          <AppLink href="/" className="text-lg font-bold text-slate-900 no-underline">
            DealershipAI
          </AppLink>
          <nav aria-label="Account">
            <AppLink href="/sign-in" className={linkClasses}>
              Sign in
            </AppLink>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-4xl flex-1 space-y-8 px-4 py-10 focus-visible:outline-none sm:px-6">
        <div>
          <h1 className="text-3xl font-bold text-slate-900">System status</h1>
          <p className="mt-2 text-slate-700">Checked by the application once a minute. All times are UTC.</p>
        </div>
        <Current current={current} />
        {history ? (
          <History history={history} />
        ) : (
          <Alert tone="warning" live={false} title="History unavailable">
            The uptime history cannot be read right now.
          </Alert>
        )}
        <p className="text-sm text-slate-600">
          How this is measured: every minute the application runs the same checks as{' '}
          <code className="rounded bg-slate-200 px-1">/api/health</code> and records the result. A day shows
          “No data” for minutes nobody could record, for instance while the whole service was unreachable; an
          outside monitor watches for that.
        </p>
      </main>
    </div>
  );
}

function Current({ current }: { current: CurrentStatus | null }) {
  if (!current) {
    return (
      <Alert tone="error" live={false} title="Status unknown">
        The health checks could not be run just now.
      </Alert>
    );
  }
  return (
    <section
      aria-labelledby="current-heading"
      className="rounded-lg border border-slate-300 bg-white p-4 shadow-sm sm:p-6"
    >
      <h2 id="current-heading" className="sr-only">
        Current status
      </h2>
      <p
        className={cn(
          'flex items-center gap-3 rounded-md border px-4 py-3 text-lg font-semibold',
          STATUS_CHIP[current.status],
        )}
      >
        <span aria-hidden="true">{STATUS_ICON[current.status]}</span>
        {OVERALL[current.status]}
      </p>
      <p className="mt-2 text-sm text-slate-600">As of {formatDateTime(current.checkedAt)}.</p>
      <ul className="mt-4 divide-y divide-slate-200" aria-label="Components">
        {current.components.map((c) => {
          const latency = c.measurements.find(
            (m) => m.observedUnit === 'ms' && typeof m.observedValue === 'number',
          );
          return (
            <li key={c.component} className="flex flex-wrap items-center justify-between gap-2 py-3">
              <span className="font-medium text-slate-900">{c.label}</span>
              <span className="flex items-center gap-3 text-sm">
                {latency ? <span className="text-slate-600">{`${latency.observedValue} ms`}</span> : null}
                <span
                  className={cn(
                    'inline-flex items-center gap-1 rounded-full border px-2.5 py-0.5 font-semibold',
                    STATUS_CHIP[c.status],
                  )}
                >
                  <span aria-hidden="true">{STATUS_ICON[c.status]}</span>
                  {STATUS_TEXT[c.status]}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const LEGEND: DayLevel[] = ['operational', 'degraded', 'partial-outage', 'major-outage', 'no-data'];

function dayText(d: StatusHistory['days'][number]): string {
  const figures =
    d.total === 0
      ? 'no probes recorded'
      : `${formatPercent(d.uptimePercent)} uptime, ${d.total.toLocaleString('en-GB')} probes`;
  return `${formatDay(d.day)}: ${LEVEL_LABELS[d.level]}, ${figures}`;
}

function History({ history }: { history: StatusHistory }) {
  const first = history.days[0];
  const last = history.days.at(-1);
  return (
    <>
      <section
        aria-labelledby="uptime-heading"
        className="rounded-lg border border-slate-300 bg-white p-4 shadow-sm sm:p-6"
      >
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="uptime-heading" className="text-lg font-semibold text-slate-900">
            Uptime, last {HISTORY_DAYS} days
          </h2>
          <p className="text-sm text-slate-700">
            <span className="font-semibold text-slate-900">{formatPercent(history.uptimePercent)}</span>
            {history.probes > 0 ? ` over ${history.probes.toLocaleString('en-GB')} probes` : null}
          </p>
        </div>
        <ol
          className="mt-4 flex h-12 items-end gap-px"
          aria-label={`Daily status, ${first ? formatDay(first.day) : ''} to ${last ? formatDay(last.day) : ''}, oldest first`}
        >
          {history.days.map((d) => (
            <li key={d.day} className="flex h-full min-w-0 flex-1 items-end" title={dayText(d)}>
              <span aria-hidden="true" className={cn('block w-full rounded-sm', LEVEL_BAR[d.level])} />
              <span className="sr-only">{dayText(d)}</span>
            </li>
          ))}
        </ol>
        <div className="mt-1 flex justify-between text-xs text-slate-600" aria-hidden="true">
          <span>{first ? formatDay(first.day) : ''}</span>
          <span>Today</span>
        </div>
        <ul className="mt-4 flex flex-wrap gap-x-4 gap-y-2 text-xs text-slate-700" aria-label="Legend">
          {LEGEND.map((level) => (
            <li key={level} className="flex items-end gap-1.5">
              <span aria-hidden="true" className="flex h-4 w-2 items-end">
                <span className={cn('block w-full rounded-sm', LEVEL_BAR[level])} />
              </span>
              {LEVEL_LABELS[level]}
            </li>
          ))}
        </ul>
        <details className="mt-4">
          <summary className="cursor-pointer text-sm font-medium text-blue-700 underline">
            Show the daily figures as a table
          </summary>
          <div
            className="mt-3 max-h-96 overflow-y-auto"
            tabIndex={0}
            role="region"
            aria-label="Daily figures"
          >
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Daily uptime, newest first</caption>
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-2 pr-4 font-semibold">
                    Day
                  </th>
                  <th scope="col" className="py-2 pr-4 font-semibold">
                    Status
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right font-semibold">
                    Uptime
                  </th>
                  <th scope="col" className="py-2 text-right font-semibold">
                    Probes
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...history.days].reverse().map((d) => (
                  <tr key={d.day} className="border-b border-slate-100">
                    <th scope="row" className="py-1.5 pr-4 font-normal">
                      {formatDay(d.day)}
                    </th>
                    <td className="py-1.5 pr-4">{LEVEL_LABELS[d.level]}</td>
                    <td className="py-1.5 pr-4 text-right tabular-nums">{formatPercent(d.uptimePercent)}</td>
                    <td className="py-1.5 text-right tabular-nums">{d.total.toLocaleString('en-GB')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>

      <section
        aria-labelledby="incidents-heading"
        className="rounded-lg border border-slate-300 bg-white p-4 shadow-sm sm:p-6"
      >
        <h2 id="incidents-heading" className="text-lg font-semibold text-slate-900">
          Incidents
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Two or more failed checks in a row; failures less than five minutes apart count as one incident.
        </p>
        {history.incidents.length === 0 ? (
          <p className="mt-4 text-slate-700">No incidents in the last {HISTORY_DAYS} days.</p>
        ) : (
          <ol className="mt-4 space-y-3">
            {history.incidents.map((i) => (
              <li key={i.start.toISOString()} className="rounded-md border border-slate-200 p-3">
                <p className="font-medium text-slate-900">
                  {i.end ? 'Resolved' : 'Ongoing'}:{' '}
                  {i.components.length ? i.components.map(componentLabel).join(', ') : 'Service'} down
                </p>
                <p className="text-sm text-slate-700">
                  From <time dateTime={i.start.toISOString()}>{formatDateTime(i.start)}</time>
                  {i.end ? (
                    <>
                      {' '}
                      to <time dateTime={i.end.toISOString()}>{formatDateTime(i.end)}</time>
                    </>
                  ) : (
                    ' until now'
                  )}{' '}
                  ({formatDuration(i.durationMs)}, {i.failedProbes} failed{' '}
                  {i.failedProbes === 1 ? 'check' : 'checks'}).
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
