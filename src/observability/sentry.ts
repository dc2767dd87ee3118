/**
 * Error tracking with Sentry: the options every runtime initialises with, the scrubbing that
 * runs on every event and breadcrumb before it leaves the process, and the one call the
 * request gate makes for a 5xx.
 *
 * Sentry is off unless a DSN is set (`SENTRY_DSN` on the server, `NEXT_PUBLIC_SENTRY_DSN` in the
 * browser): no client is created, nothing is sent, and `captureServerError` is a no-op.
 *
 * What never reaches Sentry: cookies, `Authorization`, `Stripe-Signature`, svix/webhook
 * signature headers, client IP headers, query parameters that carry credentials (token, code,
 * key, secret, password, signature, session, ...), credentials in URLs, bearer tokens, Stripe
 * keys, JWTs, and email addresses, wherever they appear in the event (message, exception
 * values, breadcrumbs, request data, extra, contexts, tags). See tests/sentry.test.ts.
 *
 * This module is shared by the server, edge and browser bundles: no Node-only imports.
 */
import * as Sentry from '@sentry/nextjs';
import type { Breadcrumb, ErrorEvent, Event } from '@sentry/nextjs';

export const FILTERED = '[Filtered]';
export const EMAIL_REDACTED = '[email]';

type Options = NonNullable<Parameters<typeof Sentry.init>[0]>;
type Source = Record<string, string | undefined>;

// ---------------------------------------------------------------------------
// Scrubbing (pure)
// ---------------------------------------------------------------------------

/** Object keys (header names, extra/context keys, query parameters) whose value is never sent. */
const SENSITIVE_KEY_EXACT = new Set([
  'cookie',
  'cookies',
  'set-cookie',
  'authorization',
  'proxy-authorization',
  'stripe-signature',
  'svix-id',
  'svix-timestamp',
  'svix-signature',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'x-api-key',
  'x-auth-token',
  'x-csrf-token',
  'idempotency-key',
  // Client addresses are personal data.
  'x-forwarded-for',
  'x-real-ip',
  'cf-connecting-ip',
  'true-client-ip',
  'fastly-client-ip',
  'x-client-ip',
  'x-cluster-client-ip',
  'forwarded',
  'ip',
  'ip_address',
  'remote_addr',
  'email',
  'pwd',
  'otp',
]);

/** Key fragments: any key containing one of these is sensitive (e.g. `better-auth.session_token`). */
const SENSITIVE_KEY_PART =
  /pass(?:word|wd|phrase)|secret|token|cookie|authori[sz]ation|signature|credential|private[-_]?key|api[-_]?key|session|svix|dsn/i;

/** Query-parameter names that carry credentials, in URLs and query strings. */
const SENSITIVE_PARAM_EXACT = new Set(['code', 'key', 'sig', 'auth', 'otp', 'pwd', 'email', 'state_token']);

/** Keys whose values are structural and must not be rewritten. */
const STRUCTURAL_KEYS = new Set(['sdkProcessingMetadata']);

export function isSensitiveKey(key: string): boolean {
  const k = key.toLowerCase();
  return SENSITIVE_KEY_EXACT.has(k) || SENSITIVE_KEY_PART.test(k);
}

export function isSensitiveParam(name: string): boolean {
  let k = name.toLowerCase();
  try {
    k = decodeURIComponent(k);
  } catch {
    // keep as is
  }
  return SENSITIVE_PARAM_EXACT.has(k) || isSensitiveKey(k);
}

const PARAM_NAME = String.raw`[A-Za-z0-9_.\-\[\]%]{1,64}`;
/** `name=value` inside a URL, a query string or a cookie header; value up to the next separator. */
const PARAM_PAIR = new RegExp(String.raw`(^|[?&;#\s,'"(])(${PARAM_NAME})=([^&#\s;,"'<>]*)`, 'g');
/** `scheme://user:password@host` */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s:@/?#]{1,256}):([^\s@/?#]{1,256})@/gi;
/** `Authorization: Bearer …` and friends inside free text. */
const AUTH_SCHEME = /\b(Bearer|Basic|Digest|Token)\s+[A-Za-z0-9._~+/\-]+=*/gi;
/** Stripe secret/restricted keys and webhook secrets; JWTs (e.g. Clerk session tokens). */
const KNOWN_SECRETS = [
  /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{6,}/g,
  /\bwhsec_[A-Za-z0-9+/=]{6,}/g,
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+/g,
];
/**
 * `"password": "…"`, `password: '…'`, `token = "…"`: a sensitive key with a quoted value, in JSON
 * text (request bodies sent as strings) and in source lines sent as stack-frame context.
 */
