// Which alerts a person is shown as desktop or browser notifications (issue 14, point 4: per-user
// subscriptions): a JSON array of alert kinds beside the e-mailed ones; null, every kind (as before).
import type { Migration } from './types';

export const alertNotify: Migration = {
  name: '0370_alert_notify',
  async up(db) {
    await db.schema.alterTable('alert_subscriptions').addColumn('notify_kinds', 'text').execute();
  },
};
