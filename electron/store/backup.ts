// Backups of the desktop's SQLite store, and putting one back. A backup is taken with SQLite's
// online backup (consistent while ClearDesk runs) and checked before it counts. A restore checks
// the backup, needs the store to be closed, keeps the store it replaces beside it, and never
// overwrites anything. A restored store has forgotten what happened after the backup; the poster
// asks SAP before any first send, so nothing it forgot is posted twice (docs/ARCHITECTURE.md,
// "Posting exactly once"). PostgreSQL stores are backed up with the server's own tools.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { StoreError, causeText } from './errors';
import { LEDGER_TABLE } from './ledger';
import { MIGRATIONS } from './migrations';
import { checkPrefix } from './migrate';
import type { LedgerRow } from './ledger';
import { locked, sqliteFailure } from './sqlite-failures';

export interface BackupFacts {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  /** The migrations the backup has applied, oldest first. */
  readonly migrations: readonly string[];
  /** The last audit entry in the backup, for an auditor to compare with later. */
  readonly auditHead: { readonly seq: number; readonly hash: string } | null;
}

const sha256Of = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A file offered as a backup that cannot be one: what is wrong with it, code 'corrupt' (exit 3). */
function notABackup(name: string, why: string, cause?: unknown): StoreError {
  return new StoreError(
    'corrupt',
    `The file ${name} is not a ClearDesk backup: ${why}; it may be cut short, damaged, or no database at all.`,
    { cause },
  );
}

/** What SQLite may leave beside a database file it opened. */
const removeCompanions = (file: string): void => {
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
};

/**
 * Opens a backup read-only and checks it is a sound ClearDesk database this version knows.
 * `name` is the file as the person named it, for messages (the file checked may be a copy of it).
 */
export function inspectBackup(file: string, name = file): BackupFacts {
  if (!existsSync(file)) throw new StoreError('connect-failed', `There is no backup file ${name}.`);
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const tables = db.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[];
    if (!tables.includes(LEDGER_TABLE)) {
      throw new StoreError('foreign', `The file ${name} is not a ClearDesk backup: it has no migration ledger.`);
    }
    const problems = (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .filter((line) => line !== 'ok');
    if (problems.length > 0)
      throw notABackup(name, `SQLite's integrity check found: ${problems.slice(0, 3).join('; ')}`);
    const ledger = db.prepare(`select seq, name, applied_at from ${LEDGER_TABLE} order by seq`).all() as LedgerRow[];
    checkPrefix(ledger, MIGRATIONS, name);
    const head = tables.includes('audit_log')
      ? (db.prepare('select seq, hash from audit_log order by seq desc limit 1').get() as
          { seq: number; hash: string } | undefined)
      : undefined;
    return {
      file: name,
      bytes: statSync(file).size,
      sha256: sha256Of(file),
      migrations: ledger.map((r) => r.name),
      auditHead: head ? { seq: Number(head.seq), hash: head.hash } : null,
    };
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const known = sqliteFailure(error, file);
    // The disk or a lock may stop the check; anything else SQLite cannot read is no backup.
    if (known && known.code !== 'corrupt') throw known;
    throw notABackup(name, `SQLite cannot read it (${causeText(error)})`, error);
  } finally {
    db?.close();
  }
}

/**
 * Writes a consistent copy of the open SQLite database to `target` (a new file), and checks it.
 * The copy is one self-contained file (rollback journal, not WAL), so it can be read, checked and
 * restored from read-only media.
 */
