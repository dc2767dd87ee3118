/**
 * The scripts a page's HTML loads itself, as absolute URLs: each `<script src>` that
 * module-capable browsers run (no `nomodule`). Shared by the smoke test and `npm run lighthouse`.
 */
export function pageScripts(html: string, pageUrl: string | URL): string[] {
  const out = new Set<string>();
  for (const [, attrs] of html.matchAll(/<script\b([^>]*)>/gi)) {
    const src = /\bsrc="([^"]+)"/i.exec(attrs!)?.[1];
    if (src && !/\bnomodule\b/i.test(attrs!)) out.add(new URL(src.replace(/&amp;/g, '&'), pageUrl).href);
  }
  return [...out];
}
