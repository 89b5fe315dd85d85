// Migration 0290: the proposals' index for the queue's tier sort, on a database that already holds
// proposals.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrate, type Store } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { transactionRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0290_queue_tier');

async function indexesOf(store: Store): Promise<string[]> {
  const rows =
    store.dialect === 'postgres'
      ? await sql<{ name: string }>`select indexname as name from pg_indexes
          where tablename = 'proposals' and schemaname = current_schema()`.execute(store.db)
      : await sql<{ name: string }>`select name from sqlite_master
          where type = 'index' and tbl_name = 'proposals'`.execute(store.db);
  return rows.rows.map((r) => r.name).filter((n) => n.startsWith('proposals_by_'));
}

describeEachDialect('migration 0290_queue_tier', (h) => {
  it('adds the tier index on proposals, keeping the proposals there', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    await store.db.insertInto('transactions').values(transactionRow()).execute();
    const { transaction_id } = await store.db
      .selectFrom('transactions')
      .select('transaction_id')
      .executeTakeFirstOrThrow();
    await store.db
      .insertInto('proposals')
      .values({
        transaction_id: Number(transaction_id),
        tier: 'suggest',
        confidence: 700,
        customer: '0000100001',
        company_code: '1000',
        on_account_minor: 0,
        currency: 'USD',
        reasons: '[]',
        rule: 'test',
        status: 'open',
        created_at: '2026-12-01T00:00:00.000Z',
        decided_by: null,
        decided_at: null,
      })
      .execute();
    const before = await indexesOf(store);
    expect(before).not.toContain('proposals_by_transaction_status_confidence');
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    expect((await indexesOf(store)).sort()).toEqual([...before, 'proposals_by_transaction_status_confidence'].sort());
    expect(await store.db.selectFrom('proposals').select('confidence').execute()).toEqual([{ confidence: 700 }]);
  });
});
