// The sales a refund may refund by the invoice it names (the sync's refund context, repos/payments.ts
// `salesRefundsMayName`), looked up by equality. SQLite reads them through `transactions_by_invoice` (0130).
// On PostgreSQL that index is in byte order (collate "C", for the queue's sort) and an equality in the
// database's own collation cannot use it, so each sync's look-up read the whole table: this index is in the
// column's collation, partial as the card's of 0440 (only sales, what a refund names).
import { sql } from 'kysely';
import type { Migration } from './types';

export const salesByInvoice: Migration = {
  name: '0450_sales_by_invoice',
  async up(db, dialect) {
    if (dialect !== 'postgres') return;
    await sql`create index transactions_sales_by_invoice on transactions (invoice_id) where kind <> 'refund'`.execute(
      db,
    );
  },
};
