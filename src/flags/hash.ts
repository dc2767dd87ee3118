/**
 * Rollout buckets: MurmurHash3 (x86, 32-bit, seed 0) of the UTF-8 bytes of `flagKey:tenantId`,
 * modulo 10,000. A tenant is in a rollout of p percent when its bucket is below p × 100, so a
 * tenant's bucket never changes and raising p never removes a tenant that was already in.
 * Pure and dependency-free: the same numbers in Node, a browser, or another language
 * (tests/flags-vectors.json lists reference buckets).
 */

export const BUCKETS = 10_000;

function utf8(input: string): (i: number) => number {
  // Fast path: tenant ids and flag keys are ASCII.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(input)) return (i) => input.charCodeAt(i);
  const bytes = new TextEncoder().encode(input);
  return (i) => bytes[i] ?? 0;
}

function byteLength(input: string): number {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(input) ? input.length : new TextEncoder().encode(input).length;
}

/** MurmurHash3_x86_32 of the string's UTF-8 bytes, as an unsigned 32-bit integer. */
export function murmur3(input: string, seed = 0): number {
  const at = utf8(input);
  const len = byteLength(input);
  const blocks = len >>> 2;
  let h = seed >>> 0;
  for (let b = 0; b < blocks; b++) {
    const j = b << 2;
    let k = at(j) | (at(j + 1) << 8) | (at(j + 2) << 16) | (at(j + 3) << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = blocks << 2;
  const rest = len & 3;
  if (rest > 0) {
    let k = 0;
    if (rest === 3) k ^= at(tail + 2) << 16;
    if (rest >= 2) k ^= at(tail + 1) << 8;
    k ^= at(tail);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The tenant's bucket for a flag, 0–9,999. Tenant ids are compared lower-cased. */
export const bucketOf = (flagKey: string, tenantId: string): number => murmur3(`${flagKey}:${tenantId.toLowerCase()}`) % BUCKETS;

/** In a rollout of `percentage` (0–100)? Monotonic in the percentage. */
export const inRollout = (flagKey: string, tenantId: string, percentage: number): boolean =>
  bucketOf(flagKey, tenantId) < percentage * (BUCKETS / 100);
