/** Pillar "Answer engines": what a model actually said when asked shoppers' questions. */
import type { CheckResult, DealershipProfile, ProbeRun } from '../types';
import { THRESHOLDS, type CheckId } from '../weights';
import { check, keep } from './common';

export function answerChecks(run: ProbeRun | null, profile: DealershipProfile, siteOrigin: string): CheckResult[] {
  if (!run) return [];
  const answered = run.answers.filter((a) => !a.error);
  const ev = (q: string, s: string) => ({ url: siteOrigin, excerpt: `"${q}" → ${s}` });
  const named = answered.filter((a) => a.named);
  const cited = answered.filter((a) => a.citesOwnSite);
  const none = (id: CheckId, title: string) =>
    check(id, title, 'not_applicable', [{ url: siteOrigin, excerpt: `None of the ${run.questions} questions got an answer from ${run.model}.` }], keep('Probes could not run; see the scan errors.'));

  const namedTitle = `Named by ${run.model} when shoppers ask`;
  const citedTitle = `Your site cited as a source by ${run.model}`;
  if (answered.length === 0) return [none('answers.named', namedTitle), none('answers.cited', citedTitle)];

  const share = (n: number) => n / answered.length;
  const status = (n: number) => (share(n) >= THRESHOLDS.probeNamedPass ? 'pass' : n > 0 ? 'warn' : 'fail');

  const namedEvidence = [
    { url: siteOrigin, excerpt: `Named in ${named.length} of ${answered.length} answers.` },
    ...answered.map((a) =>
      ev(a.question, a.named ? `named${a.listPosition ? ` (#${a.listPosition} of ${a.listLength} listed)` : ''}: ${a.excerpt}` : `not named: ${a.excerpt}`),
    ),
  ];
  const citedEvidence = [
    { url: siteOrigin, excerpt: `Your site was cited in ${cited.length} of ${answered.length} answers.` },
    ...answered.map((a) => ev(a.question, a.citedUrls.length ? `cited ${a.citedUrls.slice(0, 4).join(', ')}` : 'no sources cited')),
  ];
  return [
    check('answers.named', namedTitle, status(named.length), namedEvidence, status(named.length) === 'pass'
      ? keep('Re-run probes monthly; answers change as models update.')
      : {
          title: `Get ${profile.name} named in AI answers`,
          detail: 'Answer engines name stores they can read and verify: fix the crawler-access, structured-data and consistency items above first, keep your Google Business Profile and review sites complete and consistent, and publish pages that answer these exact questions.',
          priority: 'high',
          effort: 'high',
        }),
    check('answers.cited', citedTitle, status(cited.length), citedEvidence, status(cited.length) === 'pass'
      ? keep('Your pages are used as sources.')
      : {
          title: 'Become a source answer engines cite',
          detail: 'Engines cite pages that answer the question directly. Make inventory, service and FAQ pages readable without JavaScript, mark them up, and let OAI-SearchBot, PerplexityBot and Bingbot in.',
          priority: 'medium',
          effort: 'high',
        }),
  ];
}
