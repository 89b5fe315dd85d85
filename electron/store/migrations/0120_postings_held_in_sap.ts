// What the posting protocol needs to know of SAP as it really behaves
// (docs/ARCHITECTURE.md, "Posting exactly once"). A posting sent as an IDoc is resolved by its IDoc
// first: SAP may hold it unposted (status 64, 51, ...) and post it later, so the posting keeps the
// IDoc's number (DOCNUM) and last status, and may be 'pending' (in SAP, not posted yet). And the grace
// period before an unknown outcome is looked up counts from when the call failed, not from when the
// posting was written: outcome_unknown_at.
import type { Migration } from './types';

export const postingsHeldInSap: Migration = {
  name: '0120_postings_held_in_sap',
  async up(db) {
    await db.schema.alterTable('postings').addColumn('idoc_number', 'text').execute();
    await db.schema.alterTable('postings').addColumn('idoc_status', 'text').execute();
    await db.schema.alterTable('postings').addColumn('outcome_unknown_at', 'text').execute();
  },
};
