// What each sync run met on the way, one row per event: a record dead-lettered, a call PayTrace
// answered with an error page and that was tried again, a window re-asked in parts, the failure
// that stopped a run. sync_runs keeps the counts; this says what happened to which record or call.
import { strict, withId, type Migration } from './types';

export const syncLog: Migration = {
  name: '0060_sync_log',
  async up(db, dialect) {
    await strict(
      withId(db.schema.createTable('sync_log'), dialect)
        .addColumn('run_id', 'integer', (c) => c.notNull().references('sync_runs.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        // 'info' | 'warning' | 'error'
        .addColumn('level', 'text', (c) => c.notNull())
        // 'paytrace' | 'sap' | 'sync'
        .addColumn('source', 'text', (c) => c.notNull())
        // What it is about: "paytrace:79388123", "export of 2025-03-10 SETTLED".
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull()),
      dialect,
    ).execute();
    await db.schema.createIndex('sync_log_by_run').on('sync_log').column('run_id').execute();
  },
};
