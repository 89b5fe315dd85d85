// The first schema: every table of schema.ts. Source keys are primary or unique keys, so a
// re-sync of the same PayTrace transaction or SAP line item updates a row instead of adding one.
import { sql } from 'kysely';
import { int64, strict, withId, type Migration } from './types';

export const initial: Migration = {
  name: '0010_initial',
  async up(db, dialect) {
    const big = int64(dialect);

    await strict(
      db.schema
        .createTable('transactions')
        .addColumn('transaction_id', big, (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('batch', big)
        .addColumn('amount_minor', big, (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('created_at_utc', 'text', (c) => c.notNull())
        .addColumn('created_at_original', 'text', (c) => c.notNull())
        .addColumn('settled_at_utc', 'text')
        .addColumn('settled_at_original', 'text')
        .addColumn('invoice_id', 'text', (c) => c.notNull())
        .addColumn('customer_reference_id', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('vault_customer_id', 'text', (c) => c.notNull())
        .addColumn('billing_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('masked_card', 'text', (c) => c.notNull())
        .addColumn('card_brand', 'text', (c) => c.notNull())
        .addColumn('approval_code', 'text', (c) => c.notNull())
        .addColumn('original_transaction_id', big)
        .addColumn('queue_state', 'text', (c) => c.notNull())
        .addColumn('state_reason', 'text')
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull()),
      dialect,
    ).execute();
    await db.schema.createIndex('transactions_by_queue_state').on('transactions').column('queue_state').execute();
    await db.schema.createIndex('transactions_by_batch').on('transactions').column('batch').execute();

    await strict(
      db.schema
        .createTable('customers')
        .addColumn('company_code', 'text', (c) => c.notNull())
        .addColumn('customer', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('street', 'text', (c) => c.notNull())
        .addColumn('city', 'text', (c) => c.notNull())
        .addColumn('postal_code', 'text', (c) => c.notNull())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('synced_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('customers_pk', ['company_code', 'customer']),
      dialect,
    ).execute();

    await strict(
      db.schema
        .createTable('open_items')
        .addColumn('company_code', 'text', (c) => c.notNull())
        .addColumn('doc_no', 'text', (c) => c.notNull())
        .addColumn('fisc_year', 'text', (c) => c.notNull())
        .addColumn('item_num', 'text', (c) => c.notNull())
        .addColumn('customer', 'text', (c) => c.notNull())
        .addColumn('amount_minor', big, (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('assignment', 'text', (c) => c.notNull())
        .addColumn('doc_type', 'text', (c) => c.notNull())
        .addColumn('posting_date', 'text', (c) => c.notNull())
        .addColumn('doc_date', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text')
        .addColumn('item_text', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('synced_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('open_items_pk', ['company_code', 'doc_no', 'fisc_year', 'item_num']),
      dialect,
    ).execute();
    await db.schema
      .createIndex('open_items_by_customer')
      .on('open_items')
      .columns(['company_code', 'customer', 'status'])
      .execute();
    await db.schema.createIndex('open_items_by_reference').on('open_items').column('reference').execute();
    await db.schema.createIndex('open_items_by_assignment').on('open_items').column('assignment').execute();

    await strict(
      withId(db.schema.createTable('proposals'), dialect)
        .addColumn('transaction_id', big, (c) => c.notNull().references('transactions.transaction_id'))
        .addColumn('tier', 'text', (c) => c.notNull())
        .addColumn('confidence', 'integer', (c) => c.notNull())
        .addColumn('customer', 'text')
        .addColumn('company_code', 'text')
        .addColumn('on_account_minor', big, (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text'),
      dialect,
    ).execute();
    await db.schema.createIndex('proposals_by_transaction').on('proposals').column('transaction_id').execute();
    // At most one proposal per transaction waits for a clerk; older ones are superseded first.
    await db.schema
      .createIndex('proposals_one_open_per_transaction')
      .on('proposals')
      .column('transaction_id')
      .unique()
      .where(sql.ref('status'), '=', 'open')
      .execute();

    await strict(
      db.schema
        .createTable('proposal_items')
        .addColumn('proposal_id', 'integer', (c) => c.notNull().references('proposals.id').onDelete('cascade'))
        .addColumn('company_code', 'text', (c) => c.notNull())
        .addColumn('doc_no', 'text', (c) => c.notNull())
        .addColumn('fisc_year', 'text', (c) => c.notNull())
        .addColumn('item_num', 'text', (c) => c.notNull())
        .addColumn('amount_minor', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('proposal_items_pk', [
          'proposal_id',
          'company_code',
          'doc_no',
          'fisc_year',
          'item_num',
        ]),
      dialect,
    ).execute();
    // "Which proposals already claim this open item?" is asked for every candidate match.
    await db.schema
      .createIndex('proposal_items_by_open_item')
      .on('proposal_items')
      .columns(['company_code', 'doc_no', 'fisc_year', 'item_num'])
      .execute();

    await strict(
      db.schema
        .createTable('postings')
        .addColumn('reference', 'text', (c) => c.primaryKey())
        .addColumn('transaction_id', big, (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('company_code', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('belnr', 'text')
        .addColumn('gjahr', 'text')
        .addColumn('messages', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('approved_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('postings_one_per_event', ['transaction_id', 'event']),
      dialect,
    ).execute();
    // Recovery after a crash looks for postings left in 'sending'.
    await db.schema.createIndex('postings_by_state').on('postings').column('state').execute();

    await strict(
      withId(db.schema.createTable('dead_letters'), dialect)
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_key', 'text')
        .addColumn('error', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text'),
      dialect,
    ).execute();
    await db.schema
      .createIndex('dead_letters_by_source_key')
      .on('dead_letters')
      .columns(['source', 'source_key'])
      .execute();

    await strict(
      withId(db.schema.createTable('sync_runs'), dialect)
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('counts', 'text', (c) => c.notNull())
        .addColumn('error', 'text'),
      dialect,
    ).execute();

    await strict(
      db.schema
        .createTable('sync_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull()),
      dialect,
    ).execute();

    await strict(
      db.schema
        .createTable('audit_log')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull()),
      dialect,
    ).execute();
  },
};
