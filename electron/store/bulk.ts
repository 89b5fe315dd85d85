// Loading many rows at once, inside the caller's transaction, the fastest way each dialect has:
// SQLite runs one prepared single-row INSERT per row (better-sqlite3 is synchronous, so a row
// costs a bind and a step); PostgreSQL takes multi-row INSERTs, one round trip per chunk.
// The SQL is Kysely's own, compiled once per call (per chunk size on PostgreSQL).
import type { CompiledQuery, Kysely, Transaction } from 'kysely';
import { dialectOf } from './dialect';
import type { Database } from './schema';
import { PER_ROW_BATCH } from './sqlite-dialect';

type Db = Kysely<Database> | Transaction<Database>;

// Bound parameters per statement: PostgreSQL allows 65535 (and SQLite 32766).
const MAX_PARAMETERS = 30_000;

/**
 * Inserts `rows` into `table`; each row holds its values in `columns` order, all or none: inside
 * the caller's transaction, or in one of its own. No conflict handling: a duplicate key fails the
 * statement (and with it the transaction).
 */
export async function insertRows<T extends keyof Database & string>(
  db: Db,
  table: T,
  columns: readonly (keyof Database[T] & string)[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  for (const row of rows) {
    if (row.length !== columns.length)
      throw new Error(`insertRows: a row of ${table} has ${row.length} values for ${columns.length} columns`);
  }
  if (!db.isTransaction) {
    await (db as Kysely<Database>).transaction().execute((trx) => insertRows(trx, table, columns, rows));
    return;
  }
  const compile = (count: number): CompiledQuery => {
    const placeholder = Object.fromEntries(columns.map((c) => [c, null]));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the row shape is `columns`, checked above
    const query = (db as Kysely<any>)
      .insertInto(table)
      .values(Array.from({ length: count }, () => placeholder))
      .compile();
    if (query.parameters.length !== count * columns.length)
      throw new Error(
        `insertRows: the INSERT into ${table} binds ${query.parameters.length} parameters, not ${count * columns.length}`,
      );
    return query;
  };

  if (dialectOf(db) === 'sqlite') {
    const one = compile(1);
    await db.executeQuery({ ...one, sql: PER_ROW_BATCH + one.sql, parameters: rows });
    return;
  }
  const perChunk = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const compiled = new Map<number, CompiledQuery>();
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    let query = compiled.get(chunk.length);
    if (!query) {
      query = compile(chunk.length);
      compiled.set(chunk.length, query);
    }
    await db.executeQuery({ ...query, parameters: chunk.flat() });
  }
}
