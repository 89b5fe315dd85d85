// Migration 0350: a new payment's search text is written by the page that inserts it, not by a trigger per
// row; a changed or deleted payment still updates its text through the triggers.
import { expect, it } from 'vitest';
import { migrate, type Store } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { indexNewPayments } from '../../../../electron/store/queue-search';
import { describeEachDialect } from '../../../support/store';
import { queueSearchTexts as texts } from '../../../support/store-introspect';
import { transactionRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0350_queue_search_on_ingest');

/** What the filter finds for `text`. */
const found = async (store: Store, text: string) =>
  (await store.repos.queue.window({ text, offset: 0, limit: 10 })).entries.map((e) => e.payment.source.transaction_id);

describeEachDialect('migration 0350_queue_search_on_ingest', (h) => {
  it('leaves a new row to the page that inserts it; changes and deletes still reach the text', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    await store.db
      .insertInto('transactions')
      .values(transactionRow({ transaction_id: 1, billing_name: 'Before Migration Ltd' }))
      .execute();
    expect((await texts(store)).get(1)).toContain('before migration ltd');

    await migrate(store);
    // A row inserted without its page's call has no text: the trigger is gone.
    await store.db
      .insertInto('transactions')
      .values([
        transactionRow({ transaction_id: 2, billing_name: 'Quillfeather Inc' }),
        transactionRow({ transaction_id: 3, billing_name: 'Marlowe & Sons', masked_card: 'xxxxxxxxxxxx4471' }),
      ])
      .execute();
    expect((await texts(store)).has(2)).toBe(false);
    await store.db.transaction().execute((trx) => indexNewPayments(trx, [2, 3]));
    expect(await found(store, 'quillfeather')).toEqual([2]);
    expect(await found(store, '4471')).toEqual([3]);
    // Written again, not twice.
    await store.db.transaction().execute((trx) => indexNewPayments(trx, [2]));
    expect([...(await texts(store)).keys()].sort()).toEqual([1, 2, 3]);

    await store.db
      .updateTable('transactions')
      .set({ billing_name: 'Renamed GmbH' })
      .where('transaction_id', '=', 2)
      .execute();
    expect(await found(store, 'renamed')).toEqual([2]);
    expect(await found(store, 'quillfeather')).toEqual([]);
    await store.db.deleteFrom('transactions').where('transaction_id', '=', 3).execute();
    expect([...(await texts(store)).keys()].sort()).toEqual([1, 2]);
    expect(await found(store, '4471')).toEqual([]);
  });
});
