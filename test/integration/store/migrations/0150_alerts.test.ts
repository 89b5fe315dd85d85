// Migration 0150: the alert tables, on a database that already holds data.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf, tablesOf } from '../../../support/store-introspect';
import { transactionRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0150_alerts');

describeEachDialect('migration 0150_alerts', (h) => {
  it('adds the alert window, history and subscription tables, keeping what was there', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    await store.db.insertInto('transactions').values(transactionRow()).execute();
    expect(await tablesOf(store)).not.toContain('alert_windows');
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    expect(await tablesOf(store)).toEqual(
      expect.arrayContaining(['alert_windows', 'alert_history', 'alert_subscriptions']),
    );
    expect((await columnsOf(store, 'alert_windows')).map((c) => c.name).sort()).toEqual(
      ['dedupe_key', 'kind', 'subject', 'sent_at', 'window_until', 'suppressed'].sort(),
    );
    expect((await columnsOf(store, 'alert_history')).map((c) => c.name).sort()).toEqual(
      ['id', 'at', 'kind', 'dedupe_key', 'subject', 'message', 'status', 'recipients', 'error'].sort(),
    );
    expect((await columnsOf(store, 'alert_subscriptions')).map((c) => c.name).sort()).toEqual(
      ['user_key', 'user_name', 'email', 'kinds', 'updated_at'].sort(),
    );
    expect(await store.db.selectFrom('transactions').select('transaction_id').execute()).toHaveLength(1);
  });
});
