// One error type for everything the store refuses, so hosts can show `message` as-is and pick an
// exit code from `code` without parsing text.

export type StoreErrorCode =
  | 'corrupt' // the file is not a readable SQLite database
  | 'foreign' // a database with tables but no ClearDesk migration ledger
  | 'unknown-migration' // applied migrations are not a prefix of the ones this version knows
  | 'migration-failed' // a migration threw; it was rolled back
  | 'connect-failed' // could not open the file or reach the server
  | 'read-only' // the file or its folder cannot be written (read-only mount, permissions): the file is fine
  | 'disk-full' // no space left for a write: what was saved before is intact
  | 'locked' // another program holds the file's lock
  | 'unsupported' // not possible with this kind of store (a SQLite backup of a PostgreSQL store)
  | 'audit-append-failed'
  | 'audit-key-missing' // the keyed audit chain's key cannot be read, or none can be kept for a new chain
  | 'audit-key-mismatch'; // the key found is not the one the chain was keyed with

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A Postgres URL with its password replaced, fit for messages and logs. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured PostgreSQL URL (unparseable)';
  }
}

/** The message of an unknown thrown value, for wrapping into an actionable error. */
export function causeText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
