// A payment naming invoice 90001234 is a duplicate of an invoice SAP cleared whose XBLNR is stored as
// "INV-90001234", "inv 90001234" or "Rechnung 90001234" too (issue 15, point 7). Each item keeps its reference
// as the cleared look-up finds it (`reference_key`: shared/matching `storedReferenceKey`, written by
// upsertOpenItems from now on), indexed; rows stored before are keyed here in one statement per dialect: the
// separators removed (space, tab, - _ . / # : \), upper case, then the leading letters and zeros trimmed, as
// the function does. (Other whitespace, which SAP's XBLNR hardly holds, is keyed at the item's next read.)
import { sql } from 'kysely';
import type { Migration } from './types';

const SEPARATORS = [' ', '\t', '-', '_', '.', '/', '#', ':', '\\'];

export const clearedReferenceKeys: Migration = {
  name: '0360_cleared_reference_keys',
  async up(db) {
    await db.schema.alterTable('open_items').addColumn('reference_key', 'text').execute();
    const stripped = SEPARATORS.reduce((e, s) => sql`replace(${e}, ${sql.lit(s)}, '')`, sql`upper(reference)`);
    await sql`update open_items set reference_key = ltrim(ltrim(${stripped}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), '0')`.execute(
      db,
    );
    await db.schema.createIndex('open_items_by_reference_key').on('open_items').column('reference_key').execute();
  },
};
