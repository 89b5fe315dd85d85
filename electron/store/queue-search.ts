// The search texts of payments just inserted (migration 0350): the one place that writes them for new
// rows of transactions, a page at a time. What a text holds is the view queue_search_source (0310);
// every later change reaches it through the watched tables' triggers.
import { sql, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from './dialect';
import type { Database } from './schema';

type Db = Kysely<Database> | Transaction<Database>;

/** Writes (or writes again) the search texts of the payments `ids`; call it in the transaction that inserted them. */
export async function indexNewPayments(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  if (dialectOf(db) === 'postgres') {
    await sql`select queue_search_refresh(${[...ids]}::bigint[])`.execute(db);
    return;
  }
  // One JSON array parameter, however long the page (SQLite binds at most 32,766 values).
  const list = JSON.stringify(ids);
  await sql`delete from queue_search_text where transaction_id in (select value from json_each(${list}))`.execute(db);
  await sql`insert into queue_search_text (transaction_id, text, card_end)
    select transaction_id, text, card_end from queue_search_source
    where transaction_id in (select value from json_each(${list}))`.execute(db);
}
