// The review queue's tier sort on an index of its own (issue 12). Migration 0290 let each payment's
// live proposal be looked up from an index while sorting, but the lookup still ran once per payment in
// the view: 68,000 of them made a page sorted by tier cost half a second on PostgreSQL. The payment now
// carries its tier (the highest confidence of its live proposals, -1 with none) in
// transactions.tier_confidence, indexed with the id, so the sort walks the index and stops at the page.
// Triggers on proposals write it whenever a proposal arrives, changes status or confidence, moves or
// goes, so no repository has to remember it. A later migration that rebuilds proposals (SQLite's way to
// drop a constraint) must create these triggers again.
import { sql, type Kysely } from 'kysely';
import type { Migration } from './types';

const LIVE = `('open', 'approved')`;

/** The tier of the payment `id` (an SQL expression), from its live proposals. */
const tierOf = (id: string) =>
  `coalesce((select max(p.confidence) from proposals p where p.transaction_id = ${id} and p.status in ${LIVE}), -1)`;

const refresh = (id: string) => `update transactions set tier_confidence = ${tierOf(id)} where transaction_id = ${id};`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create trigger queue_tier_proposals_insert after insert on proposals begin ${refresh('new.transaction_id')} end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger queue_tier_proposals_update after update of transaction_id, status, confidence on proposals
        when old.transaction_id is not new.transaction_id or old.status is not new.status
          or old.confidence is not new.confidence
        begin ${refresh('old.transaction_id')} ${refresh('new.transaction_id')} end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger queue_tier_proposals_delete after delete on proposals begin ${refresh('old.transaction_id')} end`,
    )
    .execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function postgresTriggers(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create function queue_tier_on_proposals() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then ${refresh('old.transaction_id')} end if;
        if tg_op <> 'DELETE' and (tg_op = 'INSERT' or old.transaction_id is distinct from new.transaction_id
            or old.status is distinct from new.status or old.confidence is distinct from new.confidence) then
          ${refresh('new.transaction_id')}
        end if;
        return null;
      end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger queue_tier_proposals_insert_delete after insert or delete on proposals
        for each row execute function queue_tier_on_proposals()`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger queue_tier_proposals_update after update on proposals for each row
        when (old.transaction_id is distinct from new.transaction_id or old.status is distinct from new.status
          or old.confidence is distinct from new.confidence)
        execute function queue_tier_on_proposals()`,
    )
    .execute(db);
}

export const queueTierColumn: Migration = {
  name: '0380_queue_tier_column',
  async up(db, dialect) {
    await db.schema
      .alterTable('transactions')
      .addColumn('tier_confidence', 'integer', (c) => c.notNull().defaultTo(-1))
      .execute();
    await sql.raw(`update transactions set tier_confidence = ${tierOf('transactions.transaction_id')}`).execute(db);
    await sql`create index transactions_by_tier on transactions (tier_confidence, transaction_id)`.execute(db);
    if (dialect === 'sqlite') await sqliteTriggers(db);
    else await postgresTriggers(db);
  },
};
