// Transactions keep PayTrace's billing address (billing_address.street_address, city, zip), which the matcher's
// payer identity reads (shared/matching/customer-resolver.ts: the customer by postal code and street, a short name
// the address confirms). Before, the connector dropped it and the store had no place for it, so in the app those
// rules never fired. Blank for transactions stored before; ingest writes it, outside the content hash, so a row
// read again is not taken for a change PayTrace made.
import type { Migration } from './types';

export const transactionsBillingAddress: Migration = {
  name: '0470_transactions_billing_address',
  async up(db) {
    for (const column of ['billing_street', 'billing_city', 'billing_zip'])
      await db.schema
        .alterTable('transactions')
        .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
        .execute();
  },
};
