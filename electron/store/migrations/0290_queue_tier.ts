// The review queue's tier sort on an index (issue 12). The tier of a row is its live proposal's
// confidence, looked up per payment while the view is sorted: with the status and confidence in the
// index beside the transaction id the lookup never reads the proposal row.
import { sql } from 'kysely';
import type { Migration } from './types';

/** Index name, then its columns, all on proposals. */
const INDEXES: readonly (readonly [string, readonly string[]])[] = [
  ['proposals_by_transaction_status_confidence', ['transaction_id', 'status', 'confidence']],
];

export const queueTier: Migration = {
  name: '0290_queue_tier',
  async up(db) {
    for (const [name, columns] of INDEXES)
      await sql`create index ${sql.ref(name)} on proposals (${sql.join(columns.map((c) => sql.ref(c)))})`.execute(db);
  },
};
