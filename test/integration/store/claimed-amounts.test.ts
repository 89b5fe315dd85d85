// What live proposals take of each open item (`claimedAmounts`, electron/store/repos/proposals.ts), which the next
// sync's matcher, a correction and the refund's credits subtract: the cash applied and what is written off, and the
// whole item where a proposal clears it and posts the rest as a residual item. Counting the cash alone left an earned
// discount's 20.00 (or a deduction's rest) open for another payment to take.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../support/store';
import { openItemRow, transactionRow } from '../../support/store-rows';

const AT = '2026-12-01T00:00:00.000Z';
const usd = (minor: number) => ({ minor, currency: 'USD' });
const key = (BELNR: string) => ({ BUKRS: '1000', BELNR, GJAHR: '2026', BUZEI: '001' });

describeEachDialect('claimed amounts of open items', (h) => {
  it('cash and write-off; the whole item for a residual; none of the payments left out', async () => {
    const store = await h.migrated();
    await store.db
      .insertInto('transactions')
      .values([1, 2, 3, 4].map((id) => transactionRow({ transaction_id: id, queue_state: 'review' })))
      .execute();
    await store.db
      .insertInto('open_items')
      .values(['A', 'B', 'C', 'D'].map((doc) => openItemRow({ doc_no: doc, amount_minor: 100_000 })))
      .execute();
    const proposal = (
      transactionId: number,
      doc: string,
      cash: number,
      writeOff: number,
      rule: string,
      why: 'discount' | 'tolerance' | null,
    ) => ({
      transactionId,
      tier: 'suggest' as const,
      confidence: 0.89,
      customer: '0000100001',
      companyCode: '1000',
      items: [{ item: key(doc), amount: usd(cash), ...(writeOff ? { writeOff: usd(writeOff) } : {}) }],
      onAccount: usd(0),
      reasons: ['test'],
      rule,
      writeOff: why ? { amount: usd(writeOff), gl: '0000880010', why } : null,
    });
    // An earned discount: 980.00 paid and 20.00 written off take all 1,000.00.
    await store.repos.proposals.insert(proposal(1, 'A', 98_000, 2_000, 'exact-key/discount', 'discount'), AT);
    // A round deduction: 900.00 paid, the invoice cleared and 100.00 posted again as a residual item.
    await store.repos.proposals.insert(proposal(2, 'B', 90_000, 0, 'exact-key/deduction', null), AT);
    // A late discount with the later level granted: 970.00 paid, 20.00 granted, the rest a residual item.
    await store.repos.proposals.insert(proposal(3, 'C', 97_000, 2_000, 'exact-key/short-pay', 'discount'), AT);
    // A partial payment: 600.00 of the invoice, the rest stays open on it.
    await store.repos.proposals.insert(proposal(4, 'D', 60_000, 0, 'exact-key/partial', null), AT);

    const claimed = await store.repos.proposals.claimedAmounts();
    expect(Object.fromEntries(claimed)).toEqual({
      '1000/A/2026/001': 100_000,
      '1000/B/2026/001': 100_000,
      '1000/C/2026/001': 100_000,
      '1000/D/2026/001': 60_000,
    });
    const others = await store.repos.proposals.claimedAmounts({
      exceptTransactionIds: [1, 4],
      docNos: ['A', 'B', 'D'],
    });
    expect(Object.fromEntries(others)).toEqual({ '1000/B/2026/001': 100_000 });
    const one = await store.repos.proposals.claimedAmounts({ exceptTransactionId: 2 });
    expect([...one.keys()].sort()).toEqual(['1000/A/2026/001', '1000/C/2026/001', '1000/D/2026/001']);
  });
});
