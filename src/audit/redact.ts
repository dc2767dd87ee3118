import canonicalize from 'canonicalize';

export const MAX_METADATA_BYTES = 16 * 1024;
const MAX_STRING = 2048;
const REDACTED = '[redacted]';

const SECRET_KEY = /pass(word|wd|phrase)?|secret|token|api[-_]?key|authorization|cookie|session|card|cvc|cvv|iban|ssn|private[-_]?key|signature|credential/i;

const SECRET_VALUE = [
  /\beyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]+/, // JWT
  /\b(sk|rk|pk)_(live|test)_[0-9A-Za-z]{8,}/, // Stripe keys
  /\bwhsec_[0-9A-Za-z+/=]{8,}/, // webhook secrets
  /\bBearer\s+[\w.~+/-]{8,}/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function secretValue(value: string): boolean {
  if (SECRET_VALUE.some((re) => re.test(value))) return true;
  const card = value.match(/\b(?:\d[ -]?){13,19}\b/);
  return card ? luhn(card[0].replace(/\D/g, '')) : false;
}

function clean(value: unknown, depth: number): unknown {
  if (depth > 8) return '[too deep]';
  if (typeof value === 'string') {
    if (secretValue(value)) return REDACTED;
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…[truncated ${value.length - MAX_STRING} chars]` : value;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.slice(0, 200).map((v) => clean(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      out[k] = SECRET_KEY.test(k) ? REDACTED : clean(v, depth + 1);
    }
    return out;
  }
  return undefined;
}

/**
 * What may enter the audit trail: secrets removed by field name and by value pattern, long
 * strings cut, and the whole bounded to 16 KB (a larger value is replaced by a marker).
 */
export function sanitizeMetadata(metadata: Record<string, unknown> | undefined): Record<string, unknown> {
  const cleaned = (clean(metadata ?? {}, 0) ?? {}) as Record<string, unknown>;
  const size = Buffer.byteLength(canonicalize(cleaned) ?? '{}');
  if (size <= MAX_METADATA_BYTES) return cleaned;
  return { truncated: true, originalBytes: size, keys: Object.keys(cleaned).slice(0, 50) };
}

/** Before/after of the fields that changed; identical fields are left out. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'updatedAt' || key === 'createdAt') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { before: before[key] ?? null, after: after[key] ?? null };
  }
  return changes;
}
