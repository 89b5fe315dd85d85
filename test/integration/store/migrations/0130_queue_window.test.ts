// Migration 0130: the indexes the queue window pages by, on a database that already holds payments.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrate, type Store } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { transactionRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0130_queue_window');

async function indexesOf(store: Store): Promise<string[]> {
  const rows =
    store.dialect === 'postgres'
      ? await sql<{ name: string }>`select indexname as name from pg_indexes
          where tablename = 'transactions' and schemaname = current_schema()`.execute(store.db)
      : await sql<{ name: string }>`select name from sqlite_master
          where type = 'index' and tbl_name = 'transactions'`.execute(store.db);
  return rows.rows.map((r) => r.name).filter((n) => n.startsWith('transactions_by_'));
}

describeEachDialect('migration 0130_queue_window', (h) => {
  it('adds an index per queue order, keeping the payments there', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    await store.db.insertInto('transactions').values(transactionRow()).execute();
    expect((await indexesOf(store)).sort()).toEqual(['transactions_by_batch', 'transactions_by_queue_state']);
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    expect((await indexesOf(store)).sort()).toEqual([
      'transactions_by_amount',
      'transactions_by_batch',
      'transactions_by_billing_name',
      'transactions_by_created',
      'transactions_by_currency_amount',
      'transactions_by_invoice',
      'transactions_by_queue_state',
      'transactions_by_state_created',
    ]);
    expect(await store.db.selectFrom('transactions').select('transaction_id').execute()).toHaveLength(1);
  });
});
