// Loading many rows at once, inside the caller's transaction, the fastest way each dialect has:
// SQLite runs one prepared single-row INSERT per row (better-sqlite3 is synchronous, so a row
// costs a bind and a step); PostgreSQL takes multi-row INSERTs, one round trip per chunk.
// The SQL is Kysely's own, compiled once per call (per chunk size on PostgreSQL).
import type { CompiledQuery, InsertQueryBuilder, InsertResult, Kysely, OnConflictBuilder, Transaction } from 'kysely';
import { dialectOf } from './dialect';
import type { Database } from './schema';
import { PER_ROW_BATCH } from './sqlite-dialect';

type Db = Kysely<Database> | Transaction<Database>;

// Bound parameters per statement: PostgreSQL allows 65535 (and SQLite 32766).
const MAX_PARAMETERS = 30_000;

/**
 * What a row whose key is already there does instead (Kysely's ON CONFLICT builder): an upsert. It may bind no
 * parameters of its own (literals through `sql.lit`), as the statement's parameters are the rows' values.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's builder types for a table named at run time
export type OnConflict<T extends keyof Database & string> = (oc: OnConflictBuilder<Database, T>) => any;

/**
 * Inserts `rows` into `table`; each row holds its values in `columns` order, all or none: inside
 * the caller's transaction, or in one of its own. Without `onConflict` a duplicate key fails the
 * statement (and with it the transaction); with it, the row does what it says (an upsert).
 */
export async function insertRows<T extends keyof Database & string>(
  db: Db,
  table: T,
  columns: readonly (keyof Database[T] & string)[],
  rows: readonly (readonly unknown[])[],
  onConflict?: OnConflict<T>,
): Promise<void> {
  if (rows.length === 0) return;
  for (const row of rows) {
    if (row.length !== columns.length)
      throw new Error(`insertRows: a row of ${table} has ${row.length} values for ${columns.length} columns`);
  }
  if (!db.isTransaction) {
    await (db as Kysely<Database>).transaction().execute((trx) => insertRows(trx, table, columns, rows, onConflict));
    return;
  }
  const compile = (count: number): CompiledQuery => {
    const placeholder = Object.fromEntries(columns.map((c) => [c, null]));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the row shape is `columns`, checked above
    let insert: InsertQueryBuilder<Database, T, InsertResult> = (db as Kysely<any>)
      .insertInto(table)
      .values(Array.from({ length: count }, () => placeholder));
    if (onConflict) insert = insert.onConflict(onConflict);
    const query = insert.compile();
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
