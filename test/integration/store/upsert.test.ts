// Re-syncing the same PayTrace and SAP records is idempotent: one row per source key, updated only
// when the source changed, and a clerk's decision survives the re-sync.
import { expect, it } from 'vitest';
import { upsertCustomers, upsertOpenItems, upsertTransactions } from '../../../electron/store';
import { describeEachDialect } from '../../support/store';
import { customerRow, openItemRow, transactionRow } from '../../support/store-rows';

describeEachDialect('re-ingest on source keys', (h) => {
  it('a transaction synced twice is one row, and the second sync writes nothing', async () => {
    const store = await h.migrated();
    expect(await upsertTransactions(store.db, [transactionRow(), transactionRow({ transaction_id: 105968533 })])).toBe(
      2,
    );
    expect(await upsertTransactions(store.db, [transactionRow(), transactionRow({ transaction_id: 105968533 })])).toBe(
      0,
    );
    expect(
      await store.db.selectFrom('transactions').select('transaction_id').orderBy('transaction_id').execute(),
    ).toEqual([{ transaction_id: 105968532 }, { transaction_id: 105968533 }]);
  });

  it('a transaction PayTrace changed (settled into batch 4712) is refreshed, but stays parked as the clerk left it', async () => {
    const store = await h.migrated();
    await upsertTransactions(store.db, [transactionRow()]);
    await store.db
      .updateTable('transactions')
      .set({ queue_state: 'parked', state_reason: 'waiting for remittance advice' })
      .execute();
    const settled = transactionRow({
      batch: 4712,
      settled_at_utc: '2026-11-26T04:00:00.000Z',
      content_hash: 'h2',
      queue_state: 'new',
      updated_at: '2026-11-26T05:00:00.000Z',
      first_seen_at: 'later',
    });
    expect(await upsertTransactions(store.db, [settled])).toBe(1);
    const row = await store.db.selectFrom('transactions').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      batch: 4712,
      settled_at_utc: '2026-11-26T04:00:00.000Z',
      content_hash: 'h2',
      queue_state: 'parked',
      state_reason: 'waiting for remittance advice',
      first_seen_at: '2026-11-25T19:53:00.000Z',
    });
  });

  it('upserts more rows than fit in one statement', async () => {
    const store = await h.migrated();
    const rows = Array.from({ length: 1201 }, (_, i) => transactionRow({ transaction_id: 200000000 + i }));
    expect(await upsertTransactions(store.db, rows)).toBe(1201);
    expect(await upsertTransactions(store.db, rows)).toBe(0);
  });

  it('an open item re-read from SAP updates in place; a new line item of the same document is a new row', async () => {
    const store = await h.migrated();
    await upsertOpenItems(store.db, [openItemRow()]);
    await upsertOpenItems(store.db, [
      openItemRow({ amount_minor: 4000, status: 'open', synced_at: 'later' }),
      openItemRow({ item_num: '002' }),
    ]);
    const rows = await store.db
      .selectFrom('open_items')
      .select(['item_num', 'amount_minor', 'synced_at'])
      .orderBy('item_num')
      .execute();
    expect(rows).toEqual([
      { item_num: '001', amount_minor: 4000, synced_at: 'later' },
      { item_num: '002', amount_minor: 10000, synced_at: '2026-11-25T19:53:00.000Z' },
    ]);
  });

  it('every column of an open item lands in its own column, inserted and updated', async () => {
    const store = await h.migrated();
    // Each value distinct, so a value written into its neighbour's column shows.
    const row = {
      company_code: '2000',
      doc_no: '1800000042',
      fisc_year: '2026',
      item_num: '003',
      customer: '0000100042',
      amount_minor: 123456,
      currency: 'EUR',
      reference: 'INV-77',
      assignment: 'ZU-77',
      doc_type: 'DZ',
      posting_date: '2026-11-02',
      doc_date: '2026-11-01',
      due_date: '2026-12-01',
      item_text: 'instalment',
      special_gl: 'A',
      status: 'open' as const,
      synced_at: '2026-11-03T00:00:00.000Z',
      clearing_doc: null,
      clearing_date: null,
      baseline_date: '2026-11-05',
      discount_days1: 10,
      discount_pct1: 2000,
      discount_days2: 20,
      discount_pct2: 1000,
      ref_doc_no: '1800000007',
      ref_fisc_year: '2025',
      ref_item_num: '001',
    };
    await upsertOpenItems(store.db, [row]);
    const read = async (): Promise<unknown> => store.db.selectFrom('open_items').selectAll().executeTakeFirstOrThrow();
    expect(await read()).toEqual({ ...row, reference_key: '77' });
    const cleared = { ...row, status: 'cleared' as const, clearing_doc: '1400000001', clearing_date: '2026-11-20' };
    await upsertOpenItems(store.db, [cleared]);
    expect(await read()).toEqual({ ...cleared, reference_key: '77' });
  });

  it('a customer is keyed by company code and KUNNR', async () => {
    const store = await h.migrated();
    await upsertCustomers(store.db, [customerRow(), customerRow({ company_code: '2000' })]);
    await upsertCustomers(store.db, [customerRow({ name: 'Acme Corporation' })]);
    const rows = await store.db
      .selectFrom('customers')
      .select(['company_code', 'name'])
      .orderBy('company_code')
      .execute();
    expect(rows).toEqual([
      { company_code: '1000', name: 'Acme Corporation' },
      { company_code: '2000', name: 'Acme Corp' },
    ]);
  });
});
