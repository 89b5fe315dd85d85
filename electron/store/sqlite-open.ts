// Opening the embedded SQLite file. A file we cannot read, or one that belongs to some other
// program, is refused before anything writes to it: switching to WAL alone rewrites the header,
// and a clerk's only copy of the queue must never be "repaired" by us.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { StoreError, causeText } from './errors';
import { LEDGER_TABLE } from './ledger';

const SQLITE_HEADER = 'SQLite format 3\u0000';
const BUSY_TIMEOUT_MS = 5000;

function corrupt(file: string, detail: string, cause?: unknown): StoreError {
  return new StoreError(
    'corrupt',
    `The database file ${file} cannot be read as a SQLite database (${detail}). ` +
      'ClearDesk has not changed it. Restore it from a backup, or move it aside to start with an empty database.',
    { cause },
  );
}

function readHeader(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** Checks an existing file read-only: a SQLite database, readable, and ours or empty. */
function probeExisting(file: string): void {
  if (statSync(file).size === 0) return; // SQLite treats an empty file as a new database
  if (readHeader(file) !== SQLITE_HEADER) throw corrupt(file, 'it does not start with the SQLite header');
  let probe: BetterSqlite3.Database | undefined;
  try {
    probe = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const tables = probe
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
      .pluck()
      .all() as string[];
    if (tables.length > 0 && !tables.includes(LEDGER_TABLE)) {
      throw new StoreError(
        'foreign',
        `The file ${file} is a SQLite database of some other program (tables: ${tables.slice(0, 5).join(', ')}), ` +
          'not a ClearDesk database. ClearDesk has not changed it. Point ClearDesk at its own data folder, or move this file aside.',
      );
    }
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw corrupt(file, causeText(error), error);
  } finally {
    probe?.close();
  }
}

export function openSqliteFile(file: string): BetterSqlite3.Database {
  if (existsSync(file)) probeExisting(file);
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL with synchronous=NORMAL is durable across application crashes, and much faster.
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (error) {
    db?.close();
    if (/not a database|malformed|SQLITE_CORRUPT|SQLITE_NOTADB/i.test(causeText(error))) {
      throw corrupt(file, causeText(error), error);
    }
    throw new StoreError(
      'connect-failed',
      `Could not open the database file ${file}: ${causeText(error)}. Check that the folder exists and is writable.`,
      { cause: error },
    );
  }
}
