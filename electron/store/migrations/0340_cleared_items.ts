// A cleared item keeps its clearing (BSAD-AUGBL, AUGDT) when the mirror's delta read it, so the
// matcher can say which clearing a second payment of the invoice duplicates (shared/matching/
// cleared.ts); items cleared before, or found cleared by a full read, have none. The matcher looks
// cleared items up by the numbers payments name (reference, XBLNR, already indexed; document
// number, BELNR, indexed here) and a clearing document up among ClearDesk's postings
// (company code and BELNR), never by scanning either table.
import type { Migration } from './types';

export const clearedItems: Migration = {
  name: '0340_cleared_items',
  async up(db) {
    await db.schema.alterTable('open_items').addColumn('clearing_doc', 'text').execute();
    await db.schema.alterTable('open_items').addColumn('clearing_date', 'text').execute();
    await db.schema.createIndex('open_items_by_doc_no').on('open_items').column('doc_no').execute();
    await db.schema.createIndex('postings_by_document').on('postings').columns(['company_code', 'belnr']).execute();
  },
};
