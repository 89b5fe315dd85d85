// Settlement batches against the ledger: each PayTrace batch's net (sales less refunds) equals
// what was posted for it plus what is still open in the queue.
import { expect, it } from 'vitest';
import { transactionRow } from '../../support/store-rows';
import { describeEachDialect } from '../../support/store';
import { clerk, coreWith } from './core-fixture';

const usd = (minor: number) => ({ minor, currency: 'USD' });
const settled = { settled_at_utc: '2026-11-21T04:13:45.000Z', settled_at_original: '11/20/2026 8:13:45 PM' };

function posting(transaction_id: number, event: 'payment' | 'refund', state: 'posted' | 'failed' | 'sending') {
  return {
    reference: `PT${transaction_id}${event === 'refund' ? 'R' : 'P'}`,
    transaction_id,
    event,
    state,
    company_code: '1000',
    document: '{}',
    belnr: state === 'posted' ? '0100000001' : null,
    gjahr: state === 'posted' ? '2026' : null,
    messages: '[]',
    attempts: 1,
    approved_by: 'mia.clerk',
    created_at: 'x',
    updated_at: 'x',
  };
}

describeEachDialect('settlement batches', (h) => {
  it('batch 571 settled 165.00 of sales and 20.00 of refunds: of the 145.00 net, 80.00 is posted and 65.00 still open', async () => {
    const store = await h.migrated();
    await store.db
      .insertInto('transactions')
      .values([
        transactionRow({ transaction_id: 1, batch: 571, amount_minor: 10000, queue_state: 'posted', ...settled }),
        transactionRow({ transaction_id: 2, batch: 571, amount_minor: 5000, queue_state: 'review', ...settled }),
        transactionRow({
          transaction_id: 3,
          batch: 571,
          kind: 'refund',
          amount_minor: 2000,
          queue_state: 'posted',
          ...settled,
        }),
        transactionRow({ transaction_id: 4, batch: 571, amount_minor: 1500, queue_state: 'failed', ...settled }),
        transactionRow({
          transaction_id: 5,
          batch: 572,
          amount_minor: 7500,
          queue_state: 'parked',
          settled_at_utc: '2026-11-22T04:10:00.000Z',
          settled_at_original: '11/21/2026 8:10:00 PM',
        }),
        transactionRow({
          transaction_id: 6,
          batch: 572,
          amount_minor: 9_000_000_000_000,
          queue_state: 'posted',
          settled_at_utc: '2026-11-22T04:10:00.000Z',
          settled_at_original: '11/21/2026 8:10:00 PM',
        }),
        // Not settled yet: in no batch.
        transactionRow({ transaction_id: 7, batch: null, status: 'pending', amount_minor: 999, queue_state: 'review' }),
      ])
      .execute();
    await store.db
      .insertInto('postings')
      .values([
        posting(1, 'payment', 'posted'),
        posting(3, 'refund', 'posted'),
        posting(4, 'payment', 'failed'),
        posting(6, 'payment', 'posted'),
      ])
      .execute();

    const core = await coreWith(store, { paytrace: [], sap: { customers: [], openItems: [] }, posted: [] });
    const batches = await core.handle('batches.list', {}, clerk);
    expect(batches.map((b) => b.batch)).toEqual([572, 571]);
    expect(batches[1]).toEqual({
      batch: 571,
      currency: 'USD',
      settledDate: '2026-11-20',
      salesCount: 3,
      refundsCount: 1,
      sales: usd(16500),
      refunds: usd(2000),
      net: usd(14500),
      posted: usd(8000),
      stillOpen: usd(6500),
      states: {
        new: 0,
        review: 1,
        prepared: 0,
        approved: 0,
        posted: 2,
        reversing: 0,
        pending: 0,
        parked: 0,
        ignored: 0,
        failed: 1,
        closed: 0,
      },
    });
    // Amounts beyond 2^31 minor units stay exact on both dialects.
    expect(batches[0]).toMatchObject({
      batch: 572,
      settledDate: '2026-11-21',
      salesCount: 2,
      refundsCount: 0,
      sales: usd(9_000_000_007_500),
      posted: usd(9_000_000_000_000),
      stillOpen: usd(7500),
      states: expect.objectContaining({ parked: 1, posted: 1 }),
    });
  });

  it('an empty store has no batches', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, { paytrace: [], sap: { customers: [], openItems: [] }, posted: [] });
    expect(await core.handle('batches.list', {}, clerk)).toEqual([]);
  });
});
