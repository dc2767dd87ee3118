/**
 * Client side: ask our API for a Stripe URL (checkout or customer portal) and go there.
 * components/api.ts has no way to send extra headers, and checkout needs an Idempotency-Key,
 * so this is a small POST of its own with the same error shape (problem+json `detail`, `code`).
 */
export type RedirectFailure = { status: number; code?: string; detail: string };

const FALLBACK: Record<number, string> = {
  0: 'Could not reach the server. Check your connection and try again.',
  401: 'Your session has ended. Sign in again to continue.',
  403: 'Only an owner of the dealer group can change its plan or payment method.',
  429: 'Too many attempts. Wait a moment and try again.',
};

/** Only a web address may be followed: never javascript: or data: URLs. */
function safeUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value, window.location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * POSTs `body` to `path` and, on success, navigates to the `url` in the answer. Resolves to a
 * failure to show, or never resolves in a useful way on success (the page is leaving).
 */
export async function postAndRedirect(path: string, body: unknown, options: { idempotencyKey?: string } = {}): Promise<RedirectFailure | null> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: {
        accept: 'application/json, application/problem+json',
        'content-type': 'application/json',
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
      },
      body: JSON.stringify(body ?? {}),
    });
  } catch {
    return { status: 0, detail: FALLBACK[0]! };
  }
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = await res.json();
    if (parsed && typeof parsed === 'object') json = parsed as Record<string, unknown>;
  } catch {
    // an empty or non-JSON body: the status decides the message
  }
  if (res.ok) {
    const url = safeUrl(json.url);
    if (!url) return { status: 502, detail: 'The payment provider did not return a page to continue on. Try again in a moment.' };
    window.location.assign(url);
    return null;
  }
  const code = typeof json.code === 'string' ? json.code : undefined;
  const detail =
    typeof json.detail === 'string' && json.detail
      ? json.detail
      : (FALLBACK[res.status] ?? (res.status >= 500 ? 'Something went wrong on our side. Try again in a moment.' : 'The request failed.'));
  return { status: res.status, code, detail };
}

/**
 * One key per click. The buttons ignore clicks while a request is pending, and the key makes the
 * server answer a repeat of the same request with the first answer instead of a second checkout.
 */
export const newIdempotencyKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
