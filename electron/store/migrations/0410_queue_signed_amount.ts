// The queue sorts by the amount as the clerk sees it: a refund's negative (repos/queue.ts, sortExpressions). The
// stored amount of a refund is positive, its kind says which way the money went; sorted by the column, a refund
// of 571.06 stood between 299.43 and 648.03 although the queue shows it as -571.06. The amount order's index
// becomes one on the signed amount (an index on an expression, which both dialects use when the ORDER BY names
// the same expression); the typed-amount filter keeps transactions_by_currency_amount.
import { sql } from 'kysely';
import type { Migration } from './types';

export const queueSignedAmount: Migration = {
  name: '0410_queue_signed_amount',
  async up(db) {
    await db.schema.dropIndex('transactions_by_amount').execute();
    await sql`create index transactions_by_signed_amount on transactions
      ((case when kind = 'refund' then -amount_minor else amount_minor end), transaction_id)`.execute(db);
  },
};
