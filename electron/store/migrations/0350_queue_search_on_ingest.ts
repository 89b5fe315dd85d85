// A new payment's search text (0310) is written by ingest, a page at a time (electron/store/queue-search.ts),
// instead of by a trigger on each inserted row. The trigger cost 100 µs a row (SQLite: a statement journal
// and the search view per statement; PostgreSQL: a function call per row), which cut ingest from 60,000
// records a second to 10,000; one set-wise statement per page costs a few µs a row. Changes and deletes of
// transactions keep their triggers (they are rare and one at a time), as do the other watched tables.
import { sql } from 'kysely';
import type { Migration } from './types';

export const queueSearchOnIngest: Migration = {
  name: '0350_queue_search_on_ingest',
  async up(db, dialect) {
    if (dialect === 'sqlite') {
      await sql`drop trigger queue_search_transactions_insert`.execute(db);
      return;
    }
    await sql`drop trigger queue_search_transactions_insert_delete on transactions`.execute(db);
    await sql`create trigger queue_search_transactions_delete after delete on transactions
      for each row execute function queue_search_on_transactions()`.execute(db);
  },
};
