// Refunds exactly once (docs/ARCHITECTURE.md, "Refunds exactly once"): every attempt to refund or
// void a sale at PayTrace carries ClearDesk's reference, written here before PayTrace is called, and
// a refund whose answer was lost and could not be found waits in the state 'unknown' for a person.
// 'unknown' is still in progress: the one-pending-per-sale index of 0040 is rebuilt to include it.
import { sql } from 'kysely';
import type { Migration } from './types';

export const refundReferences: Migration = {
  name: '0100_refund_references',
  async up(db) {
    // The reference of the latest attempt (CDR<id>-<nonce>[-<attempt>], shared/refunds/reference.ts);
    // the earlier attempts' references follow from it.
    await db.schema.alterTable('refund_requests').addColumn('reference', 'text').execute();
    // 0 until the first send; 2 after the first "send again", and so on.
    await db.schema
      .alterTable('refund_requests')
      .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // What the latest attempt asked PayTrace to do: refund | void.
    await db.schema.alterTable('refund_requests').addColumn('operation', 'text').execute();
    // When and by whom the latest attempt left for PayTrace (the approver, or who sent it again).
    await db.schema.alterTable('refund_requests').addColumn('sent_at', 'text').execute();
    await db.schema.alterTable('refund_requests').addColumn('sent_by', 'text').execute();
    await db.schema
      .createIndex('refund_requests_by_reference')
      .on('refund_requests')
      .column('reference')
      .unique()
      .execute();
    await db.schema.dropIndex('refund_requests_one_pending_per_sale').execute();
    await db.schema
      .createIndex('refund_requests_one_pending_per_sale')
      .on('refund_requests')
      .column('transaction_id')
      .unique()
      .where(sql.ref('state'), 'in', sql`('requested', 'approved', 'sent', 'unknown')`)
      .execute();
    // A sync looks the references of unresolved requests up among the refunds it brought in.
    await db.schema
      .createIndex('transactions_refunds_by_reference')
      .on('transactions')
      .column('customer_reference_id')
      .where(sql.ref('kind'), '=', 'refund')
      .execute();
  },
};
