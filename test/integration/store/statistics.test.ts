// The planner's statistics (store/repos/statistics.ts): on SQLite, a big tab of the queue sorted by
// amount is read through the amount index once the statistics say the tab is big, and a small tab
// still through its state; before, SQLite guessed and sorted the big tab whole. PostgreSQL keeps its
// own (autovacuum): refreshing there does nothing and fails nothing.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { upsertTransactions, type Store } from '../../../electron/store';
import { describeEachDialect } from '../../support/store';
import { transactionRow } from '../../support/store-rows';

async function seed(store: Store): Promise<void> {
  const rows = Array.from({ length: 3000 }, (_, i) =>
    transactionRow({
      transaction_id: 10_000 + i,
      amount_minor: ((i * 7919) % 3000) * 100 + 1,
      queue_state: i % 20 === 0 ? 'parked' : 'review',
    }),
  );
  for (let i = 0; i < rows.length; i += 500) await upsertTransactions(store.db, rows.slice(i, i + 500));
}

async function planOf(store: Store, states: readonly string[]): Promise<string> {
  const rows = await sql<{ detail: string }>`explain query plan select t.transaction_id from transactions t
    where t.queue_state in (${sql.join([...states])}) order by t.amount_minor, t.transaction_id limit 100`.execute(
    store.db,
  );
  return rows.rows.map((r) => r.detail).join('\n');
}

describeEachDialect('planner statistics', (h) => {
  it.runIf(h.dialect === 'sqlite')(
    'a big tab sorted by amount walks the amount index once analyzed; a small tab keeps its state index',
    async () => {
      const store = await h.migrated();
      await seed(store);
      expect(await planOf(store, ['new', 'review'])).toContain('TEMP B-TREE');
      await store.repos.statistics.refresh();
      const big = await planOf(store, ['new', 'review']);
      expect(big).toContain('transactions_by_amount');
      expect(big).not.toContain('TEMP B-TREE');
      expect(await planOf(store, ['parked'])).toContain('(queue_state=?)');
      // Nothing changed since: refreshing again is cheap and keeps the plans.
      await store.repos.statistics.refresh();
      expect(await planOf(store, ['new', 'review'])).toContain('transactions_by_amount');
    },
  );

  it.runIf(h.dialect === 'postgres')('leaves PostgreSQL to its autovacuum', async () => {
    const store = await h.migrated();
    await expect(store.repos.statistics.refresh()).resolves.toBeUndefined();
  });
});
