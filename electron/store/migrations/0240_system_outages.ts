// PayTrace or SAP failing without a break (docs/ARCHITECTURE.md, "Alerts": system.unreachable): when the
// first failure of the current run of failures happened, the last one and its error, and when the
// "unreachable longer than the threshold" alert was raised. Kept in the store, so the threshold counts
// across restarts and across processes (a scheduler's `cleardesk sync --once` runs, the browser host).
// The row is deleted when the system works again; whoever deletes it sends the recovery notice.
import { strict, type Migration } from './types';

export const systemOutages: Migration = {
  name: '0240_system_outages',
  async up(db, dialect) {
    await strict(
      db.schema
        .createTable('system_outages')
        // 'paytrace' | 'sap'
        .addColumn('system', 'text', (c) => c.primaryKey())
        .addColumn('since', 'text', (c) => c.notNull())
        .addColumn('last_failure_at', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text', (c) => c.notNull())
        .addColumn('alerted_at', 'text'),
      dialect,
    ).execute();
  },
};
