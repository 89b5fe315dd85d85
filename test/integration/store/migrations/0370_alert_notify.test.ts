// Migration 0370: the kinds a person is shown as notifications. A subscription saved before it keeps its
// e-mailed kinds and reads as "every kind" for notifications, as the app behaved before.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { subscriptionOf } from '../../../../electron/core/alerts/alerts';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { ALERT_KINDS } from '../../../../shared/api';
import { describeEachDialect } from '../../../support/store';
import { columnsOf } from '../../../support/store-introspect';

const at = MIGRATIONS.findIndex((m) => m.name === '0370_alert_notify');

describeEachDialect('migration 0370_alert_notify', (h) => {
  it('keeps a subscription saved before it, shown every kind as a notification', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    expect((await columnsOf(store, 'alert_subscriptions')).map((c) => c.name)).not.toContain('notify_kinds');
    await sql`insert into alert_subscriptions (user_key, user_name, email, kinds, updated_at)
      values ('mia', 'Mia', 'mia@example.com', '["audit.broken"]', '2026-12-01T00:00:00.000Z')`.execute(store.db);
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    expect(await subscriptionOf(store.repos, 'Mia')).toEqual({
      email: 'mia@example.com',
      kinds: ['audit.broken'],
      notify: [...ALERT_KINDS],
    });
  });
});
