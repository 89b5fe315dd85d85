// Chargebacks and disputes (issue 13; docs/ARCHITECTURE.md, "Disputes"). `dispute_cases` keeps one row per
// processor and case number, whatever brought it in (a report file, the North API, a webhook, a clerk), with
// its stage and status (ClearDesk's enums and the processor's words), the reason code with its network, the
// amounts in minor units, the dates, the card's last four digits only, the ARN, and what it was matched to.
// `dispute_mappings` keeps, per processor, which report header each field was read from.
import { strict, withId, int64, type Migration } from './types';

export const disputes: Migration = {
  name: '0160_disputes',
  async up(db, dialect) {
    const big = int64(dialect);
    await strict(
      withId(db.schema.createTable('dispute_cases'), dialect)
        .addColumn('processor', 'text', (c) => c.notNull())
        .addColumn('case_number', 'text', (c) => c.notNull())
        // retrieval | chargeback | representment | pre-arbitration | arbitration
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('stage_raw', 'text', (c) => c.notNull())
        // open | pending | won | lost | accepted | expired | closed
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_raw', 'text', (c) => c.notNull())
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('reason_code', 'text', (c) => c.notNull())
        .addColumn('reason_meaning', 'text', (c) => c.notNull())
        .addColumn('reason_description', 'text', (c) => c.notNull())
        .addColumn('amount_minor', big, (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('original_amount_minor', big)
        // debit | credit | unknown
        .addColumn('impact', 'text', (c) => c.notNull())
        .addColumn('received_date', 'text')
        .addColumn('transaction_date', 'text')
        .addColumn('due_date', 'text')
        .addColumn('card_last4', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('merchant_reference', 'text', (c) => c.notNull())
        // PayTrace's transaction id as the report gave it.
        .addColumn('reported_transaction_id', big)
        .addColumn('auth_code', 'text', (c) => c.notNull())
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        // report | north | webhook | manual, and what brought it (a file name, an API window).
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        // matched | unmatched; the sale, how, and the reasons and candidates (JSON).
        .addColumn('match_state', 'text', (c) => c.notNull())
        .addColumn('matched_transaction_id', big)
        .addColumn('match_method', 'text')
        .addColumn('match_detail', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('dispute_cases_one_per_case', ['processor', 'case_number']),
      dialect,
    ).execute();
    await db.schema.createIndex('dispute_cases_by_arn').on('dispute_cases').column('arn').execute();
    await db.schema.createIndex('dispute_cases_by_sale').on('dispute_cases').column('matched_transaction_id').execute();
    await db.schema.createIndex('dispute_cases_by_due').on('dispute_cases').columns(['status', 'due_date']).execute();

    await strict(
      db.schema
        .createTable('dispute_mappings')
        .addColumn('processor', 'text', (c) => c.primaryKey())
        // {"headerRow": n, "columns": {field: header}}
        .addColumn('mapping', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull()),
      dialect,
    ).execute();
  },
};
