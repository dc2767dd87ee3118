/**
 * Answer-engine probes: ask an OpenAI-compatible chat model the questions shoppers ask and
 * record whether (and where) the dealership is named and which URLs are cited.
 * The provider is configured by the operator (not by users), so it is not behind the SSRF guard.
 */
import { request } from 'undici';
import type { DealershipProfile, ProbeAnswer, ProbeConfig, ProbeRun } from './types';
import { excerptAround, findNormalized, normalizeText } from './normalize';
import { sameSite } from './discover';

/** The fixed question set (docs/scoring.md). {brand} is each profile brand (at most two), {place} "City, ST". */
export const PROBE_QUESTIONS = [
  'What is the best {brand} dealer in {place}?',
  'Who services {brand} vehicles near {place}?',
  'Where can I buy a used {brand} in {place}?',
  'Which {brand} dealership near {place} has the best reviews?',
] as const;

export const MAX_PROBE_BRANDS = 2;
const CONCURRENCY = 2;
const DEFAULT_TIMEOUT_MS = 60_000;

/** The questions for a profile, or why none can be asked. */
export function probeQuestions(profile: DealershipProfile): { questions: string[] } | { reason: string } {
  const city = profile.city?.trim();
  if (!city) return { reason: 'Answer-engine probes need the dealership city; add it to the profile.' };
  const brands = [...new Set(profile.brands.map((b) => b.trim()).filter(Boolean))].slice(0, MAX_PROBE_BRANDS);
  if (brands.length === 0) return { reason: 'Answer-engine probes need at least one brand; add it to the profile.' };
  const place = profile.state?.trim() ? `${city}, ${profile.state.trim()}` : city;
  return { questions: brands.flatMap((brand) => PROBE_QUESTIONS.map((q) => q.replace('{brand}', brand).replace('{place}', place))) };
}

export async function runProbes(
  config: ProbeConfig,
  profile: DealershipProfile,
  siteUrl: string,
  signal?: AbortSignal,
): Promise<{ run: ProbeRun | null; errors: string[] }> {
  const plan = probeQuestions(profile);
  if ('reason' in plan) return { run: null, errors: [plan.reason] };
  const endpoint = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const answers: ProbeAnswer[] = new Array(plan.questions.length);
  let next = 0;
  const worker = async () => {
    while (next < plan.questions.length) {
      const i = next++;
      answers[i] = await ask(endpoint, config, plan.questions[i]!, profile, siteUrl, signal);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, plan.questions.length) }, worker));
  const errors = answers.filter((a) => a.error).map((a) => `probe "${a.question}": ${a.error}`);
  return { run: { model: config.model, questions: plan.questions.length, answers }, errors };
}

async function ask(
  endpoint: string,
  config: ProbeConfig,
  question: string,
  profile: DealershipProfile,
  siteUrl: string,
  signal?: AbortSignal,
): Promise<ProbeAnswer> {
  const empty: ProbeAnswer = { question, named: false, listPosition: null, listLength: 0, citedUrls: [], citesOwnSite: false, excerpt: '' };
  const controller = new AbortController();
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await request(endpoint, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${config.apiKey}`, accept: 'application/json' },
      body: JSON.stringify({ model: config.model, messages: [{ role: 'user', content: question }] }),
    });
    const text = await res.body.text();
    if (res.statusCode < 200 || res.statusCode >= 300) {
      let detail = '';
      try {
        detail = String((JSON.parse(text) as { error?: { message?: string } }).error?.message ?? '');
      } catch {
        // not JSON
      }
      return { ...empty, error: `HTTP ${res.statusCode}${detail ? `: ${scrub(detail, config.apiKey).slice(0, 200)}` : ''}` };
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { ...empty, error: 'the provider did not answer with JSON' };
    }
    return { question, ...analyseAnswer(data, profile.name, siteUrl) };
  } catch (err) {
    if (controller.signal.aborted && !signal?.aborted) return { ...empty, error: `timed out after ${timeoutMs} ms` };
    return { ...empty, error: scrub((err as Error).message ?? String(err), config.apiKey).slice(0, 200) };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

const scrub = (s: string, key: string) => (key ? s.split(key).join('[key]') : s);

const URL_RE = /https?:\/\/[^\s<>()"'\]]+/g;

/** Reads an OpenAI-compatible chat completion: content, list position, citations. Pure. */
export function analyseAnswer(data: unknown, dealerName: string, siteUrl: string): Omit<ProbeAnswer, 'question'> {
  const d = (data ?? {}) as {
    choices?: { message?: { content?: unknown; annotations?: { type?: string; url_citation?: { url?: string }; url?: string }[] } }[];
    citations?: unknown[];
    search_results?: { url?: string }[];
  };
  const message = d.choices?.[0]?.message;
  const raw = message?.content;
  const content =
    typeof raw === 'string'
      ? raw
      : Array.isArray(raw)
        ? raw.map((p) => (typeof p === 'string' ? p : typeof (p as { text?: unknown })?.text === 'string' ? (p as { text: string }).text : '')).join('\n')
        : '';
  const cited = new Set<string>();
  for (const c of d.citations ?? []) if (typeof c === 'string') cited.add(c);
  for (const r of d.search_results ?? []) if (typeof r?.url === 'string') cited.add(r.url);
  for (const a of message?.annotations ?? []) {
    const u = a?.url_citation?.url ?? a?.url;
    if (typeof u === 'string') cited.add(u);
  }
  for (const m of content.matchAll(URL_RE)) cited.add(m[0].replace(/[.,;:!?]+$/, ''));
  const citedUrls = [...cited].filter((u) => /^https?:\/\//.test(u)).slice(0, 50);

  const site = new URL(siteUrl);
  const citesOwnSite = citedUrls.some((u) => {
    try {
      return sameSite(new URL(u), site);
    } catch {
      return false;
    }
  });

  const at = findNormalized(content, dealerName);
  const named = at >= 0;
  const items = content.split('\n').filter((l) => /^\s*(\d+[.)]|[-*•])\s+/.test(l));
  const want = normalizeText(dealerName);
  const pos = items.findIndex((l) => ` ${normalizeText(l)} `.includes(` ${want} `));
  return {
    named,
    listPosition: pos >= 0 ? pos + 1 : null,
    listLength: items.length,
    citedUrls,
    citesOwnSite,
    excerpt: named ? excerptAround(content, at, dealerName.length, 120) : content.replace(/\s+/g, ' ').slice(0, 240),
  };
}
