// The postings a dispute case implies (issue 13, point 3; docs/ARCHITECTURE.md, "Disputes"), under four eyes:
// `chargeback_postings` keeps each one a clerk prepared (the case, the sale, the step, the document as the
// preview showed it and its reference), who prepared and who decided it, and how SAP answered. The posting itself
// goes through `postings` and the exactly-once protocol like every other. `dispute_cases.fee_minor` is the
// processor's fee for a case, when its source gives one. A chargeback's reversal posting (event
// 'chargeback-reversal', PT<sale>Y) is, like a payment's reversal, one per reversed posting: the index of one
// standing posting per sale and event leaves both out.
import { sql } from 'kysely';
import { int64, strict, withId, type Migration } from './types';

export const chargebackPostings: Migration = {
  name: '0260_chargeback_postings',
  async up(db, dialect) {
    const big = int64(dialect);
    await db.schema.alterTable('dispute_cases').addColumn('fee_minor', big).execute();
    await strict(
      withId(db.schema.createTable('chargeback_postings'), dialect)
        .addColumn('case_id', 'integer', (c) => c.notNull())
        .addColumn('transaction_id', big, (c) => c.notNull())
        // chargeback | write-off | reversal
        .addColumn('step', 'text', (c) => c.notNull())
        // The posting's reference (postings.reference once it is sent).
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('company_code', 'text', (c) => c.notNull())
        // The document as prepared (JSON): what the preview showed is what is posted.
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('why', 'text', (c) => c.notNull())
        // prepared | rejected | approved | posted | failed
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('prepared_by', 'text', (c) => c.notNull())
        .addColumn('prepared_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('error', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull()),
      dialect,
    ).execute();
    await db.schema.createIndex('chargeback_postings_by_case').on('chargeback_postings').column('case_id').execute();
    // One waiting (prepared or approved) posting per case at a time.
    await sql`create unique index chargeback_postings_one_waiting on chargeback_postings (case_id)
      where state in ('prepared', 'approved')`.execute(db);
    await sql`drop index postings_one_standing_per_event`.execute(db);
    await sql`create unique index postings_one_standing_per_event on postings (transaction_id, event)
      where reversed_by is null and event not in ('reversal', 'chargeback-reversal')`.execute(db);
  },
};
