// Open items keep their payment terms as SAP holds them on the line (BSID-ZFBDT, the baseline date; ZBD1T/ZBD1P and
// ZBD2T/ZBD2P, the cash discount periods and percentages in thousandths), so the matcher grants a discount the
// terms give, and only within its period (shared/matching/discount.ts). Before, the mirror read them and the store
// dropped them: a payment net of an earned discount was a short payment. The mirror's state is forgotten, so the
// next mirror of each company code is a full read that brings every held item's terms.
import { sql } from 'kysely';
import type { Migration } from './types';

export const openItemsPaymentTerms: Migration = {
  name: '0460_open_items_payment_terms',
  async up(db) {
    await db.schema.alterTable('open_items').addColumn('baseline_date', 'text').execute();
    for (const column of ['discount_days1', 'discount_pct1', 'discount_days2', 'discount_pct2'])
      await db.schema
        .alterTable('open_items')
        .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    await sql`delete from sync_state where key like 'sap.mirror.%'`.execute(db);
  },
};
