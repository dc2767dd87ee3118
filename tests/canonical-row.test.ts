import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, rowEncoder } from '@/src/lifecycle/canonical-row';

/**
 * The export's encoders against the reference RFC 8785 implementation (the `canonicalize`
 * package), byte for byte, on generated JSON: every UTF-16 code unit in strings and keys (lone
 * surrogates and control characters included), integer-like keys (which JavaScript orders before
 * the others in an object), long strings, -0 and extreme numbers.
 */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const codeUnitString = (maxLength: number, minLength = 0) =>
  fc.string({ unit: codeUnit, minLength, maxLength });
const key = fc.oneof(
  codeUnitString(6),
  fc.nat(20).map(String),
  fc.constantFrom('id', 'tenant_id', 'ä', '€', '\u{1F600}'),
);
const leaf = fc.oneof(
  { arbitrary: codeUnitString(40), weight: 20 },
  // safe-stable-stringify takes another path for strings of 5,000 characters or more.
  { arbitrary: codeUnitString(5010, 5000), weight: 1 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 5 },
  { arbitrary: fc.integer(), weight: 5 },
  { arbitrary: fc.boolean(), weight: 2 },
  { arbitrary: fc.constant(null), weight: 2 },
);
// Values as JSON.parse returns them, which is what the export encodes.
const json = fc
  .letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(key, tie('value'), { maxKeys: 6 }),
    ),
  }))
  .value.map((v) => JSON.parse(JSON.stringify(v)) as unknown);

const reference = (value: unknown) => canonicalize(value) ?? 'null';

describe('canonicalJson', () => {
  it('writes what the reference RFC 8785 implementation writes', () => {
    fc.assert(
      fc.property(json, (value) => canonicalJson(value) === reference(value)),
      { numRuns: 1000 },
    );
  });

  it('refuses what is not JSON instead of writing something', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(() => canonicalJson(cycle)).toThrow();
  });
});

describe('rowEncoder', () => {
  const rows = fc
    .uniqueArray(key, { minLength: 1, maxLength: 8 })
    .chain((keys) =>
      fc.tuple(
        fc.constant(keys),
        fc.array(fc.tuple(...keys.map(() => json)), { minLength: 1, maxLength: 5 }),
      ),
    );

  it('writes what the reference writes for rows with the expected keys', () => {
    fc.assert(
      fc.property(rows, ([keys, tuples]) => {
        const encode = rowEncoder(keys);
        return tuples.every((values) => {
          const row = JSON.parse(
            JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, values[i]]))),
          ) as Record<string, unknown>;
          return encode(row) === reference(row);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('falls back to the general encoding when a row has other keys than expected', () => {
    const encode = rowEncoder(['a', 'b', 'c']);
    for (const row of [
      { a: 1, b: 2 },
      { a: 1, b: 2, c: 3, d: 4 },
      { a: 1, b: 2, d: 4 },
      {},
      { b: [2, { z: 1, y: 0 }], c: null, a: 'x' },
    ]) {
      expect(encode(row)).toBe(reference(row));
    }
    expect(rowEncoder([])({ x: 1 })).toBe('{"x":1}');
  });
});
