// Open items keep the invoice item a line refers to (BSEG-REBZG, REBZJ, REBZZ): a partial payment of that invoice,
// open beside it until the payments add up to it. What is left of the invoice is the invoice less those lines, and
// such a line is not a credit another payment may net against an invoice (shared/matching `creditFor`). Before, the
// store dropped it: after a ClearDesk instalment posted, the matcher took the instalment's line for a credit memo
// of the invoice and counted it twice. The index finds an invoice's partial payments at an approval. The mirror's
// state is forgotten, so the next mirror of each company code is a full read that brings every held item's reference.
import { sql } from 'kysely';
import type { Migration } from './types';

export const openItemsInvoiceRef: Migration = {
  name: '0480_open_items_invoice_ref',
  async up(db) {
    for (const column of ['ref_doc_no', 'ref_fisc_year', 'ref_item_num'])
      await db.schema
        .alterTable('open_items')
        .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
        .execute();
    await sql`create index open_items_invoice_ref on open_items (company_code, ref_doc_no) where ref_doc_no <> ''`.execute(
      db,
    );
    await sql`delete from sync_state where key like 'sap.mirror.%'`.execute(db);
  },
};
