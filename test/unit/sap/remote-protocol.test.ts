// The sandbox RFC transport's framing (electron/sandbox/sap/rfc/remote-protocol.ts): however the
// stream is cut into chunks, every complete non-blank line comes out once, whole, in order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineSplitter } from '../../../electron/sandbox/sap/rfc/remote-protocol';

describe('lineSplitter', () => {
  it('hands on each complete non-blank line once, whatever the chunks', () => {
    const line = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', '{', '"', 'é', '€', ' ', '\t') }),
      fc.constantFrom('', '   ', '{"id":1,"ok":true}'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 20 }), (lines, cuts) => {
        const stream = lines.map((l) => `${l}\n`).join('');
        const at = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const seen: string[] = [];
        const feed = lineSplitter((l) => seen.push(l));
        let from = 0;
        for (const to of [...at, stream.length]) {
          feed(stream.slice(from, to));
          from = to;
        }
        expect(seen).toEqual(lines.filter((l) => l.trim() !== ''));
      }),
      { numRuns: 500 },
    );
  });

  it('holds an unfinished line until its newline arrives', () => {
    const seen: string[] = [];
    const feed = lineSplitter((l) => seen.push(l));
    feed('{"id":1');
    feed(',"ok":');
    expect(seen).toEqual([]);
    feed('true}\n{"id"');
    expect(seen).toEqual(['{"id":1,"ok":true}']);
  });
});
