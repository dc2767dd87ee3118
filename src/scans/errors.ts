export type ScanErrorCode =
  | 'invalid_input'
  | 'invalid_url'
  | 'refused_by_guard'
  | 'unreachable'
  | 'robots_disallowed'
  | 'robots_unavailable'
  | 'aborted';

/** A scan that cannot produce a report. `message` is written for the person who started it. */
export class ScanError extends Error {
  readonly code: ScanErrorCode;

  constructor(code: ScanErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScanError';
    this.code = code;
  }
}

/** Raised by the SSRF guard (also from inside the socket's DNS lookup). */
export class GuardError extends Error {
  readonly code = 'ESCANGUARD';

  constructor(message: string) {
    super(message);
    this.name = 'GuardError';
  }
}

/** Finds a GuardError anywhere in an error's cause chain (undici wraps connect errors). */
export function findGuardError(err: unknown): GuardError | null {
  let e: unknown = err;
  for (let i = 0; i < 8 && e; i++) {
    if (e instanceof GuardError) return e;
    if (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'ESCANGUARD') {
      return new GuardError(String((e as { message?: unknown }).message ?? 'refused by the address guard'));
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
