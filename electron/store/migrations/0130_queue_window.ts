// The review queue is paged, sorted and counted in SQL (repos/queue.ts, window): one index per
// sort order the clerk can pick, each ending in the transaction id that breaks ties, so a page at
// 100,000 payments reads an index range instead of sorting the table. The tab's state comes first
// where a view is one tab; a typed amount is looked up by currency and amount.
// Text is ordered by its bytes (PostgreSQL's "C" collation), as the queue sorts it.
import { sql } from 'kysely';
import type { Migration } from './types';

/** Index name, then its columns; a text column marked `text:` is indexed in byte order. */
const INDEXES: readonly (readonly [string, readonly string[]])[] = [
  ['transactions_by_created', ['created_at_utc', 'transaction_id']],
  ['transactions_by_state_created', ['queue_state', 'created_at_utc', 'transaction_id']],
  ['transactions_by_amount', ['amount_minor', 'transaction_id']],
  ['transactions_by_billing_name', ['text:billing_name', 'transaction_id']],
  ['transactions_by_invoice', ['text:invoice_id', 'transaction_id']],
  ['transactions_by_currency_amount', ['currency', 'amount_minor']],
];

export const queueWindow: Migration = {
  name: '0130_queue_window',
  async up(db, dialect) {
    for (const [name, columns] of INDEXES) {
      const parts = columns.map((c) =>
        c.startsWith('text:')
          ? dialect === 'postgres'
            ? sql`${sql.ref(c.slice(5))} collate "C"`
            : sql.ref(c.slice(5))
          : sql.ref(c),
      );
      await sql`create index ${sql.ref(name)} on transactions (${sql.join(parts)})`.execute(db);
    }
  },
};
