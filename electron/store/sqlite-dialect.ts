// Kysely's SQLite dialect, but every transaction starts with BEGIN IMMEDIATE. In WAL mode a
// deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another
// process wrote in between; taking the write lock up front makes it wait (busy_timeout) instead.
// That is what makes "read max(seq), then insert" in the audit log safe across processes.
import type { Database as SqliteConnection, Statement } from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Kysely,
  type SqliteDatabase,
} from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

// Kysely's SQLite driver prepares every query it runs, and SQLite compiles the SQL text each
// time: for a many-row INSERT that costs about as much as running it. The same text (a query
// compiled once and run with new parameters, BEGIN, COMMIT) reuses the statement instead.
const STATEMENT_CACHE_SIZE = 64;

function withStatementCache(database: SqliteConnection): SqliteDatabase {
  const statements = new Map<string, Statement>(); // oldest first
  return {
    close: () => database.close(),
    prepare(sql: string): Statement {
      let statement = statements.get(sql);
      statements.delete(sql);
      // A statement still iterating (a streamed select) cannot run again until it is done.
      if (!statement || statement.busy) statement = database.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}

export function immediateSqliteDialect(database: SqliteConnection): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ImmediateSqliteDriver({ database: withStatementCache(database) }),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    createIntrospector: (db: Kysely<any>) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}
