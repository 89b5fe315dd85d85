// Migration 0100: each refund attempt's reference at PayTrace, unique; 'unknown' counts as in
// progress (one per sale); requests written before it read back as never sent.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf } from '../../../support/store-introspect';
import { transactionRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0100_refund_references');

const request = (over: Record<string, unknown> = {}) => ({
  transaction_id: 100000001,
  amount_minor: 2500,
  currency: 'USD',
  reason: 'Customer returned one of two chairs',
  state: 'requested',
  prepared_by: 'alice',
  prepared_at: '2026-11-25T20:00:00.000Z',
  updated_at: '2026-11-25T20:00:00.000Z',
  ...over,
});

describeEachDialect('migration 0100_refund_references', (h) => {
  it('adds the attempt columns; only attempt is required (0 before the first send)', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    const added = (await columnsOf(store, 'refund_requests')).slice(-5);
    expect(added.map((c) => [c.name, c.nullable])).toEqual([
      ['reference', true],
      ['attempt', false],
      ['operation', true],
      ['sent_at', true],
      ['sent_by', true],
    ]);
  });

  it('keeps requests written before it: never sent, attempt 0, no reference', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    await store.db
      .insertInto('refund_requests')
      .values(request({ state: 'refunded', paytrace_transaction_id: 100000050 }) as never)
      .execute();
    await migrate(store);
    const [r] = await store.repos.refunds.list(undefined, 10);
    expect(r).toMatchObject({
      state: 'refunded',
      paytraceTransactionId: 100000050,
      reference: null,
      attempt: 0,
      operation: null,
      sentAt: null,
      sentBy: null,
    });
  });

  it("counts 'unknown' as in progress: a second request of the sale is refused until it is resolved", async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    const insert = (over: Record<string, unknown>) =>
      store.db
        .insertInto('refund_requests')
        .values(request(over) as never)
        .execute();
    await insert({ state: 'unknown', reference: 'CDR1-K7Q2M', attempt: 1 });
    await expect(insert({})).rejects.toThrow(/unique/i);
    await insert({ state: 'failed', error: 'refused' });
    await insert({ transaction_id: 100000002 });
  });

  it('never lets two requests carry the same reference', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    const insert = (over: Record<string, unknown>) =>
      store.db
        .insertInto('refund_requests')
        .values(request({ state: 'refunded', ...over }) as never)
        .execute();
    await insert({ reference: 'CDR1-K7Q2M', attempt: 1 });
    await insert({ reference: null });
    await insert({ reference: null });
    await expect(insert({ reference: 'CDR1-K7Q2M', attempt: 1 })).rejects.toThrow(/unique/i);
  });

  it('finds PayTrace refunds by the reference they carry, and nothing else', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store);
    await store.db
      .insertInto('transactions')
      .values([
        transactionRow({ transaction_id: 1, kind: 'sale', customer_reference_id: 'CDR1-K7Q2M' }),
        transactionRow({ transaction_id: 2, kind: 'refund', customer_reference_id: 'CDR1-K7Q2M' }),
        transactionRow({ transaction_id: 3, kind: 'refund', customer_reference_id: 'CDR1-K7Q2M-2' }),
        transactionRow({ transaction_id: 4, kind: 'refund', customer_reference_id: 'PO-77' }),
      ])
      .execute();
    const found = await store.repos.payments.refundsWithReferences(['CDR1-K7Q2M', 'CDR9-AAAAA']);
    expect(found.map((p) => p.source.transaction_id)).toEqual([2]);
    expect(await store.repos.payments.refundsWithReferences([])).toEqual([]);
  });
});