const QUOTED_SECRET =
  /(['"]?[A-Za-z0-9_.-]{0,40}(?:pass(?:word|wd)|secret|token|signature|authori[sz]ation|cookie|session|svix|api[-_]?key|credential)[A-Za-z0-9_.-]{0,40}['"]?\s*[:=]\s*)(['"`])(?:\\.|(?!\2)[^\\\n])*\2/gi;
/** Email addresses, plain and percent-encoded (`jane%40example.com`). */
const EMAIL =
  /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}/g;
const EMAIL_ENCODED = /[A-Za-z0-9._+-]{1,64}%40[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}/gi;

/** Longer strings are cut before scrubbing: bounded work per string, and nothing useful is lost. */
export const MAX_STRING_LENGTH = 50_000;
const MAY_HOLD_QUOTED_SECRET = /pass|secret|token|signature|authori|cookie|session|svix|api.?key|credential/i;

/** Removes credentials and email addresses from free text (messages, URLs, query strings, cookies). */
export function scrubString(input: string): string {
  if (!input) return input;
  let out = input.length > MAX_STRING_LENGTH ? `${input.slice(0, MAX_STRING_LENGTH)}…[truncated]` : input;
  if (out.includes('://'))
    out = out.replace(URL_CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}${user}:${FILTERED}@`);
  if (MAY_HOLD_QUOTED_SECRET.test(out))
    out = out.replace(
      QUOTED_SECRET,
      (_m, head: string, quote: string) => `${head}${quote}${FILTERED}${quote}`,
    );
  if (out.includes('=')) {
    out = out.replace(PARAM_PAIR, (m, sep: string, name: string, value: string) =>
      value && value !== FILTERED && isSensitiveParam(name) ? `${sep}${name}=${FILTERED}` : m,
    );
  }
  out = out.replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${FILTERED}`);
  for (const re of KNOWN_SECRETS) out = out.replace(re, FILTERED);
  if (/%40/i.test(out)) out = out.replace(EMAIL_ENCODED, EMAIL_REDACTED);
  if (out.includes('@')) out = out.replace(EMAIL, EMAIL_REDACTED);
  return out;
}

const MAX_DEPTH = 24;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** `[["token", "abc"], ["page", "2"]]`: Sentry's array form of a query string. */
function isPairList(value: unknown[]): value is [string, unknown][] {
  return (
    value.length > 0 && value.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string')
  );
}

/**
 * Deep-copies a value, dropping every sensitive key's value and scrubbing every string.
 * Objects that are not plain (class instances) are kept as they are; cycles are cut.
 */
export function scrubValue(value: unknown, seen = new WeakSet<object>(), depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value) || depth > MAX_DEPTH) return FILTERED;
  if (Array.isArray(value)) {
    seen.add(value);
    const out = isPairList(value)
      ? value.map(([k, v]) => [
          scrubString(k),
          isSensitiveParam(k) ? FILTERED : scrubValue(v, seen, depth + 1),
        ])
      : value.map((v) => scrubValue(v, seen, depth + 1));
    seen.delete(value);
    return out;
  }
  if (!isPlainObject(value)) return value;
  seen.add(value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (STRUCTURAL_KEYS.has(key)) out[key] = v;
    else if (isSensitiveKey(key)) out[key] = v === null || v === undefined ? v : FILTERED;
    else out[scrubString(key)] = scrubValue(v, seen, depth + 1);
  }
  seen.delete(value);
  return out;
}

/**
 * Scrubs a whole event. Beyond the generic walk: the user is reduced to its id (no email,
 * name or IP address), request cookies and environment are dropped, and a request id
 * found in the request headers becomes the `request_id` tag.
 */
export function scrubEvent<T extends Event>(event: T): T {
  const requestId = requestIdOf(event);
  const out = scrubValue(event) as T;
  if (event.user)
    out.user = event.user.id !== undefined && event.user.id !== null ? { id: String(event.user.id) } : {};
  if (out.request) {
    delete out.request.cookies;
    delete out.request.env;
  }
  if (requestId && !out.tags?.request_id) out.tags = { ...out.tags, request_id: requestId };
  return out;
}

export function scrubBreadcrumb(breadcrumb: Breadcrumb): Breadcrumb {
  return scrubValue(breadcrumb) as Breadcrumb;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

function requestIdOf(event: Event): string | undefined {
  const headers = event.request?.headers;
  if (!headers) return undefined;
  const found = Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-request-id')?.[1];
  return typeof found === 'string' && REQUEST_ID.test(found) ? found : undefined;
}

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

export type SentrySettings = {
  dsn: string | undefined;
  release?: string;
  environment?: string;
};

/**
 * The release: SENTRY_RELEASE, else RELEASE_ID (also reported by /api/health), else the commit
 * sha the platform exposes (Vercel, Heroku-style SOURCE_VERSION, Render), else none.
 */
export function releaseFrom(source: Source): string | undefined {
  const value =
    source.SENTRY_RELEASE ||
    source.RELEASE_ID ||
    source.GIT_SHA ||
    source.GIT_COMMIT_SHA ||
    source.VERCEL_GIT_COMMIT_SHA ||
    source.SOURCE_VERSION ||
    source.RENDER_GIT_COMMIT;
  return value?.trim() || undefined;
}

/**
 * Options shared by every runtime, or null when no DSN is set (Sentry stays off).
 * Nothing personal is collected by the SDK itself; scrubbing runs last, on everything.
 */
export function sentryOptions(settings: SentrySettings): Options | null {
  const dsn = settings.dsn?.trim();
  if (!dsn) return null;
  return {
    dsn,
    release: settings.release,
    environment: settings.environment,
    // Errors only: no tracesSampleRate (no performance tracing), no session replay, no profiling.
    maxBreadcrumbs: 50,
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: { request: true, response: false },
      httpBodies: [],
      urlQueryParams: true,
      stackFrameVariables: false,
      databaseQueryData: false,
      queues: false,
      graphQL: { document: false, variables: false },
      genAI: { inputs: false, outputs: false },
    },
    enhanceFetchErrorMessages: 'report-only',
    beforeSend: (event: ErrorEvent) => scrubEvent(event),
    beforeBreadcrumb: (breadcrumb: Breadcrumb) => scrubBreadcrumb(breadcrumb),
  };
}

/** Node.js and edge runtimes: `SENTRY_DSN`, `SENTRY_RELEASE` (or a git sha), `SENTRY_ENVIRONMENT`. */
export function serverSentryOptions(source: Source = process.env): Options | null {
  const options = sentryOptions({
    dsn: source.SENTRY_DSN,
    release: releaseFrom(source),
    environment: source.SENTRY_ENVIRONMENT || source.VERCEL_ENV || source.NODE_ENV || 'development',
  });
  // No tracing, so no module hooks for channel-based spans (they also warn on every start
  // without withSentryConfig's build-time instrumentation).
  return options && { ...options, enableRuntimeChannelInjection: false };
}

/** GET /api/test-sentry throws outside production, and in production only with SENTRY_TEST_ROUTE=1. */
export function sentryTestRouteEnabled(source: Source = process.env): boolean {
  return source.NODE_ENV !== 'production' || source.SENTRY_TEST_ROUTE === '1';
}

// ---------------------------------------------------------------------------
// Capturing
// ---------------------------------------------------------------------------

export type ServerErrorContext = {
  requestId: string;
  tenantId?: string | null;
  userId?: string | null;
  /** The incoming request: method, URL and headers are attached (and scrubbed). */
  request?: Request;
};

/**
 * Reports an error that became a 5xx. Tagged with the request id, tenant id and user id so an
 * event can be matched to the log line and the audit trail. Returns the Sentry event id, or
 * undefined when Sentry is off. Never throws.
 */
export function captureServerError(err: unknown, context: ServerErrorContext): string | undefined {
  try {
    if (!Sentry.isInitialized()) return undefined;
    return Sentry.withScope((scope) => {
      scope.setTag('request_id', context.requestId);
      if (context.tenantId) scope.setTag('tenant_id', context.tenantId);
      if (context.userId) {
        scope.setTag('user_id', context.userId);
        scope.setUser({ id: context.userId });
      }
      if (context.request) {
        const url = new URL(context.request.url);
        const headers: Record<string, string> = {};
        context.request.headers.forEach((value, key) => (headers[key] = value));
        scope.setSDKProcessingMetadata({
          normalizedRequest: {
            method: context.request.method,
            url: `${url.origin}${url.pathname}`,
            query_string: url.search.replace(/^\?/, '') || undefined,
            headers,
          },
        });
        scope.setTransactionName(`${context.request.method} ${url.pathname}`);
      }
      return Sentry.captureException(err, { mechanism: { type: 'auto.request_gate', handled: false } });
    });
  } catch {
    return undefined;
  }
}
