// A proposal may clear part of an invoice to a G/L account instead of leaving it open: a card fee
// deducted, a difference within tolerance, an earned discount. Each item keeps what it writes
// off beside the cash applied (positive: the customer paid less), and the proposal says why and
// which G/L account the matching rules named, so the posting clears the invoice in full.
import { int64, type Migration } from './types';

export const proposalWriteOffs: Migration = {
  name: '0080_proposal_write_offs',
  async up(db, dialect) {
    await db.schema
      .alterTable('proposal_items')
      .addColumn('write_off_minor', int64(dialect), (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('proposals').addColumn('write_off_gl', 'text').execute();
    // 'card-fee' | 'tolerance' | 'discount'
    await db.schema.alterTable('proposals').addColumn('write_off_why', 'text').execute();
  },
};
