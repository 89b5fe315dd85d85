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
import { corrupt, locked, sqliteFailure } from './sqlite-failures';

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

/** Opens a backup read-only and checks it is a sound ClearDesk database this version knows. */
export function inspectBackup(file: string): BackupFacts {
  if (!existsSync(file)) throw new StoreError('connect-failed', `There is no backup file ${file}.`);
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const tables = db.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[];
    if (!tables.includes(LEDGER_TABLE)) {
      throw new StoreError('foreign', `The file ${file} is not a ClearDesk backup: it has no migration ledger.`);
    }
    const problems = (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .filter((line) => line !== 'ok');
    if (problems.length > 0) throw corrupt(file, `SQLite's integrity check found: ${problems.slice(0, 3).join('; ')}`);
    const ledger = db.prepare(`select seq, name, applied_at from ${LEDGER_TABLE} order by seq`).all() as LedgerRow[];
    checkPrefix(ledger, MIGRATIONS, file);
    const head = tables.includes('audit_log')
      ? (db.prepare('select seq, hash from audit_log order by seq desc limit 1').get() as
          { seq: number; hash: string } | undefined)
      : undefined;
    return {
      file,
      bytes: statSync(file).size,
      sha256: sha256Of(file),
      migrations: ledger.map((r) => r.name),
      auditHead: head ? { seq: Number(head.seq), hash: head.hash } : null,
    };
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw sqliteFailure(error, file) ?? corrupt(file, causeText(error), error);
  } finally {
    db?.close();
  }
}

/** Writes a consistent copy of the open SQLite database to `target` (a new file), and checks it. */
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
    const facts = inspectBackup(partial);
    renameSync(partial, target);
    return { ...facts, file: target };
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof StoreError) throw error;
    throw (
      sqliteFailure(error, target) ??
      new StoreError('connect-failed', `Could not back up ${source} to ${target}: ${causeText(error)}`)
    );
  }
}

export interface RestoreOutcome {
  readonly restored: BackupFacts;
  /** Where the store that was replaced now is (nothing is deleted). */
  readonly previous: string | null;
}

/**
 * Puts `backupFile` in place of the store file `storeFile`. The store must not be open anywhere
 * (it is locked exclusively while it is moved aside); the backup is checked first.
 */
export function restoreSqlite(storeFile: string, backupFile: string, stamp: string): RestoreOutcome {
  const restored = inspectBackup(backupFile);
  let previous: string | null = null;
  if (existsSync(storeFile) && statSync(storeFile).size > 0) {
    previous = `${storeFile}.before-restore-${stamp.replace(/[:.]/g, '-')}`;
    let current: BetterSqlite3.Database | undefined;
    try {
      current = new BetterSqlite3(storeFile, { fileMustExist: true });
      current.pragma('busy_timeout = 0');
      // Nobody else may have it open: ClearDesk (desktop, serve, a scheduled sync) must be stopped.
      current.exec('begin exclusive');
      current.exec('commit');
      current.pragma('wal_checkpoint(TRUNCATE)');
    } catch (error) {
      const known = sqliteFailure(error, storeFile);
      if (known?.code === 'locked') {
        throw locked(
          storeFile,
          new Error(
            'it is open in a running ClearDesk; stop the desktop app, cleardesk serve and scheduled syncs, then restore',
          ),
        );
      }
      throw known ?? error;
    } finally {
      current?.close();
    }
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(`${storeFile}${suffix}`)) renameSync(`${storeFile}${suffix}`, `${previous}${suffix}`);
    }
  }
  const partial = join(dirname(storeFile), `.restoring-${process.pid}`);
  copyFileSync(backupFile, partial);
  if (sha256Of(partial) !== restored.sha256) {
    rmSync(partial, { force: true });
    throw new StoreError(
      'connect-failed',
      `The copy of ${backupFile} came out different from the file; nothing was restored.`,
    );
  }
  renameSync(partial, storeFile);
  return { restored: { ...restored, file: backupFile }, previous };
}
