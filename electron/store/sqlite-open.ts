// Opening the embedded SQLite file. A file we cannot read, or one that belongs to some other
// program, is refused before anything writes to it: switching to WAL alone rewrites the header,
// and a clerk's only copy of the queue must never be "repaired" by us.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { StoreError, causeText } from './errors';
import { LEDGER_TABLE } from './ledger';
import { corrupt, readOnlyStore, sqliteFailure, writeProblem } from './sqlite-failures';

const SQLITE_HEADER = 'SQLite format 3\u0000';
const BUSY_TIMEOUT_MS = 5000;

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
  const unwritable = writeProblem(file);
  let probe: BetterSqlite3.Database | undefined;
  try {
    probe = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    probe.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
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
    // A WAL database on a read-only mount cannot even be read without its -shm file: that is the
    // mount's doing, not damage.
    if (unwritable) throw readOnlyStore(file, unwritable);
    throw sqliteFailure(error, file) ?? corrupt(file, causeText(error), error);
  } finally {
    probe?.close();
  }
  if (unwritable) throw readOnlyStore(file, unwritable);
}

export function openSqliteFile(file: string): BetterSqlite3.Database {
  if (existsSync(file)) probeExisting(file);
  else {
    const unwritable = writeProblem(file);
    if (unwritable) throw readOnlyStore(file, unwritable);
  }
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL with synchronous=NORMAL is durable across application crashes, and much faster.
    db.pragma('synchronous = NORMAL');
    // A write to a table with triggers (the queue's search texts, 0310) keeps a statement journal, and
    // with temporary files on disk each statement opens one: the mirror's million open items took twice
    // as long. Temporary tables and journals in memory instead (npm run bench -- openitems).
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (error) {
    db?.close();
    const known = sqliteFailure(error, file);
    if (known) throw known;
    throw new StoreError(
      'connect-failed',
      `Could not open the database file ${file}: ${causeText(error)}. Check that the folder exists and is writable.`,
      { cause: error },
    );
  }
}
