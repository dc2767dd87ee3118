import type { CheckResult, CheckStatus, Evidence, PillarId, Recommendation } from '../types';
import { CHECK_WEIGHTS, type CheckId } from '../weights';
import type { SiteSnapshot, SnapshotPage } from '../snapshot';
import type { PageFacts } from '../html';
import { truncate } from '../normalize';

const MAX_EVIDENCE = 12;

export function check(
  id: CheckId,
  title: string,
  status: CheckStatus,
  evidence: Evidence[],
  recommendation: Recommendation,
): CheckResult {
  return {
    id,
    pillar: id.slice(0, id.indexOf('.')) as PillarId,
    title,
    status,
    evidence: evidence.slice(0, MAX_EVIDENCE).map((e) => ({ url: e.url, excerpt: truncate(e.excerpt, 300) })),
    weight: CHECK_WEIGHTS[id],
    recommendation,
  };
}

export const keep = (detail: string): Recommendation => ({
  title: 'No action needed',
  detail,
  priority: 'low',
  effort: 'low',
});

export type HtmlPage = SnapshotPage & { facts: PageFacts; status: number };

/** Pages that answered 2xx with HTML, in crawl order. */
export function htmlPages(s: SiteSnapshot): HtmlPage[] {
  return s.pages.filter((p): p is HtmlPage => p.facts !== null && p.status !== null && p.status >= 200 && p.status < 300);
}

/** Key pages: what a shopper (and an answer engine) looks for first. */
export const KEY_KINDS = new Set(['home', 'inventory-new', 'inventory-used', 'inventory', 'service', 'contact', 'about', 'faq', 'finance']);

export const INVENTORY_KINDS = new Set(['inventory-new', 'inventory-used', 'inventory', 'vehicle']);

/** "3 of 5" style counts. */
export const ofN = (n: number, total: number, noun: string) => `${n} of ${total} ${noun}${total === 1 ? '' : 's'}`;

export const pathOf = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
};
