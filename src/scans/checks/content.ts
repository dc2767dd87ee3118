/** Pillar "Answerable content": can a shopper's question be answered from the site's own words? */
import type { CheckResult, Evidence } from '../types';
import type { SiteSnapshot } from '../snapshot';
import { excerptAround, normalizeText } from '../normalize';
import { THRESHOLDS, type CheckId } from '../weights';
import { check, htmlPages, keep, ofN, type HtmlPage } from './common';
import { collectJsonLd } from './structured';
import { textOf, typesOf, values, type JsonObject } from '../html';

export function contentChecks(s: SiteSnapshot): CheckResult[] {
  const pages = htmlPages(s);
  return [
    faqCheck(s, pages),
    hoursCheck(s, pages),
    topicCheck(s, pages, 'content.financing'),
    topicCheck(s, pages, 'content.trade-in'),
    titlesCheck(s, pages),
    descriptionsCheck(s, pages),
    headingsCheck(s, pages),
    thinCheck(s, pages),
  ];
}

const QUESTION_LINE = /^[^.!?]{8,200}\?$/;

/** Questions the site answers: question-like lines (headings, <summary>, bold lines) and FAQPage entries. */
function questionsOn(p: HtmlPage, nodes: JsonObject[]): string[] {
  const qs = new Set<string>();
  for (const line of p.facts.text.split('\n')) if (QUESTION_LINE.test(line)) qs.add(line);
  for (const h of p.facts.headings) if (QUESTION_LINE.test(h.text)) qs.add(h.text);
  for (const n of nodes) {
    if (!typesOf(n).includes('question')) continue;
    const q = textOf(n['name']);
    if (q) qs.add(q.replace(/\s+/g, ' ').trim());
  }
  return [...qs];
}

function faqCheck(s: SiteSnapshot, pages: HtmlPage[]): CheckResult {
  const id: CheckId = 'content.faq';
  const title = 'Questions shoppers ask are answered on the site (FAQ / Q&A)';
  const ld = collectJsonLd(s);
  const byUrl = new Map(ld.pages.map((x) => [x.page.finalUrl, x.nodes]));
  let total = 0;
  const evidence: Evidence[] = [];
  for (const p of pages) {
    const qs = questionsOn(p, byUrl.get(p.finalUrl) ?? []);
    if (qs.length === 0) continue;
    total += qs.length;
    evidence.push({ url: p.finalUrl, excerpt: `${qs.length} question${qs.length === 1 ? '' : 's'}, e.g. "${qs[0]}"` });
  }
  const rec = {
    title: 'Publish an FAQ page with real answers',
    detail:
      'Answer the questions shoppers ask an assistant, in plain sentences: Do you take trade-ins? Can I get pre-approved online? What are your service hours? Do you offer loaners? Which brands do you service? Put each question as a heading with a short answer under it.',
    priority: 'high' as const,
    effort: 'medium' as const,
  };
  if (total >= 3) return check(id, title, 'pass', evidence, keep('Keep answers current (hours, prices, policies).'));
  if (total > 0) return check(id, title, 'warn', evidence, { ...rec, title: 'Answer more shopper questions', priority: 'medium' });
  return check(id, title, 'fail', [{ url: s.siteOrigin, excerpt: 'No question-and-answer content on the pages read.' }], rec);
}

const DAY = /\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day)?s?\b|\bweekdays\b|\bm\s*-\s*f\b/i;
const TIME = /\b\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.)|\bclosed\b|\b24\s*hours\b|\b\d{1,2}:\d{2}\b/i;

function hoursLines(text: string): { line: string; index: number }[] {
  const out: { line: string; index: number }[] = [];
  let index = 0;
  for (const line of text.split('\n')) {
    if (line.length <= 200 && DAY.test(line) && TIME.test(line)) out.push({ line, index });
    index += line.length + 1;
  }
  return out;
}

