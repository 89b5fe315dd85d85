// Refunds processed by hand (docs/ARCHITECTURE.md, "Who uses it", four eyes): a clerk prepares a refund of a PayTrace sale,
// an approver (another person) decides, ClearDesk refunds or voids at PayTrace and keeps the outcome.
import { sql } from 'kysely';
import { int64, strict, withId, type Migration } from './types';

export const refunds: Migration = {
  name: '0040_refunds',
  async up(db, dialect) {
    const big = int64(dialect);
    await strict(
      withId(db.schema.createTable('refund_requests'), dialect)
        // The sale being refunded (PayTrace transaction_id).
        .addColumn('transaction_id', big, (c) => c.notNull())
        .addColumn('amount_minor', big, (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        // requested | approved | rejected | sent | refunded | voided | failed
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('prepared_by', 'text', (c) => c.notNull())
        .addColumn('prepared_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        // Why the approver rejected it; the preparer's reason above is never overwritten.
        .addColumn('decision_reason', 'text')
        // The refund's own PayTrace transaction_id (for a void: the sale's, which PayTrace voided).
        .addColumn('paytrace_transaction_id', big)
        .addColumn('error', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull()),
      dialect,
    ).execute();
    await db.schema
      .createIndex('refund_requests_by_transaction')
      .on('refund_requests')
      .column('transaction_id')
      .execute();
    await db.schema.createIndex('refund_requests_by_state').on('refund_requests').column('state').execute();
    // One refund of a sale in progress at a time: two clerks preparing the same refund at once is refused by the database too.
    await db.schema
      .createIndex('refund_requests_one_pending_per_sale')
      .on('refund_requests')
      .column('transaction_id')
      .unique()
      .where(sql.ref('state'), 'in', sql`('requested', 'approved', 'sent')`)
      .execute();
  },
};
