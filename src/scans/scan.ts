import { crawl } from './crawl';
import { ScanError } from './errors';
import { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS, Fetcher, USER_AGENT } from './http';
import { runProbes } from './probes';
import { normaliseAllowedHosts } from './ssrf';
import type { SiteSnapshot } from './snapshot';
import type { CheckResult, DealershipProfile, ProbeRun, ScanInput, ScanOptions, ScanResult } from './types';
import { accessChecks } from './checks/access';
import { structuredChecks } from './checks/structured';
import { entityChecks } from './checks/entity';
import { contentChecks } from './checks/content';
import { technicalChecks } from './checks/technical';
import { answerChecks } from './checks/answers';
import { overallScore, prioritise, revenueAtRisk, scorePillars } from './scoring';
import { SCORING_VERSION } from './weights';

export const DEFAULT_MAX_PAGES = 25;
const MAX_PAGES_LIMIT = 100;

/** Runs every check over a snapshot. Pure: the same snapshot, profile and probe run give the same checks. */
export function runChecks(snapshot: SiteSnapshot, profile: DealershipProfile, probes: ProbeRun | null = null): CheckResult[] {
  return [
    ...accessChecks(snapshot),
    ...structuredChecks(snapshot),
    ...entityChecks(snapshot, profile),
    ...contentChecks(snapshot),
    ...technicalChecks(snapshot),
    ...answerChecks(probes, profile, snapshot.siteOrigin),
  ];
}

/** Checks, pillar scores, overall score, fix list and revenue at risk for a snapshot. Pure. */
export function evaluateSite(snapshot: SiteSnapshot, profile: DealershipProfile, probes: ProbeRun | null = null) {
  const checks = runChecks(snapshot, profile, probes);
  const overall = overallScore(checks);
  return {
    checks,
    pillars: scorePillars(checks),
    overallScore: overall,
    recommendations: prioritise(checks),
    revenueAtRisk: revenueAtRisk(profile, overall),
  };
}

/** Scans a dealership website. Throws ScanError when no report can be produced. */
export async function scanSite(input: ScanInput, options: ScanOptions = {}): Promise<ScanResult> {
  const startedAt = new Date().toISOString();
  const maxPages = Math.max(1, Math.min(MAX_PAGES_LIMIT, Math.floor(options.maxPages ?? DEFAULT_MAX_PAGES)));
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const allowedHosts = normaliseAllowedHosts(options.allowedHosts);
  if (!input?.profile?.name?.trim()) throw new ScanError('invalid_input', 'The dealership profile needs a name.');
  if (options.signal?.aborted) throw new ScanError('aborted', 'The scan was cancelled.');

  const progress: ScanOptions['onProgress'] = (p) => {
    try {
      options.onProgress?.(p);
    } catch {
      // a progress listener must not break the scan
    }
  };
  const fetcher = new Fetcher({ allowedHosts, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxBytes, signal: options.signal });
  try {
    const { snapshot, errors } = await crawl(input.websiteUrl, {
      fetcher,
      allowedHosts,
      maxPages,
      maxBytes,
      signal: options.signal,
      onProgress: progress,
    });

    let probes: ProbeRun | null = null;
    if (options.probes) {
      progress({ phase: 'probes', fetched: snapshot.pages.length, total: snapshot.pages.length });
      const res = await runProbes(options.probes, input.profile, snapshot.siteOrigin, options.signal);
      if (options.signal?.aborted) throw new ScanError('aborted', 'The scan was cancelled.');
      probes = res.run;
      errors.push(...res.errors);
    }

    progress({ phase: 'checks', fetched: snapshot.pages.length, total: snapshot.pages.length });
    const evaluation = evaluateSite(snapshot, input.profile, probes);
    progress({ phase: 'done', fetched: snapshot.pages.length, total: snapshot.pages.length });

    return {
      scoringVersion: SCORING_VERSION,
      websiteUrl: snapshot.websiteUrl,
      siteOrigin: snapshot.siteOrigin,
      userAgent: USER_AGENT,
      startedAt,
      finishedAt: new Date().toISOString(),
      pages: snapshot.pages.map((p) => ({
        url: p.url,
        finalUrl: p.finalUrl,
        status: p.status,
        ttfbMs: p.ttfbMs,
        bytes: p.bytes,
        ...(p.title ? { title: p.title } : {}),
        ...(p.truncated ? { truncated: true } : {}),
        ...(p.error ? { error: p.error } : {}),
      })),
      ...evaluation,
      probes,
      errors,
    };
  } finally {
    await fetcher.close();
  }
}