function hoursCheck(s: SiteSnapshot, pages: HtmlPage[]): CheckResult {
  const id: CheckId = 'content.hours';
  const title = 'Service and parts hours are published';
  const serviceEvidence: Evidence[] = [];
  const generalEvidence: Evidence[] = [];
  for (const p of pages) {
    const lines = hoursLines(p.facts.text);
    if (lines.length === 0) continue;
    const servicePage = p.kind === 'service' || p.kind === 'parts';
    // A block of hours under a "Service"/"Parts" heading or label counts anywhere on the site.
    const labelled = /\b(service|parts)\b[^\n]{0,40}\bhours\b|\bhours\b[^\n]{0,20}\b(service|parts)\b/i.exec(p.facts.text);
    const sample = lines.slice(0, 2).map((l) => l.line).join(' | ');
    if (servicePage || labelled) {
      serviceEvidence.push({ url: p.finalUrl, excerpt: labelled ? excerptAround(p.facts.text, labelled.index, labelled[0].length, 100) : sample });
    } else generalEvidence.push({ url: p.finalUrl, excerpt: sample });
  }
  const ld = collectJsonLd(s);
  for (const { page, nodes } of ld.pages) {
    for (const n of nodes) {
      const name = normalizeText(textOf(n['name']) ?? '');
      const hasHours = values(n, 'openingHoursSpecification').length > 0 || values(n, 'openingHours').length > 0;
      if (hasHours && /\b(service|parts)\b/.test(name)) serviceEvidence.push({ url: page.finalUrl, excerpt: `Structured data department "${textOf(n['name'])}" with opening hours.` });
    }
  }
  const rec = {
    title: 'Publish service and parts hours as text',
    detail: 'List service and parts hours day by day ("Mon–Fri 7:00am–6:00pm, Sat 8:00am–4:00pm, Sun closed") on the service page and in the footer, and add them to the JSON-LD (a department with openingHoursSpecification). "Is the service department open on Saturday?" is one of the most common questions.',
    priority: 'high' as const,
    effort: 'low' as const,
  };
  if (serviceEvidence.length > 0) return check(id, title, 'pass', serviceEvidence, keep('Update hours for holidays.'));
  if (generalEvidence.length > 0) {
    return check(id, title, 'warn', [...generalEvidence, { url: s.siteOrigin, excerpt: 'Store hours found, but no hours labelled for service or parts.' }], { ...rec, priority: 'medium' });
  }
  return check(id, title, 'fail', [{ url: s.siteOrigin, excerpt: 'No opening hours written on the pages read.' }], rec);
}

const TOPICS = {
  'content.financing': {
    title: 'Financing information',
    kind: 'finance',
    words: /\b(financ(e|ing)|apply for credit|credit application|get pre-?approved|pre-?qualif(y|ied|ication)|auto loans?|\bapr\b|lease deals?)\b/i,
    rec: {
      title: 'Add a financing page',
      detail: 'Explain how financing works at the store: online credit application, pre-approval, lenders you work with, first-time buyer and credit-rebuilding programs, and lease options. Link it from the main menu.',
    },
  },
  'content.trade-in': {
    title: 'Trade-in information',
    kind: 'trade-in',
    words: /\b(trade-?ins?|value your trade|trade value|sell (us )?your (car|vehicle)|instant cash offer|we buy cars)\b/i,
    rec: {
      title: 'Add a trade-in page',
      detail: 'Explain how to get a trade-in value (online appraisal tool, what to bring, whether you buy cars without a purchase) on its own page linked from the menu.',
    },
  },
} as const;

function topicCheck(s: SiteSnapshot, pages: HtmlPage[], id: keyof typeof TOPICS): CheckResult {
  const t = TOPICS[id];
  const dedicated = pages.filter((p) => p.kind === t.kind && p.facts.wordCount >= 50);
  if (dedicated.length > 0) {
    return check(id, t.title, 'pass', dedicated.slice(0, 3).map((p) => ({ url: p.finalUrl, excerpt: `Dedicated page "${p.facts.title ?? ''}" (${p.facts.wordCount} words).` })), keep('Keep rates and programs current.'));
  }
  const mentions: Evidence[] = [];
  for (const p of pages) {
    const m = t.words.exec(p.facts.text);
    if (m) mentions.push({ url: p.finalUrl, excerpt: excerptAround(p.facts.text, m.index, m[0].length) });
  }
  if (mentions.length > 0) {
    return check(id, t.title, 'warn', [...mentions.slice(0, 3), { url: s.siteOrigin, excerpt: 'Mentioned, but no dedicated page was found.' }], {
      ...t.rec,
      priority: 'medium',
      effort: 'medium',
    });
  }
  return check(id, t.title, 'fail', [{ url: s.siteOrigin, excerpt: 'Not mentioned on the pages read.' }], { ...t.rec, priority: 'medium', effort: 'medium' });
}

/** Shared logic for titles and descriptions: missing, duplicate, too short, too long. */
function textFieldCheck(
  s: SiteSnapshot,
  pages: HtmlPage[],
  id: CheckId,
  title: string,
  get: (p: HtmlPage) => string | null,
  limits: { min: number; max: number },
  noun: string,
  rec: { title: string; detail: string },
): CheckResult {
  if (pages.length === 0) return check(id, title, 'not_applicable', [], keep('No HTML pages were read.'));
  const counts = new Map<string, number>();
  for (const p of pages) {
    const v = get(p);
    if (v) counts.set(v.toLowerCase(), (counts.get(v.toLowerCase()) ?? 0) + 1);
  }
  const issues: Evidence[] = [];
  let serious = 0;
  for (const p of pages) {
    const v = get(p);
    if (!v) {
      serious++;
      issues.push({ url: p.finalUrl, excerpt: `No ${noun}.` });
    } else if ((counts.get(v.toLowerCase()) ?? 0) > 1) {
      serious++;
      issues.push({ url: p.finalUrl, excerpt: `Same ${noun} as another page: "${v}"` });
    } else if (v.length < limits.min) issues.push({ url: p.finalUrl, excerpt: `Short ${noun} (${v.length} characters): "${v}"` });
    else if (v.length > limits.max) issues.push({ url: p.finalUrl, excerpt: `Long ${noun} (${v.length} characters, cut off after about ${limits.max}): "${v}"` });
  }
  if (issues.length === 0) {
    return check(id, title, 'pass', [{ url: s.siteOrigin, excerpt: `All ${pages.length} pages have a unique ${noun} of ${limits.min}–${limits.max} characters.` }], keep(`Write a unique ${noun} for each new page.`));
  }
  const status = serious * 2 >= pages.length ? 'fail' : 'warn';
  return check(id, title, status, issues, { ...rec, priority: status === 'fail' ? 'high' : 'medium', effort: 'low' });
}

