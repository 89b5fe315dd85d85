// Reversals (docs/ARCHITECTURE.md, "Reversals"). A clerk prepares the reversal of a posted payment's SAP
// document and an approver, another person, executes it: `reversal_requests` keeps the request,
// the decision and the outcome. The reversal itself is a posting (event 'reversal', reference
// PT<id>X) in `postings`, under the same exactly-once protocol. The posting it reversed keeps its
// row, marked `reversed_by`; so a payment may have more than one posting of an event now (the
// re-post after a reversal, PT<id>P2), and the one-per-event rule holds for standing postings only.
import { sql } from 'kysely';
import { int64, strict, withId, type Migration } from './types';

export const reversals: Migration = {
  name: '0110_reversals',
  async up(db, dialect) {
    const big = int64(dialect);
    // The reference of the reversal posting that reversed this posting; null while it stands.
    await db.schema.alterTable('postings').addColumn('reversed_by', 'text').execute();

    if (dialect === 'postgres') {
      await sql`alter table postings drop constraint postings_one_per_event`.execute(db);
    } else {
      // SQLite cannot drop a table constraint: the table is rebuilt from its own definition without
      // it (so columns other migrations added are kept), with its rows and indexes.
      const table = await sql<{ sql: string }>`
        select sql from sqlite_master where type = 'table' and name = 'postings'`.execute(db);
      const ddl = table.rows[0]?.sql ?? '';
      const unique = /,\s*constraint\s+"?postings_one_per_event"?\s+unique\s*\([^)]*\)/i;
      if (!unique.test(ddl))
        throw new Error(`0110_reversals: postings has no postings_one_per_event constraint: ${ddl}`);
      const indexes = await sql<{ sql: string }>`
        select sql from sqlite_master where type = 'index' and tbl_name = 'postings' and sql is not null`.execute(db);
      const rebuilt = ddl
        .replace(unique, '')
        .replace(/^create table\s+"?postings"?/i, 'create table "postings_rebuilt"');
      await sql.raw(rebuilt).execute(db);
      await sql`insert into postings_rebuilt select * from postings`.execute(db);
      await sql`drop table postings`.execute(db);
      await sql`alter table postings_rebuilt rename to postings`.execute(db);
      for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
    }
    // One standing posting per payment and event (a reversal posting is its own: one per reversed posting).
    await sql`create unique index postings_one_standing_per_event on postings (transaction_id, event)
      where reversed_by is null and event <> 'reversal'`.execute(db);

    await strict(
      withId(db.schema.createTable('reversal_requests'), dialect)
        .addColumn('transaction_id', big, (c) => c.notNull())
        // The posting whose SAP document is reversed, and that document.
        .addColumn('original_reference', 'text', (c) => c.notNull())
        .addColumn('company_code', 'text', (c) => c.notNull())
        .addColumn('belnr', 'text', (c) => c.notNull())
        .addColumn('gjahr', 'text', (c) => c.notNull())
        // SAP's reason for reversal (T041C, BAPIACREV-REASON_REV) and the reversal's posting date (ISO).
        .addColumn('reason_code', 'text', (c) => c.notNull())
        .addColumn('posting_date', 'text', (c) => c.notNull())
        // Why, in the preparer's words.
        .addColumn('reason', 'text', (c) => c.notNull())
        // requested | rejected | approved | reversed | failed
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('prepared_by', 'text', (c) => c.notNull())
        .addColumn('prepared_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decision_reason', 'text')
        // The reversal posting (postings.reference), once an approver executed it.
        .addColumn('reversal_reference', 'text')
        // SAP's refusal, in its words.
        .addColumn('error', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull()),
      dialect,
    ).execute();
    await db.schema
      .createIndex('reversal_requests_by_transaction')
      .on('reversal_requests')
      .column('transaction_id')
      .execute();
    // A posting is reversed once; while a reversal of it is waiting or under way, no second one is prepared.
    await db.schema
      .createIndex('reversal_requests_one_per_posting')
      .on('reversal_requests')
      .column('original_reference')
      .unique()
      .where(sql.ref('state'), 'in', sql`('requested', 'approved', 'reversed')`)
      .execute();
  },
};
