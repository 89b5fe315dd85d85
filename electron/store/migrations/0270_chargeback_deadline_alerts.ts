// The chargeback-deadline alert (docs/ARCHITECTURE.md, "Alerts": chargeback.deadline) raised once per case and
// respond-by date: a row per case and date it was raised for, claimed in one statement so two processes never
// both raise it. A case whose date moves (a new stage, a new deadline) is alerted again for the new date.
import { strict, type Migration } from './types';

export const chargebackDeadlineAlerts: Migration = {
  name: '0270_chargeback_deadline_alerts',
  async up(db, dialect) {
    await strict(
      db.schema
        .createTable('chargeback_deadline_alerts')
        .addColumn('dispute_id', 'integer', (c) => c.notNull().references('dispute_cases.id'))
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('alerted_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('chargeback_deadline_alerts_pk', ['dispute_id', 'due_date']),
      dialect,
    ).execute();
  },
};
