// A refund's proposal names the sale it refunds, as the matcher found it (PayTrace's original id, ClearDesk's own
// refund request, the invoice or the card): the sale's detail lists its refunds and the refund's links its sale,
// also for a refund made at PayTrace whose export names no original sale. Proposals written before this have none.
import { sql } from 'kysely';
import { int64, type Migration } from './types';

export const proposalsRelated: Migration = {
  name: '0440_proposals_related',
  async up(db, dialect) {
    await db.schema.alterTable('proposals').addColumn('related_transaction_id', int64(dialect)).execute();
    // Partial: only refunds have one, and a sale's refunds are read by it.
    await sql`create index proposals_by_related on proposals (related_transaction_id) where related_transaction_id is not null`.execute(
      db,
    );
    // A sale's refunds PayTrace names it the original of (the detail panel, what is left to refund).
    await sql`create index transactions_refunds_by_original on transactions (original_transaction_id) where kind = 'refund'`.execute(
      db,
    );
    // The sales a refund that names no invoice may refund, by its card (the sync's refund context).
    await sql`create index transactions_sales_by_card on transactions (masked_card) where kind <> 'refund'`.execute(db);
  },
};