function titlesCheck(s: SiteSnapshot, pages: HtmlPage[]): CheckResult {
  return textFieldCheck(s, pages, 'content.titles', 'Page titles are present, unique and a sensible length', (p) => p.facts.title || null, THRESHOLDS.title, 'title', {
    title: 'Give every page a unique, descriptive title',
    detail: `Titles are what answer engines show and cite. Write ${THRESHOLDS.title.min}–${THRESHOLDS.title.max} characters naming the page and the store, e.g. "Used Cars in Austin, TX | Riverside Toyota".`,
  });
}

function descriptionsCheck(s: SiteSnapshot, pages: HtmlPage[]): CheckResult {
  return textFieldCheck(
    s,
    pages,
    'content.meta-descriptions',
    'Meta descriptions are present, unique and a sensible length',
    (p) => p.facts.metaDescription || null,
    THRESHOLDS.description,
    'meta description',
    {
      title: 'Write a meta description for every page',
      detail: `A ${THRESHOLDS.description.min}–${THRESHOLDS.description.max} character summary of the page ("Shop 120 used cars, trucks and SUVs at Riverside Toyota in Austin. Every vehicle inspected; financing for all credit.") is often the snippet an engine quotes.`,
    },
  );
}

function headingsCheck(s: SiteSnapshot, pages: HtmlPage[]): CheckResult {
  const id: CheckId = 'content.headings';
  const title = 'Heading structure (one H1, no skipped levels)';
  if (pages.length === 0) return check(id, title, 'not_applicable', [], keep('No HTML pages were read.'));
  const issues: Evidence[] = [];
  let noH1 = 0;
  for (const p of pages) {
    const h1 = p.facts.headings.filter((h) => h.level === 1).length;
    if (h1 === 0) {
      noH1++;
      issues.push({ url: p.finalUrl, excerpt: 'No H1 heading.' });
      continue;
    }
    if (h1 > 1) issues.push({ url: p.finalUrl, excerpt: `${h1} H1 headings: ${p.facts.headings.filter((h) => h.level === 1).map((h) => `"${h.text}"`).join(', ')}` });
    let prev = 0;
    for (const h of p.facts.headings) {
      if (prev > 0 && h.level > prev + 1) {
        issues.push({ url: p.finalUrl, excerpt: `H${prev} is followed by H${h.level} ("${h.text}"), skipping a level.` });
        break;
      }
      prev = h.level;
    }
  }
  const rec = {
    title: 'Give each page one H1 and nested headings',
    detail: 'One H1 that says what the page is ("Used Toyota Inventory in Austin"), then H2s for sections and H3s inside them. Engines use headings to find which part of a page answers a question.',
    priority: 'low' as const,
    effort: 'low' as const,
  };
  if (issues.length === 0) return check(id, title, 'pass', [{ url: s.siteOrigin, excerpt: `All ${pages.length} pages have one H1 and nested headings.` }], keep('Keep one H1 per page.'));
  return check(id, title, noH1 * 2 > pages.length ? 'fail' : 'warn', issues, noH1 * 2 > pages.length ? { ...rec, priority: 'medium' } : rec);
}

function thinCheck(s: SiteSnapshot, pages: HtmlPage[]): CheckResult {
  const id: CheckId = 'content.thin-pages';
  const title = `Pages carry readable text (at least ${THRESHOLDS.thinWords} words without JavaScript)`;
  if (pages.length === 0) return check(id, title, 'not_applicable', [], keep('No HTML pages were read.'));
  const thin = pages.filter((p) => p.facts.wordCount < THRESHOLDS.thinWords);
  const evidence = thin.map((p) => ({ url: p.finalUrl, excerpt: `${p.facts.wordCount} words of visible text${p.facts.wordCount < 30 ? ' (content is probably drawn by JavaScript, which most AI crawlers do not run)' : ''}.` }));
  if (thin.length === 0) return check(id, title, 'pass', [{ url: s.siteOrigin, excerpt: `All ${pages.length} pages have at least ${THRESHOLDS.thinWords} words.` }], keep('Keep pages substantive.'));
  const status = thin.length * 2 >= pages.length ? 'fail' : 'warn';
  return check(id, title, status, [{ url: s.siteOrigin, excerpt: `${ofN(thin.length, pages.length, 'page')} are thin.` }, ...evidence], {
    title: 'Put real text in the HTML of thin pages',
    detail: 'AI crawlers read the HTML as delivered and mostly do not run JavaScript. Make sure inventory, service and about pages deliver their text (vehicle lists, services offered, store story) in the HTML itself, and add a few helpful paragraphs where pages are nearly empty.',
    priority: status === 'fail' ? 'high' : 'medium',
    effort: 'medium',
  });
}
