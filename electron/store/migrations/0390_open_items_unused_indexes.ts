// Two indexes no query uses, dropped (issue 11: the SAP mirror writes a million open items). open_items kept
// one index on `reference` and one on `assignment` since the first schema, but nothing looks an item up by
// either: the cleared-items look-up goes by `reference_key` (migration 0360) and document number, and the
// searches (the manual match's candidates, the queue's filter) read both columns with `lower(..) like '%..%'`,
// which no b-tree index serves on either dialect. Each written row kept both up to date: about a sixth of
// what inserting an open item costs.
import type { Migration } from './types';

export const openItemsUnusedIndexes: Migration = {
  name: '0390_open_items_unused_indexes',
  async up(db) {
    await db.schema.dropIndex('open_items_by_reference').execute();
    await db.schema.dropIndex('open_items_by_assignment').execute();
  },
};
