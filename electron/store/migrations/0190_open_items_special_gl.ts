// Open items keep SAP's special G/L indicator (BSID-UMSKZ: 'A' down payment, 'F' down payment
// request, ...; '' for a normal receivable), so the matcher's exclusion (shared/matching/exclusions.ts)
// decides from what the mirror stored and the screens can show it. Items mirrored before it read
// as normal ('') until the next full read or delta brings their indicator.
import type { Migration } from './types';

export const openItemsSpecialGl: Migration = {
  name: '0190_open_items_special_gl',
  async up(db) {
    await db.schema
      .alterTable('open_items')
      .addColumn('special_gl', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  },
};