export async function backupSqlite(raw: BetterSqlite3.Database, source: string, target: string): Promise<BackupFacts> {
  if (existsSync(target)) {
    throw new StoreError(
      'connect-failed',
      `${target} exists already; ClearDesk does not overwrite a file. Choose a new name for the backup.`,
    );
  }
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  try {
    await raw.backup(partial);
    const copy = new BetterSqlite3(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const facts = inspectBackup(partial, target);
    renameSync(partial, target);
    return facts;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw (
      sqliteFailure(error, target) ??
      new StoreError('connect-failed', `Could not back up ${source} to ${target}: ${causeText(error)}`)
    );
  } finally {
    rmSync(partial, { force: true });
    removeCompanions(partial);
  }
}

export interface RestoreOutcome {
  readonly restored: BackupFacts;
  /** Where the store that was replaced now is (nothing is deleted). */
  readonly previous: string | null;
}

/**
 * Puts `backupFile` in place of the store file `storeFile`. The store must not be open anywhere
 * (it is locked exclusively while it is moved aside). The backup is copied beside the store and
 * checked before anything is moved, so a restore that fails leaves the store in place.
 */
export function restoreSqlite(storeFile: string, backupFile: string, stamp: string): RestoreOutcome {
  // The backup is copied beside the store and the copy is checked: what is put in place is what
  // passed, and a backup on read-only media (which SQLite may not open where it lies) is read too.
  const partial = join(dirname(storeFile), `.restoring-${process.pid}`);
  try {
    let restored: BackupFacts;
    try {
      copyFileSync(backupFile, partial);
      restored = inspectBackup(partial, backupFile);
    } catch (error) {
      if (error instanceof StoreError) {
        if (error.code === 'read-only' || error.code === 'disk-full' || error.code === 'locked') throw error;
        throw new StoreError(error.code, `${error.message} Nothing was restored; the store is as it was.`, {
          cause: error,
        });
      }
      throw (
        sqliteFailure(error, storeFile) ??
        new StoreError('connect-failed', `Could not copy ${backupFile} beside ${storeFile}: ${causeText(error)}`, {
          cause: error,
        })
      );
    } finally {
      removeCompanions(partial);
    }
    if (sha256Of(backupFile) !== restored.sha256) {
      throw new StoreError(
        'connect-failed',
        `The copy of ${backupFile} came out different from the file; nothing was restored.`,
      );
    }
    let previous: string | null = null;
    if (existsSync(storeFile) && statSync(storeFile).size > 0) {
      previous = `${storeFile}.before-restore-${stamp.replace(/[:.]/g, '-')}`;
      closeForRestore(storeFile);
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(`${storeFile}${suffix}`)) renameSync(`${storeFile}${suffix}`, `${previous}${suffix}`);
      }
    }
    renameSync(partial, storeFile);
    return { restored, previous };
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Makes sure nobody has the store open, and that the file holds everything (its WAL checkpointed
 * into it), so it can be moved aside whole; a damaged one is moved aside as it is, with its WAL.
 * In WAL mode BEGIN EXCLUSIVE does not wait for readers, and a ClearDesk that is merely open holds
 * no lock at all; the exclusive locking mode needs the file to itself, and is refused while any
 * other connection has it open.
 */
function closeForRestore(storeFile: string): void {
  let current: BetterSqlite3.Database | undefined;
  try {
    current = new BetterSqlite3(storeFile, { fileMustExist: true });
    current.pragma('busy_timeout = 0');
    current.pragma('locking_mode = EXCLUSIVE');
    // Nobody else may have it open: ClearDesk (desktop, serve, a scheduled sync) must be stopped.
    current.exec('begin exclusive');
    current.prepare('select count(*) from sqlite_master').get();
    current.exec('commit');
    current.pragma('wal_checkpoint(TRUNCATE)');
  } catch (error) {
    const known = sqliteFailure(error, storeFile);
    if (known?.code === 'locked') {
      throw locked(
        storeFile,
        new Error(
          'it is in use: open in a running ClearDesk or another program; stop the desktop app, cleardesk serve and scheduled syncs, then restore',
        ),
      );
    }
    // A store SQLite cannot read is what a restore is for: it is moved aside as it is.
    if (known?.code === 'corrupt') return;
    throw known ?? error;
  } finally {
    current?.close();
  }
}
