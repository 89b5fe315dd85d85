// An audit entry's detail in words (renderer/src/ui/audit-detail.ts): amounts of their currency, a state
// change, lists and nested records; what is not money stays as stored.
import { describe, expect, it } from 'vitest';
import { detailLine, fieldsOf } from '../../../renderer/src/ui/audit-detail';

describe('an audit detail in words', () => {
  it('reads stored money as amounts of its currency, JPY and KWD too', () => {
    expect(
      detailLine({
        after: {
          items: [{ BELNR: '0090000044', amount: { currency: 'USD', minor: 94762 } }],
          onAccount: { currency: 'USD', minor: 750361 },
        },
      }),
    ).toBe('after: (items: (BELNR: 0090000044, amount: 947.62 USD), onAccount: 7,503.61 USD)');
    expect(detailLine({ amount: { minor: 12345, currency: 'JPY' }, fee: { minor: 1234, currency: 'KWD' } })).toBe(
      'amount: 12,345 JPY · fee: 1.234 KWD',
    );
  });

  it('reads an amount in minor units beside its currency, and the state change', () => {
    expect(
      fieldsOf({
        refundId: 1,
        amountMinor: 1000580,
        currency: 'USD',
        reason: 'Customer unhappy',
        transition: { event: 'approve', from: 'review', to: 'posted' },
      }),
    ).toEqual([
      { key: 'refundId', text: '1' },
      { key: 'amount', text: '10,005.80 USD' },
      { key: 'reason', text: 'Customer unhappy' },
      { key: 'transition', text: 'review → posted (approve)' },
    ]);
  });

  it("reads an approval's items in the payment's currency (their minor units beside the approval's amount)", () => {
    expect(
      detailLine({
        proposalId: 94,
        amount: { minor: 845123, currency: 'USD' },
        items: [{ companyCode: '1000', docNo: '1800000005', fiscYear: '2026', itemNum: '001', minor: 800000 }],
      }),
    ).toBe(
      'proposalId: 94 · amount: 8,451.23 USD · items: (companyCode: 1000, docNo: 1800000005, fiscYear: 2026, itemNum: 001, amount: 8,000.00 USD)',
    );
    // Without a currency anywhere above, minor units stay as stored.
    expect(detailLine({ after: { items: [{ BELNR: '1800000002', minor: 25000 }] } })).toBe(
      'after: (items: (BELNR: 1800000002, minor: 25000))',
    );
  });

  it("reads a correction's items in the currency of the money beside them (its on-account amount)", () => {
    expect(
      detailLine({
        before: null,
        after: {
          tier: 'suggest',
          items: [{ BELNR: '1800000060', minor: 800000 }],
          onAccount: { minor: 45123, currency: 'USD' },
        },
      }),
    ).toBe(
      'before: — · after: (tier: suggest, items: (BELNR: 1800000060, amount: 8,000.00 USD), onAccount: 451.23 USD)',
    );
    // Money in two currencies beside them says nothing of the items': they stay as stored.
    expect(
      detailLine({
        items: [{ BELNR: '1', minor: 5 }],
        a: { minor: 1, currency: 'USD' },
        b: { minor: 1, currency: 'EUR' },
      }),
    ).toBe('items: (BELNR: 1, minor: 5) · a: 0.01 USD · b: 0.01 EUR');
  });

  it('leaves what only looks like money as it is: other keys, an unknown currency, no currency beside', () => {
    expect(detailLine({ total: { minor: 5, currency: 'USD', note: 'x' } })).toBe(
      'total: (minor: 5, currency: USD, note: x)',
    );
    expect(detailLine({ amount: { minor: 5, currency: 'ZZZ' } })).toBe('amount: (minor: 5, currency: ZZZ)');
    expect(detailLine({ amountMinor: 500 })).toBe('amountMinor: 500');
    expect(detailLine({ reasons: [], decidedBy: null })).toBe('reasons: none · decidedBy: —');
  });
});
