/** What the crawler hands to the checks: everything fetched, nothing scored. JSON-serialisable. */
import type { PageFacts } from './html';
import type { ScannedPage } from './types';

export type PageKind =
  | 'home'
  | 'inventory-new'
  | 'inventory-used'
  | 'inventory'
  | 'vehicle'
  | 'service'
  | 'parts'
  | 'finance'
  | 'trade-in'
  | 'contact'
  | 'about'
  | 'faq'
  | 'specials'
  | 'other';

export interface SnapshotPage extends ScannedPage {
  kind: PageKind;
  contentType: string | null;
  xRobotsTag: string | null;
  /** Parsed HTML facts; null when the response was not HTML or not fetched. */
  facts: PageFacts | null;
}

export interface FetchedText {
  url: string;
  status: number | null;
  contentType: string | null;
  body: string | null;
  error?: string;
}

export interface SitemapInfo {
  url: string;
  status: number | null;
  kind: 'urlset' | 'index' | 'invalid' | 'missing';
  urlCount: number;
  fromRobots: boolean;
  error?: string;
}

export interface SiteSnapshot {
  websiteUrl: string;
  siteOrigin: string;
  robots: FetchedText;
  llmsTxt: FetchedText;
  sitemaps: SitemapInfo[];
  /** Site pages listed in the sitemaps (capped). */
  sitemapUrls: string[];
  pages: SnapshotPage[];
  /** URLs robots.txt kept us from fetching (for evidence). */
  skippedByRobots: string[];
}
