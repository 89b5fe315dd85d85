// The queue's search text (0310) after an open item is inserted or deleted is rewritten only when a proposal
// names that item (issue 11: the SAP mirror writes a million open items). The triggers wrote the texts of
// the payments whose live proposals name the row; for a row no proposal names (nearly every row the mirror
// writes) that is nothing, yet each row paid for two statements with their subqueries: about a third of
// what inserting an open item cost on SQLite, a function call and two statements on PostgreSQL. Now one
// index look-up (proposal_items_by_open_item) decides; the texts written are the same. Changes of an item
// keep their trigger as it was (rare, and only when a watched column changed).
import { sql } from 'kysely';
import type { Migration } from './types';

/** Whether any proposal names the open item `row` (NEW or OLD): proposal_items_by_open_item answers it. */
const named = (row: 'new' | 'old'): string =>
  `exists (select 1 from proposal_items pi where pi.company_code = ${row}.company_code and pi.doc_no = ${row}.doc_no
    and pi.fisc_year = ${row}.fisc_year and pi.item_num = ${row}.item_num)`;

/** The payments whose live proposals name the open item `row`, as 0310's triggers find them. */
const touched = (row: 'new' | 'old'): string =>
  `array(select p.transaction_id from proposal_items pi join proposals p on p.id = pi.proposal_id
    where pi.company_code = ${row}.company_code and pi.doc_no = ${row}.doc_no and pi.fisc_year = ${row}.fisc_year
      and pi.item_num = ${row}.item_num and p.status in ('open', 'approved'))`;

export const queueSearchOpenItemsWhen: Migration = {
  name: '0400_queue_search_open_items_when',
  async up(db, dialect) {
    if (dialect === 'sqlite') {
      // SQLite cannot alter a trigger: each is created again from its own text with a WHEN before its body.
      for (const [name, row] of [
        ['queue_search_open_items_insert', 'new'],
        ['queue_search_open_items_delete', 'old'],
      ] as const) {
        const found = await sql<{
          sql: string;
        }>`select sql from sqlite_master where type = 'trigger' and name = ${name}`.execute(db);
        const text = found.rows[0]?.sql;
        if (!text || !/\bbegin\b/i.test(text))
          throw new Error(`migration 0400: trigger ${name} is not as 0310 made it`);
        await sql.raw(`drop trigger ${name}`).execute(db);
        await sql.raw(text.replace(/\bbegin\b/i, `when ${named(row)} begin`)).execute(db);
      }
      return;
    }
    // PostgreSQL allows no subquery in a trigger's WHEN: the function looks the payments up once and
    // refreshes only when there are any (for an update, the old row's payments and the new row's together).
    await sql
      .raw(
        `create or replace function queue_search_on_open_items() returns trigger language plpgsql as $$
        declare ids bigint[] := '{}';
        begin
          if tg_op <> 'INSERT' then ids := ids || ${touched('old')}; end if;
          if tg_op <> 'DELETE' then ids := ids || ${touched('new')}; end if;
          if cardinality(ids) > 0 then perform queue_search_refresh(ids); end if;
          return null;
        end $$`,
      )
      .execute(db);
  },
};
