/**
 * The one client-side fetch helper. Sends JSON to our own API (same origin, cookies
 * included) and turns every failure into one shape: problem+json from the request gate,
 * better-auth's `{ message, code }`, and network errors alike.
 */
export type FieldErrors = Record<string, string>;

export type ApiFailure = {
  ok: false;
  status: number;
  code?: string;
  detail: string;
  /** First message per top-level field, e.g. `brands.2` is reported under `brands`. */
  fieldErrors: FieldErrors;
  /** Validation messages that belong to no particular field. */
  formErrors: string[];
};

export type ApiSuccess<T> = { ok: true; status: number; data: T };
export type ApiResult<T> = ApiSuccess<T> | ApiFailure;

type Body = {
  detail?: unknown;
  message?: unknown;
  code?: unknown;
  errors?: unknown;
};

const FALLBACK: Record<number, string> = {
  0: 'Could not reach the server. Check your connection and try again.',
  400: 'Please check the form and try again.',
  401: 'Your session has ended. Sign in again to continue.',
  403: 'Your role does not allow this action.',
  404: 'That item no longer exists.',
  409: 'This conflicts with the current state. Reload the page and try again.',
  413: 'That is too much data to send at once.',
  429: 'Too many attempts. Wait a moment and try again.',
};

function fallback(status: number): string {
  return FALLBACK[status] ?? (status >= 500 ? 'Something went wrong on our side. Try again in a moment.' : 'The request failed.');
}

export async function api<T = unknown>(path: string, options: { method?: string; body?: unknown } = {}): Promise<ApiResult<T>> {
  const { method = options.body === undefined ? 'GET' : 'POST', body } = options;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: {
        accept: 'application/json, application/problem+json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, detail: fallback(0), fieldErrors: {}, formErrors: [] };
  }

  const text = await res.text().catch(() => '');
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (res.ok) return { ok: true, status: res.status, data: json as T };

  const problem = (json && typeof json === 'object' ? json : {}) as Body;
  const fieldErrors: FieldErrors = {};
  const formErrors: string[] = [];
  if (Array.isArray(problem.errors)) {
    for (const e of problem.errors as Array<{ path?: unknown; message?: unknown }>) {
      const message = typeof e?.message === 'string' ? e.message : null;
      if (!message) continue;
      const field = typeof e.path === 'string' ? e.path.split('.')[0] : '';
      if (field) fieldErrors[field] ??= message;
      else formErrors.push(message);
    }
  }
  let detail =
    typeof problem.detail === 'string' && problem.detail
      ? problem.detail
      : typeof problem.message === 'string' && problem.message
        ? problem.message
        : fallback(res.status);
  if (res.status === 429) {
    const retry = Number(res.headers.get('retry-after'));
    if (Number.isFinite(retry) && retry > 0) {
      const minutes = Math.ceil(retry / 60);
      detail = `${detail} You can try again in ${retry < 90 ? `${retry} seconds` : `${minutes} minutes`}.`;
    }
  }
  return {
    ok: false,
    status: res.status,
    code: typeof problem.code === 'string' ? problem.code : undefined,
    detail,
    fieldErrors,
    formErrors,
  };
}

/** Only same-site paths: "/x" but never "//evil.example" or "/\\evil.example". */
export function safeNext(value: unknown, fallbackPath = '/dashboard'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallbackPath;
  return value;
}
