/** robots.txt handling on top of robots-parser (RFC 9309 matching, longest rule wins). */
import robotsParser from 'robots-parser';

export interface AiCrawler {
  /** Check id suffix. */
  id: string;
  /** robots.txt product token. */
  token: string;
  operator: string;
  /** What the crawler feeds, in a dealer's words. */
  purpose: string;
}

/** The AI crawlers whose access we report, in report order. */
export const AI_CRAWLERS: readonly AiCrawler[] = [
  { id: 'oai-searchbot', token: 'OAI-SearchBot', operator: 'OpenAI', purpose: 'ChatGPT search results and citations' },
  { id: 'chatgpt-user', token: 'ChatGPT-User', operator: 'OpenAI', purpose: 'pages ChatGPT opens when a user asks it to' },
  { id: 'gptbot', token: 'GPTBot', operator: 'OpenAI', purpose: "OpenAI's model training" },
  { id: 'perplexitybot', token: 'PerplexityBot', operator: 'Perplexity', purpose: 'Perplexity answers and citations' },
  { id: 'claudebot', token: 'ClaudeBot', operator: 'Anthropic', purpose: "Anthropic's Claude models" },
  { id: 'google-extended', token: 'Google-Extended', operator: 'Google', purpose: 'Gemini apps and grounding (not Google Search itself)' },
  { id: 'applebot-extended', token: 'Applebot-Extended', operator: 'Apple', purpose: 'Apple Intelligence models' },
  { id: 'ccbot', token: 'CCBot', operator: 'Common Crawl', purpose: 'the open web archive many AI models learn from' },
  { id: 'bingbot', token: 'Bingbot', operator: 'Microsoft', purpose: 'Bing and Copilot, which also supply results to other assistants' },
];

export type Robots = ReturnType<typeof robotsParser>;

/**
 * A robots.txt for an origin. An absent file (4xx) or an empty body allows everything.
 * The caller decides what an unreachable file (5xx, network error) means.
 */
export function parseRobots(origin: string, body: string | null): Robots {
  return robotsParser(new URL('/robots.txt', origin).href, body ?? '');
}

/** Whether `token` may fetch `url` (same-origin path resolution done here). */
export function robotsAllows(robots: Robots, origin: string, url: string, token: string): boolean {
  const u = new URL(url);
  const onOrigin = new URL(`${u.pathname}${u.search}`, origin).href;
  return robots.isAllowed(onOrigin, token) !== false;
}

/** The robots.txt line (1-based) that decides for `token` and `url`, or null when none does. */
export function decidingLine(robots: Robots, origin: string, url: string, token: string, body: string | null): string | null {
  const u = new URL(url);
  const n = robots.getMatchingLineNumber(new URL(`${u.pathname}${u.search}`, origin).href, token);
  if (n < 1 || !body) return null;
  const line = body.split(/\r\n|\r|\n/)[n - 1];
  return line === undefined ? null : `line ${n}: ${line.trim()}`;
}

/** The user-agent group lines that name `token` exactly (for evidence). */
export function namesToken(body: string | null, token: string): boolean {
  if (!body) return false;
  const t = token.toLowerCase();
  return body
    .split(/\r\n|\r|\n/)
    .some((l) => /^\s*user-agent\s*:/i.test(l) && l.replace(/#.*$/, '').split(':').slice(1).join(':').trim().toLowerCase() === t);
}
