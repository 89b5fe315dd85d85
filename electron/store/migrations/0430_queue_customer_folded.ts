// The queue's customer order reads names as a clerk does, capitals and small letters alike ("Beacon Foods",
// "beacon optics", "BEACON PRINT LLC"), where it sorted by bytes (every capital before every small letter). ASCII
// letters are folded the same way on both dialects (SQLite's lower() folds only those; PostgreSQL translates them),
// then compared by bytes, so a page boundary is still the same wherever the store lives; the index is on that
// expression (repos/queue.ts, sortExpressions, names the same one).
import { sql } from 'kysely';
import type { SqlDialect } from '../dialect';
import type { Migration } from './types';

export const queueCustomerFolded: Migration = {
  name: '0430_queue_customer_folded',
  async up(db, dialect) {
    await db.schema.dropIndex('transactions_by_billing_name').execute();
    await sql`create index transactions_by_customer_folded on transactions
      (${foldedBillingName(dialect, 'billing_name')}, transaction_id)`.execute(db);
  },
};

/** The billing name with its ASCII capitals made small, in byte order: the queue's customer order. */
export function foldedBillingName(dialect: SqlDialect, column: string) {
  return dialect === 'postgres'
    ? sql`(translate(${sql.ref(column)}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') collate "C")`
    : sql`lower(${sql.ref(column)})`;
}
