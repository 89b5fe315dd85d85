// The audit hash is over canonical JSON, so the same entry must always give the same text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../electron/store/canonical-json';

describe('canonical JSON', () => {
  it('sorts keys at every level and adds no spaces', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], e: { g: true, f: 2 } })).toBe(
      '{"a":[{"c":"x","d":null}],"b":1,"e":{"f":2,"g":true}}',
    );
  });

  it('drops undefined members as JSON does, and writes dates as ISO text', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], at: new Date(0) })).toBe(
      '{"at":"1970-01-01T00:00:00.000Z","b":[null]}',
    );
  });

  it('refuses values JSON would silently change', () => {
    expect(() => canonicalJson({ amount: NaN })).toThrow(/\$\.amount is NaN/);
    expect(() => canonicalJson({ n: [1, 2n] })).toThrow(/\$\.n\[1\] is a bigint/);
  });

  it('gives the same text whatever the key order, and survives a parse round trip', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        const reversed = JSON.parse(
          JSON.stringify(value, (_k, v: unknown) =>
            v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
          ),
        );
        expect(canonicalJson(reversed)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});
