import { Card } from '@/components/ui';
import type { CheckResult, PillarId, ScanResult } from '@/src/scans/types';
import { BandBadge, Score } from './BandBadge';
import { RevenueAtRisk } from './RevenueAtRisk';
import { CheckStatusBadge } from './StatusBadge';
import { BAND_RANGES, EFFORT_LABELS, PRIORITY_LABELS, bandOf, formatBytes, formatNumber, formatPoints, plural } from './format';

function Tag({ children }: { children: React.ReactNode }) {
  return <span className="inline-flex items-center rounded border border-slate-400 bg-white px-1.5 py-0.5 text-xs font-medium text-slate-800">{children}</span>;
}

/** A table that scrolls sideways on narrow screens; the scroll region is focusable for keyboard users. */
export function ScrollTable({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      {children}
    </div>
  );
}

export function ScoreSummary({ result }: { result: ScanResult }) {
  const unmeasured = result.pillars.filter((p) => p.score === null);
  return (
    <div className="grid items-start gap-6 md:grid-cols-5">
      <Card title="AI Visibility Score" className="md:col-span-2">
        <Score score={result.overallScore} band={bandOf(result.overallScore)} size="lg" label="AI Visibility Score" />
        <p className="mt-3 text-sm text-slate-700">
          Bands: green {BAND_RANGES.green}, yellow {BAND_RANGES.yellow}, red {BAND_RANGES.red}.
        </p>
      </Card>
      <Card title="Pillar scores" className="md:col-span-3">
        <ul className="divide-y divide-slate-200">
          {result.pillars.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2">
              <span className="font-medium text-slate-900">{p.label}</span>
              <span className="inline-flex flex-wrap items-center gap-2">
                {p.score === null ? (
                  <span className="text-sm font-medium text-slate-700">not measured</span>
                ) : (
                  <>
                    <span className="font-semibold text-slate-900 tabular-nums">
                      {p.score}
                      <span className="text-sm font-normal text-slate-600"> / 100</span>
                    </span>
                    <BandBadge band={bandOf(p.score)} />
                  </>
                )}
              </span>
            </li>
          ))}
        </ul>
        {unmeasured.some((p) => p.id === 'answers') ? (
          <p className="mt-3 text-sm text-slate-700">
            Answer engines were not probed for this report, so “{unmeasured.find((p) => p.id === 'answers')!.label}” is not measured and is left out of the overall score.
          </p>
        ) : unmeasured.length > 0 ? (
          <p className="mt-3 text-sm text-slate-700">Pillars marked “not measured” had no checks that applied and are left out of the overall score.</p>
        ) : null}
      </Card>
    </div>
  );
}

