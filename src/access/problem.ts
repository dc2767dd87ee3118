/**
 * RFC 9457 problem details: the one error shape of the API. Domain code throws a Problem;
 * the request gate turns it (and anything else) into application/problem+json.
 */
export type FieldError = { path: string; message: string };

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
  }
}

export const problems = {
  unauthenticated: () => new Problem(401, 'unauthenticated', 'Sign in to continue.'),
  forbidden: (detail = 'Your role does not allow this action.') => new Problem(403, 'forbidden', detail),
  tenantRequired: () =>
    new Problem(403, 'tenant_required', 'Create or join a dealer group before using this endpoint.'),
  notFound: (what = 'Resource') => new Problem(404, 'not_found', `${what} not found.`),
  invalid: (errors: FieldError[], detail = 'The request is invalid.') =>
    new Problem(400, 'validation_failed', detail, { errors }),
  malformedJson: () => new Problem(400, 'malformed_json', 'The request body is not valid JSON.'),
  tooLarge: (limit: number) => new Problem(413, 'payload_too_large', `The request body exceeds ${limit} bytes.`),
  unsupportedMediaType: () =>
    new Problem(415, 'unsupported_media_type', 'Send the request body as application/json.'),
  conflict: (detail: string) => new Problem(409, 'conflict', detail),
  tooManyRequests: (retryAfterSeconds: number, detail = 'Too many requests. Try again later.') =>
    new Problem(429, 'rate_limited', detail, { headers: { 'Retry-After': String(retryAfterSeconds) } }),
  unavailable: (detail = 'A dependency is unavailable. Try again shortly.') =>
    new Problem(503, 'unavailable', detail),
  idempotencyInFlight: (retryAfterSeconds: number) =>
    new Problem(409, 'idempotency_key_in_flight', 'A request with this Idempotency-Key is still being processed. Retry shortly.', {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    }),
  idempotencyMismatch: () =>
    new Problem(422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request. Use a new key for a new request.'),
  /** Clerk mode: identity, memberships and organizations are changed in Clerk, not here. */
  managedByClerk: (detail: string) => new Problem(409, 'managed_by_clerk', detail),
  readOnly: () =>
    new Problem(
      402,
      'payment_required',
      'This dealer group is read-only until the overdue invoice is paid. An owner can update the payment method under Settings → Billing.',
    ),
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemResponse(problem: Problem, requestId: string): Response {
  const body = {
    type: `urn:dealershipai:problem:${problem.code}`,
    title: TITLES[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.message,
    code: problem.code,
    requestId,
    ...(problem.extra.errors ? { errors: problem.extra.errors } : {}),
    ...problem.extra.extra,
  };
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', ...problem.extra.headers },
  });
}

/** Maps database and unknown errors to a Problem without leaking internals. */
export function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  const code = (err as { code?: unknown; cause?: { code?: unknown } })?.code ?? (err as { cause?: { code?: unknown } })?.cause?.code;
  if (code === '23505') return problems.conflict('A record with these details already exists.');
  if (code === 'ECONNREFUSED' || code === '57P01' || code === '53300') return problems.unavailable();
  return new Problem(500, 'internal_error', 'Something went wrong on our side. The error has been logged.');
}
