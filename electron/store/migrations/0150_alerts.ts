// Alerts (docs/ARCHITECTURE.md, "Alerts"): each dedupe key's rate-limit window, kept in the store so it
// holds across processes (a scheduler's `cleardesk sync --once` runs and the browser host alike); the
// history of every alert raised (sent, suppressed inside its window, failed to send with the SMTP error);
// and each user's subscription (the kinds they want by e-mail, at which address).
import { int64, strict, withId, type Migration } from './types';

export const alerts: Migration = {
  name: '0150_alerts',
  async up(db, dialect) {
    const big = int64(dialect);
    await strict(
      db.schema
        .createTable('alert_windows')
        .addColumn('dedupe_key', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        // When the last e-mail for this key went out, and until when repeats are held back (ISO, UTC).
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .addColumn('window_until', 'text', (c) => c.notNull())
        // Repeats held back and not yet reported: the next alert sent carries them as a digest line.
        .addColumn('suppressed', big, (c) => c.notNull().defaultTo(0)),
      dialect,
    ).execute();
    await strict(
      withId(db.schema.createTable('alert_history'), dialect)
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('dedupe_key', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        // sent | suppressed | failed | not-configured
        .addColumn('status', 'text', (c) => c.notNull())
        // JSON array of addresses.
        .addColumn('recipients', 'text', (c) => c.notNull())
        .addColumn('error', 'text'),
      dialect,
    ).execute();
    await db.schema.createIndex('alert_history_by_at').on('alert_history').columns(['at', 'id']).execute();
    await strict(
      db.schema
        .createTable('alert_subscriptions')
        // personKey of the user (case and width folded), and the name as they signed in.
        .addColumn('user_key', 'text', (c) => c.primaryKey())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        // JSON array of alert kinds.
        .addColumn('kinds', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull()),
      dialect,
    ).execute();
  },
};
