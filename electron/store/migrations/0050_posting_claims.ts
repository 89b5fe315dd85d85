// Who is working on a posting right now. In team mode several ClearDesk instances share one
// store; before one resolves or sends a posting it claims it, so two instances never both look
// an interrupted posting up and send it again. A claim expires, so a crashed instance's postings
// are picked up by another after the lease; the same instance restarting takes them back at once.
import type { Migration } from './types';

export const postingClaims: Migration = {
  name: '0050_posting_claims',
  async up(db) {
    await db.schema.alterTable('postings').addColumn('claimed_by', 'text').execute();
    await db.schema.alterTable('postings').addColumn('claimed_at', 'text').execute();
  },
};
