// Kysely's SQLite dialect, but every transaction starts with BEGIN IMMEDIATE. In WAL mode a
// deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another
// process wrote in between; taking the write lock up front makes it wait (busy_timeout) instead.
// That is what makes "read max(seq), then insert" in the audit log safe across processes.
import { resolve } from 'node:path';
import { sqliteFailure } from './sqlite-failures';
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
  type SqliteStatement,
} from 'kysely';

/** A first-come, first-served lock for async code. */
class AsyncMutex {
  #tail: Promise<void> = Promise.resolve();
  readonly #releases: (() => void)[] = [];

  async lock(): Promise<void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const before = this.#tail;
    this.#tail = before.then(() => held);
    await before;
    this.#releases.push(release);
  }

  unlock(): void {
    this.#releases.shift()?.();
  }
}

// Several stores open on one file in one process (two "instances" in a test, a CLI command beside
// a host) each have their own connection. better-sqlite3 is synchronous, so a connection waiting
// for another's write lock (busy_timeout) blocks the very thread the other needs to finish its
// transaction: a deadlock that ends in "database is locked". Connections to the same file in one
// process therefore take turns; other processes wait through SQLite's own busy handling.
const fileLocks = new Map<string, AsyncMutex>();

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #fileLock: AsyncMutex;
  readonly #raw: SqliteConnection;

  constructor(config: ConstructorParameters<typeof SqliteDriver>[0], raw: SqliteConnection) {
    super(config);
    this.#raw = raw;
    const file = raw.name;
    // An in-memory database is private to its connection: nothing to share.
    const key = file === ':memory:' || file === '' ? null : resolve(file);
    let lock = key === null ? undefined : fileLocks.get(key);
    if (!lock) {
      lock = new AsyncMutex();
      if (key !== null) fileLocks.set(key, lock);
    }
    this.#fileLock = lock;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    await this.#fileLock.lock();
    return connection;
  }

  override async releaseConnection(): Promise<void> {
    this.#fileLock.unlock();
    await super.releaseConnection();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * SQLite ends a transaction itself on some errors (a full disk, an I/O error): a ROLLBACK then
   * fails with "cannot rollback - no transaction is active", and Kysely would throw that instead
   * of the error that ended the transaction, the one that says what happened.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.#raw.inTransaction) return;
    await super.rollbackTransaction(connection);
  }
}

// Kysely's SQLite driver prepares every query it runs, and SQLite compiles the SQL text each
// time: for a many-row INSERT that costs about as much as running it. The same text (a query
// compiled once and run with new parameters, BEGIN, COMMIT) reuses the statement instead.
const STATEMENT_CACHE_SIZE = 64;

/**
 * SQL text that starts with this comment is a one-row statement run once for each row of a batch:
 * its parameters are the rows (one array of values each). Kysely has no batch call, and running
 * one prepared INSERT per row is the fastest way to load rows into SQLite (faster than multi-row
 * VALUES, which SQLite compiles into a much longer program); see insertRows in bulk.ts.
 */
export const PER_ROW_BATCH = '/* cleardesk: per-row batch */ ';

function perRowBatch(statement: Statement): SqliteStatement {
  const refuse = (): never => {
    throw new Error('A per-row batch statement can only be run, not read');
  };
  return {
    reader: false,
    all: refuse,
    iterate: refuse,
    run(rows: readonly unknown[]) {
      let changes = 0;
      let lastInsertRowid: number | bigint = 0;
      for (const row of rows as readonly unknown[][]) {
        const result = statement.run(row);
        changes += result.changes;
        lastInsertRowid = result.lastInsertRowid;
      }
      return { changes, lastInsertRowid };
    },
  };
}

/**
 * A statement whose failures say what they mean for the file: a full disk, a read-only mount, a
 * lock, damage (see sqlite-failures.ts); any other error (a constraint) passes unchanged.
 */
function guarded(statement: SqliteStatement, file: string): SqliteStatement {
  const translate = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      throw sqliteFailure(error, file) ?? error;
    }
  };
  return {
    reader: statement.reader,
    all: (parameters) => translate(() => statement.all(parameters)),
    run: (parameters) => translate(() => statement.run(parameters)),
    iterate: (parameters) => statement.iterate(parameters),
  };
}

function withStatementCache(database: SqliteConnection): SqliteDatabase {
  const statements = new Map<string, Statement>(); // oldest first
  const cached = (sql: string): Statement => {
    let statement = statements.get(sql);
    statements.delete(sql);
    // A statement still iterating (a streamed select) cannot run again until it is done.
    if (!statement || statement.busy) statement = database.prepare(sql);
    statements.set(sql, statement);
    if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    return statement;
  };
  return {
    close: () => database.close(),
    prepare: (sql: string) =>
      guarded(sql.startsWith(PER_ROW_BATCH) ? perRowBatch(cached(sql)) : cached(sql), database.name),
  };
}

export function immediateSqliteDialect(database: SqliteConnection): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ImmediateSqliteDriver({ database: withStatementCache(database) }, database),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    createIntrospector: (db: Kysely<any>) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}
