// What live proposals take of each open item (`claimedAmounts`, electron/store/repos/proposals.ts), which the next
// sync's matcher, a correction and the refund's credits subtract: the cash applied and what is written off, and the
// whole item where a proposal clears it and posts the rest as a residual item. Counting the cash alone left an earned
// discount's 20.00 (or a deduction's rest) open for another payment to take.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../support/store';
import { openItemRow, postingRow, transactionRow } from '../../support/store-rows';

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

  it("an instalment's claim ends once SAP holds its line against the invoice, open or since cleared", async () => {
    const store = await h.migrated();
    await store.db
      .insertInto('transactions')
      .values([1, 2, 3].map((id) => transactionRow({ transaction_id: id, queue_state: 'posted' })))
      .execute();
    await store.db
      .insertInto('open_items')
      .values(['INV1', 'INV2', 'INV3'].map((doc) => openItemRow({ doc_no: doc, amount_minor: 500_000 })))
      .execute();
    for (const [id, doc] of [
      [1, 'INV1'],
      [2, 'INV2'],
      [3, 'INV3'],
    ] as const)
      await store.repos.proposals.insert(
        {
          transactionId: id,
          tier: 'suggest',
          confidence: 0.89,
          customer: '0000100001',
          companyCode: '1000',
          items: [{ item: key(doc), amount: usd(100_000) }],
          onAccount: usd(0),
          reasons: ['test'],
          rule: 'exact-key/partial',
          writeOff: null,
        },
        AT,
      );
    // All three posted; SAP holds payment 1's line open against INV1 (a partial payment, REBZG), and payment 2's
    // line against INV2 cleared since (a refund of the instalment paid it out); payment 3's line is not mirrored yet.
    await store.db
      .insertInto('postings')
      .values(
        [1, 2, 3].map((id) =>
          postingRow({ reference: `PT${id}P`, transaction_id: id, belnr: `140000000${id}`, gjahr: '2026' }),
        ),
      )
      .execute();
    const line = (id: number, invoice: string, status: 'open' | 'cleared') =>
      openItemRow({
        doc_no: `140000000${id}`,
        amount_minor: -100_000,
        reference: `PT${id}P`,
        ref_doc_no: invoice,
        ref_fisc_year: '2026',
        ref_item_num: '001',
        status,
      });
    await store.db
      .insertInto('open_items')
      .values([line(1, 'INV1', 'open'), line(2, 'INV2', 'cleared')])
      .execute();
    const claimed = await store.repos.proposals.claimedAmounts();
    expect(Object.fromEntries(claimed)).toEqual({ '1000/INV3/2026/001': 100_000 });
    expect(Object.fromEntries(await store.repos.proposals.claimedAmounts({ docNos: ['INV1', 'INV3'] }))).toEqual({
      '1000/INV3/2026/001': 100_000,
    });
  });
});
