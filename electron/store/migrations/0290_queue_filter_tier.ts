// The review queue's tier sort and customer-name filter on indexes (issue 12). The tier of a row is
// its live proposal's confidence, looked up per payment while the view is sorted: with the status
// and confidence in the index beside the transaction id the lookup never reads the proposal row.
// A typed customer name finds the customers first, then their proposals by company code and
// customer, instead of reading every proposal (repos/queue.ts, textCondition).
import { sql } from 'kysely';
import type { Migration } from './types';

/** Index name, then its columns, all on proposals. */
const INDEXES: readonly (readonly [string, readonly string[]])[] = [
  ['proposals_by_transaction_status_confidence', ['transaction_id', 'status', 'confidence']],
  ['proposals_by_customer', ['company_code', 'customer']],
];

export const queueFilterTier: Migration = {
  name: '0290_queue_filter_tier',
  async up(db) {
    for (const [name, columns] of INDEXES)
      await sql`create index ${sql.ref(name)} on proposals (${sql.join(columns.map((c) => sql.ref(c)))})`.execute(db);
  },
};
