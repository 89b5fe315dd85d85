// The signed dispute webhook's seen deliveries (docs/ARCHITECTURE.md, "Disputes"): one row per source and
// signature, so a delivery replayed inside the replay window adds nothing. Rows older than the window are
// pruned (a delivery that old is refused by its timestamp anyway).
import { strict, type Migration } from './types';

export const disputeWebhookDeliveries: Migration = {
  name: '0210_dispute_webhook_deliveries',
  async up(db, dialect) {
    await strict(
      db.schema
        .createTable('dispute_webhook_deliveries')
        .addColumn('source', 'text', (c) => c.notNull())
        // The hex HMAC-SHA256 the sender signed the delivery with (not a secret: it is on the wire).
        .addColumn('signature', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('dispute_webhook_deliveries_pk', ['source', 'signature']),
      dialect,
    ).execute();
    await db.schema
      .createIndex('dispute_webhook_deliveries_by_time')
      .on('dispute_webhook_deliveries')
      .column('received_at')
      .execute();
  },
};
