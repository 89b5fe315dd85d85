// What went wrong with the SQLite file, said so that a person does the right thing: a read-only
// mount, a full disk and another program's lock are not damage, and a healthy file must never be
// called unreadable nor "moved aside". Only a file SQLite itself finds malformed is corrupt.
import { accessSync, constants, existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError, causeText } from './errors';

const codeOf = (error: unknown): string => String((error as { code?: unknown } | null)?.code ?? '');

export function readOnlyStore(file: string, cause?: unknown): StoreError {
  return new StoreError(
    'read-only',
    `The database file ${file} cannot be written: its folder is on a read-only file system or not writable by this user (${cause ? causeText(cause) : 'no write access'}). ` +
      'Nothing is wrong with the file and ClearDesk has not changed it. Make the folder writable (remount it read-write, or fix its permissions), or point --data-dir at a writable folder.',
    { cause },
  );
}

/** Bytes free for this user on the disk that holds `file`; null when the system does not say. */
function freeBytes(file: string): number | null {
  try {
    const s = statfsSync(dirname(file));
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/**
 * Less free space than this beside the file, and an I/O error SQLite could not name is taken for a
 * full disk: SQLite reports a write, truncate or shared-memory extension that failed for lack of
 * space as SQLITE_IOERR_*, not SQLITE_FULL (a WAL database on a full disk cannot even be opened).
 */
const NEARLY_FULL_BYTES = 1024 * 1024;

export function diskFull(file: string, cause?: unknown): StoreError {
  const bytes = freeBytes(file);
  const free = bytes === null ? '' : ` (${Math.floor(bytes / (1024 * 1024))} MB free)`;
  return new StoreError(
    'disk-full',
    `The disk that holds ${file} is full${free}. The change that needed the space was not saved; everything saved before is intact. ` +
      'Free some space on that disk (or move the data folder to a larger one), then try again.',
    { cause },
  );
}

export function locked(file: string, cause?: unknown): StoreError {
  return new StoreError(
    'locked',
    `The database file ${file} is locked by another program (${cause ? causeText(cause) : 'busy'}), and stayed locked while ClearDesk waited. ` +
      'Nothing is wrong with the file. Close the other program that has it open (another ClearDesk, a backup or a database tool), then try again.',
    { cause },
  );
}

export function corrupt(file: string, detail: string, cause?: unknown): StoreError {
  return new StoreError(
    'corrupt',
    `The database file ${file} cannot be read as a SQLite database (${detail}). ` +
      'ClearDesk has not changed it. Restore it from a backup, or move it aside to start with an empty database.',
    { cause },
  );
}

/** Whether the file (or, for a new file, its folder) can be written; the error when it cannot. */
export function writeProblem(file: string): NodeJS.ErrnoException | null {
  try {
    accessSync(existsSync(file) ? file : dirname(file), constants.W_OK);
    // In WAL mode SQLite also writes -wal and -shm beside the file.
    accessSync(dirname(file), constants.W_OK);
    return null;
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

/**
 * A SQLite or file-system error from working with `file`, as the StoreError a person can act on;
 * null when it is none of these (a bug, a constraint: the caller's to report).
 */
export function sqliteFailure(error: unknown, file: string): StoreError | null {
  if (error instanceof StoreError) return error;
  const code = codeOf(error);
  const text = causeText(error);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || /database or disk is full/i.test(text))
    return diskFull(file, error);
  if (code.startsWith('SQLITE_IOERR')) {
    // SQLite names no cause for an I/O error: the folder that cannot be written, or the disk
    // without room (the -shm file could not be grown, a write found no space), is it.
    const unwritable = writeProblem(file);
    if (unwritable) return readOnlyStore(file, unwritable);
    if (code === 'SQLITE_IOERR_SHMSIZE' || (freeBytes(file) ?? Infinity) < NEARLY_FULL_BYTES)
      return diskFull(file, error);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return readOnlyStore(file, error);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || /database is locked/i.test(text)) {
    return locked(file, error);
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || /not a database|malformed/i.test(text)) {
    return corrupt(file, text, error);
  }
  return null;
}
