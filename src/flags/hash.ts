/**
 * Rollout buckets: MurmurHash3 (x86, 32-bit, seed 0) of the UTF-8 bytes of `flagKey:tenantId`,
 * modulo 10,000. A tenant is in a rollout of p percent when its bucket is below p × 100, so a
 * tenant's bucket never changes and raising p never removes a tenant that was already in.
 * Pure and dependency-free: the same numbers in Node, a browser, or another language
 * (tests/flags-vectors.json lists reference buckets).
 */

export const BUCKETS = 10_000;

/** MurmurHash3_x86_32 of the string's UTF-8 bytes, as an unsigned 32-bit integer. */
export function murmur3(input: string, seed = 0): number {
  // Tenant ids and flag keys are ASCII: hash the char codes directly, no encoding step.
  for (let i = 0; i < input.length; i++) if (input.charCodeAt(i) > 0x7f) return murmur3Bytes(new TextEncoder().encode(input), seed);
  const len = input.length;
  const blocks = len >>> 2;
  let h = seed >>> 0;
  for (let j = 0; j < blocks << 2; j += 4) {
    h = mixBlock(h, input.charCodeAt(j) | (input.charCodeAt(j + 1) << 8) | (input.charCodeAt(j + 2) << 16) | (input.charCodeAt(j + 3) << 24));
  }
  const t = blocks << 2;
  const rest = len & 3;
  const k = (rest === 3 ? input.charCodeAt(t + 2) << 16 : 0) | (rest >= 2 ? input.charCodeAt(t + 1) << 8 : 0) | (rest >= 1 ? input.charCodeAt(t) : 0);
  return finish(rest > 0 ? h ^ mixK(k) : h, len);
}

function murmur3Bytes(bytes: Uint8Array, seed: number): number {
  const at = (i: number) => bytes[i] ?? 0;
  const len = bytes.length;
  const blocks = len >>> 2;
  let h = seed >>> 0;
  for (let j = 0; j < blocks << 2; j += 4) h = mixBlock(h, at(j) | (at(j + 1) << 8) | (at(j + 2) << 16) | (at(j + 3) << 24));
  const t = blocks << 2;
  const rest = len & 3;
  const k = (rest === 3 ? at(t + 2) << 16 : 0) | (rest >= 2 ? at(t + 1) << 8 : 0) | (rest >= 1 ? at(t) : 0);
  return finish(rest > 0 ? h ^ mixK(k) : h, len);
}

function mixK(k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

function mixBlock(h: number, k: number): number {
  h ^= mixK(k);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number, len: number): number {
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

/** The evaluator's variant: the tenant id is already lower-cased. */
export const inRolloutLower = (flagKey: string, lowerTenantId: string, percentage: number): boolean =>
  murmur3(`${flagKey}:${lowerTenantId}`) % BUCKETS < percentage * (BUCKETS / 100);
