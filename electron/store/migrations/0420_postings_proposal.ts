// A payment's posting names the proposal it was approved from. The journal printed a posting's cleared invoices
// from the payment's last approval, so after a reversal and a corrected re-post, the reversed posting and its
// reversal showed the new match too. Postings written before this have none: the journal takes the last approval
// for them, as before (electron/core/reports/journal.ts, approvalOf).
import { int64, type Migration } from './types';

export const postingsProposal: Migration = {
  name: '0420_postings_proposal',
  async up(db, dialect) {
    await db.schema.alterTable('postings').addColumn('proposal_id', int64(dialect)).execute();
  },
};
