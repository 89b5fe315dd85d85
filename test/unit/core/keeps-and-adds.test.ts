// When a payment partly applied is matched again (electron/core/sync/run.ts `rematchPartlyApplied`), its new
// proposal replaces the old one only where it keeps what the old one applied, applies more, and takes nothing
// another waiting payment's live proposal holds: no item is given twice.
import { describe, expect, it } from 'vitest';
import { keepsAndAdds } from '../../../electron/core/sync/run';

const item = (BELNR: string, minor: number) => ({
  item: { BUKRS: '1000', BELNR, GJAHR: '2026', BUZEI: '001' },
  amount: { minor, currency: 'USD' },
});
const key = (BELNR: string) => `1000/${BELNR}/2026/001`;

describe('keepsAndAdds', () => {
  const before = { transactionId: 1, items: [item('A', 10_000)] };
  const holders = new Map([
    [key('A'), new Set([1])],
    [key('C'), new Set([2])],
  ]);

  it('keeps the old item and adds a new one: taken', () => {
    expect(keepsAndAdds(before, { items: [item('A', 10_000), item('B', 5_000)] }, holders)).toBe(true);
  });

  it('more of the same item (a partial payment now pays more of it): taken', () => {
    expect(keepsAndAdds(before, { items: [item('A', 12_000)] }, holders)).toBe(true);
  });

  it('the same items, or fewer, or less of one: not taken', () => {
    expect(keepsAndAdds(before, { items: [item('A', 10_000)] }, holders)).toBe(false);
    expect(keepsAndAdds(before, { items: [item('B', 15_000)] }, holders)).toBe(false);
    expect(keepsAndAdds(before, { items: [item('A', 9_000), item('B', 6_000)] }, holders)).toBe(false);
  });

  it("an item another waiting payment's proposal holds: not taken, whatever else it adds", () => {
    expect(keepsAndAdds(before, { items: [item('A', 10_000), item('C', 5_000)] }, holders)).toBe(false);
    // Held by this payment and another one (two partial claims): still another's.
    const shared = new Map([[key('B'), new Set([1, 2])]]);
    expect(keepsAndAdds(before, { items: [item('A', 10_000), item('B', 5_000)] }, shared)).toBe(false);
    // More of an item it shares with another payment: the other's claim stays live, so not taken either.
    const both = new Map([[key('A'), new Set([1, 2])]]);
    expect(keepsAndAdds(before, { items: [item('A', 12_000)] }, both)).toBe(false);
    expect(keepsAndAdds(before, { items: [item('A', 10_000), item('B', 2_000)] }, both)).toBe(true);
  });
});