export function Recommendations({ result }: { result: ScanResult }) {
  const labels = new Map(result.pillars.map((p) => [p.id, p.label]));
  return (
    <Card title="What to fix first" description="Ordered by the points each fix would add to the overall score.">
      {result.recommendations.length === 0 ? (
        <p className="text-sm text-slate-700">Nothing to fix: every check that applies passed.</p>
      ) : (
        <ol className="space-y-4">
          {result.recommendations.map((r, i) => (
            <li key={r.checkId} className="rounded-md border border-slate-300 p-4">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <h3 className="font-semibold text-slate-900">
                  <span className="text-slate-600">{i + 1}. </span>
                  {r.title}
                </h3>
                <span className="rounded bg-blue-50 px-2 py-0.5 text-sm font-bold whitespace-nowrap text-blue-900">{formatPoints(r.points)}</span>
              </div>
              <p className="mt-2 text-sm text-slate-700">{r.detail}</p>
              <p className="mt-3 flex flex-wrap gap-2">
                <Tag>{PRIORITY_LABELS[r.priority]}</Tag>
                <Tag>{EFFORT_LABELS[r.effort]}</Tag>
                <Tag>{labels.get(r.pillar) ?? r.pillar}</Tag>
              </p>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function CheckItem({ check }: { check: CheckResult }) {
  return (
    <li className="py-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h4 className="min-w-0 font-medium break-words text-slate-900">{check.title}</h4>
        <CheckStatusBadge status={check.status} />
      </div>
      <p className="mt-1 text-sm text-slate-700">
        <span className="font-medium text-slate-900">Recommendation: </span>
        {check.recommendation.title}
        {check.status === 'warn' || check.status === 'fail' ? (
          <>
            {' '}
            <span className="text-slate-600">
              ({PRIORITY_LABELS[check.recommendation.priority].toLowerCase()}, {EFFORT_LABELS[check.recommendation.effort].toLowerCase()})
            </span>
          </>
        ) : null}
      </p>
      {check.status === 'warn' || check.status === 'fail' ? <p className="mt-1 text-sm text-slate-700">{check.recommendation.detail}</p> : null}
      {check.evidence.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No evidence recorded.</p>
      ) : (
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer font-medium text-blue-700 underline hover:text-blue-900">
            Evidence ({check.evidence.length})<span className="sr-only"> for {check.title}</span>
          </summary>
          <ul className="mt-2 space-y-2">
            {check.evidence.map((e, i) => (
              <li key={i} className="rounded border border-slate-200 bg-slate-50 p-2">
                <p className="font-mono text-xs break-all text-slate-800">{e.url}</p>
                <p className="mt-1 break-words whitespace-pre-wrap text-slate-800">{e.excerpt}</p>
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

export function ChecksByPillar({ result }: { result: ScanResult }) {
  const byPillar = new Map<PillarId, CheckResult[]>();
  for (const c of result.checks) byPillar.set(c.pillar, [...(byPillar.get(c.pillar) ?? []), c]);
  return (
    <Card title="Every check" description="Grouped by pillar, with what we found and what to do.">
      <div className="space-y-8">
        {result.pillars.map((p) => {
          const checks = byPillar.get(p.id) ?? [];
          const counts = (['pass', 'warn', 'fail'] as const).map((s) => checks.filter((c) => c.status === s).length);
          return (
            <section key={p.id} aria-labelledby={`pillar-${p.id}`}>
              <div className="flex flex-wrap items-center justify-between gap-2 border-b-2 border-slate-300 pb-2">
                <h3 id={`pillar-${p.id}`} className="text-base font-semibold text-slate-900">
                  {p.label}
                </h3>
                <span className="inline-flex flex-wrap items-center gap-2 text-sm text-slate-700">
                  {p.score === null ? 'not measured' : `${p.score} / 100`}
                  <BandBadge band={bandOf(p.score)} />
                </span>
              </div>
              {checks.length === 0 ? (
                <p className="py-3 text-sm text-slate-700">
                  {p.id === 'answers' ? 'Answer engines were not probed for this report.' : 'No checks ran in this pillar.'}
                </p>
              ) : (
                <>
                  <p className="mt-2 text-sm text-slate-700">
                    {counts[0]} passed, {counts[1]} with warnings, {counts[2]} failed
                    {checks.length - counts[0]! - counts[1]! - counts[2]! > 0 ? `, ${checks.length - counts[0]! - counts[1]! - counts[2]!} not applicable` : ''}.
                  </p>
                  <ul className="divide-y divide-slate-200">
                    {checks.map((c) => (
                      <CheckItem key={c.id} check={c} />
                    ))}
                  </ul>
                </>
              )}
            </section>
          );
        })}
      </div>
    </Card>
  );
}

export function Probes({ result }: { result: ScanResult }) {
  if (!result.probes) return null;
  const { probes } = result;
  return (
    <Card title="Answer-engine probes" description={`${plural(probes.questions, 'question')} asked of ${probes.model}.`}>
      <ScrollTable label="Answer-engine probes">
        <table className="w-full min-w-[40rem] text-left text-sm">
          <thead className="border-b border-slate-300 text-slate-700">
            <tr>
              <th scope="col" className="py-2 pr-4 font-semibold">Question</th>
              <th scope="col" className="py-2 pr-4 font-semibold">Named the store</th>
              <th scope="col" className="py-2 pr-4 font-semibold">Position in list</th>
              <th scope="col" className="py-2 font-semibold">Cited your site</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {probes.answers.map((a, i) => (
              <tr key={i} className="align-top">
                <th scope="row" className="py-2 pr-4 font-normal text-slate-900">
                  {a.question}
                  {a.error ? <span className="block text-red-800">Error: {a.error}</span> : null}
                </th>
                <td className="py-2 pr-4">{a.named ? 'Yes' : 'No'}</td>
                <td className="py-2 pr-4">{a.listPosition === null ? '—' : `${a.listPosition} of ${a.listLength}`}</td>
                <td className="py-2">{a.citesOwnSite ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </Card>
  );
}

export function PagesScanned({ result }: { result: ScanResult }) {
  return (
    <Card title={`Pages scanned (${formatNumber(result.pages.length)})`}>
      {result.pages.length === 0 ? (
        <p className="text-sm text-slate-700">No pages were fetched.</p>
      ) : (
        <ScrollTable label="Pages scanned">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <thead className="border-b border-slate-300 text-slate-700">
              <tr>
                <th scope="col" className="py-2 pr-4 font-semibold">Page</th>
                <th scope="col" className="py-2 pr-4 font-semibold">HTTP status</th>
                <th scope="col" className="py-2 pr-4 font-semibold">Time to first byte</th>
                <th scope="col" className="py-2 font-semibold">Size</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {result.pages.map((p) => (
                <tr key={p.url} className="align-top">
                  <th scope="row" className="max-w-md py-2 pr-4 font-normal">
                    <span className="block font-medium break-words text-slate-900">{p.title || 'Untitled page'}</span>
                    <span className="block font-mono text-xs break-all text-slate-700">{p.finalUrl}</span>
                    {p.finalUrl !== p.url ? <span className="block text-xs break-all text-slate-700">Redirected from {p.url}</span> : null}
                    {p.error ? <span className="block text-xs text-red-800">{p.error}</span> : null}
                  </th>
                  <td className="py-2 pr-4 tabular-nums">{p.status ?? 'no response'}</td>
                  <td className="py-2 pr-4 tabular-nums">{p.ttfbMs === null ? '—' : `${formatNumber(p.ttfbMs)} ms`}</td>
                  <td className="py-2 tabular-nums">
                    {formatBytes(p.bytes)}
                    {p.truncated ? <span className="block text-xs text-slate-700">cut off at the size limit</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </Card>
  );
}

export function ScanErrors({ result }: { result: ScanResult }) {
  if (result.errors.length === 0) return null;
  return (
    <Card title="Problems during the scan">
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-800">
        {result.errors.map((e, i) => (
          <li key={i}>{e}</li>
        ))}
      </ul>
    </Card>
  );
}

/** The finished report: scores, money, fixes, every check, pages and problems. */
export function ReportBody({ result, dealershipId, canEditDealership }: { result: ScanResult; dealershipId: string; canEditDealership: boolean }) {
  const sections = [
    { id: 'scores', label: 'Scores' },
    { id: 'revenue', label: 'Revenue at risk' },
    { id: 'fixes', label: 'What to fix first' },
    { id: 'checks', label: 'Every check' },
    ...(result.probes ? [{ id: 'probes', label: 'Answer-engine probes' }] : []),
    { id: 'pages', label: 'Pages scanned' },
    ...(result.errors.length > 0 ? [{ id: 'problems', label: 'Problems during the scan' }] : []),
  ];
  return (
    <div className="space-y-6">
      <nav aria-label="On this page" className="text-sm">
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          {sections.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`} className="font-medium text-blue-700 underline hover:text-blue-900">
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div id="scores" className="scroll-mt-4">
        <ScoreSummary result={result} />
      </div>
      <div id="revenue" className="scroll-mt-4">
        <Card title="Revenue at risk" description="Used-vehicle front-end gross a year that weak AI visibility may cost, from your own figures.">
          <RevenueAtRisk value={result.revenueAtRisk} showAssumptions size="lg" editHref={canEditDealership ? `/dealerships/${dealershipId}#edit` : undefined} />
        </Card>
      </div>
      <div id="fixes" className="scroll-mt-4">
        <Recommendations result={result} />
      </div>
      <div id="checks" className="scroll-mt-4">
        <ChecksByPillar result={result} />
      </div>
      {result.probes ? (
        <div id="probes" className="scroll-mt-4">
          <Probes result={result} />
        </div>
      ) : null}
      <div id="pages" className="scroll-mt-4">
        <PagesScanned result={result} />
      </div>
      {result.errors.length > 0 ? (
        <div id="problems" className="scroll-mt-4">
          <ScanErrors result={result} />
        </div>
      ) : null}
      <p className="text-sm text-slate-700">
        Scoring version {result.scoringVersion}. Scanned as <span className="font-mono text-xs break-all">{result.userAgent}</span>.
      </p>
    </div>
  );
}
