// Migration 0280: the monitoring tables, on a store that already holds payments (which stay); a histogram
// cell is one per minute, system, outcome and bucket.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { transactionRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0280_call_metrics');

describeEachDialect('migration 0280_call_metrics', (h) => {
  it('adds call_metrics, breaker_transitions and metric_samples, keeping what is stored', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    await store.db
      .insertInto('transactions')
      .values(transactionRow({ transaction_id: 7 }))
      .execute();
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    expect(await store.db.selectFrom('transactions').select('transaction_id').execute()).toHaveLength(1);
    const cell = { minute: '2026-12-05T10:00:00.000Z', system: 'paytrace', outcome: 'ok', le_ms: 50, count: 2 };
    await store.db.insertInto('call_metrics').values(cell).execute();
    await expect(store.db.insertInto('call_metrics').values(cell).execute()).rejects.toThrow();
    await store.db
      .insertInto('breaker_transitions')
      .values({ at: cell.minute, system: 'paytrace', from_state: 'closed', to_state: 'open' })
      .execute();
    await store.db.insertInto('metric_samples').values({ at: cell.minute, metric: 'queue.review', value: 3 }).execute();
    expect(await store.db.selectFrom('breaker_transitions').select('id').execute()).toHaveLength(1);
  });
});
