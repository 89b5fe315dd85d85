// Applying migrations, and refusing a database this version does not understand. The applied
// list must be a prefix of MIGRATIONS: anything else means a newer ClearDesk (or some other
// program) wrote it, and running against it could corrupt data we do not know the shape of.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Store } from './open';
import type { SqlDialect } from './dialect';
import { StoreError, causeText } from './errors';
import { LEDGER_TABLE, createLedger, readLedger, recordMigration, type LedgerRow } from './ledger';
import { LOCK_KEYS, lockForTransaction } from './pg-locks';
import { MIGRATIONS, type Migration } from './migrations';

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTrx = Transaction<any>;

/** Throws unless `applied` is exactly the first applied.length entries of `known`. */
export function checkPrefix(applied: readonly LedgerRow[], known: readonly Migration[], location: string): void {
  const knownNames = known.map((m) => m.name);
  applied.forEach((row, i) => {
    if (row.name === knownNames[i] && row.seq === i + 1) return;
    const fix = 'Use a matching version of ClearDesk or restore a backup.';
    if (!knownNames.includes(row.name)) {
      throw new StoreError(
        'unknown-migration',
        `The database at ${location} has migration '${row.name}' that this version of ClearDesk does not know; ` +
          `it was written by a newer version, or is not a ClearDesk database. ${fix}`,
      );
    }
    throw new StoreError(
      'unknown-migration',
      `The database at ${location} has its migrations in an order this version of ClearDesk does not know: ` +
        `step ${i + 1} is '${row.name}', expected '${knownNames[i] ?? '(none)'}'. ${fix}`,
    );
  });
}

async function listTables(db: AnyTrx, dialect: SqlDialect): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** Creates the ledger in an empty database; refuses one that has tables but no ledger. */
async function ensureLedger(trx: AnyTrx, dialect: SqlDialect, location: string): Promise<void> {
  const tables = await listTables(trx, dialect);
  if (tables.includes(LEDGER_TABLE)) return;
  if (tables.length > 0) {
    throw new StoreError(
      'foreign',
      `The database at ${location} has tables (${tables.slice(0, 5).join(', ')}) but no ClearDesk migration ledger, ` +
        'so it is not a ClearDesk database. ClearDesk has not changed it. Point ClearDesk at an empty database or its own.',
    );
  }
  await createLedger(trx, dialect);
}

async function inLockedTransaction<T>(store: Store, work: (trx: AnyTrx) => Promise<T>): Promise<T> {
  return (store.db as Kysely<unknown>).transaction().execute(async (trx) => {
    await lockForTransaction(trx, store.dialect, LOCK_KEYS.migrate);
    return work(trx);
  });
}

/** Reads the ledger and checks it, without changing anything (beyond nothing: no ledger yet = all pending). */
export async function migrationStatus(
  store: Store,
  known: readonly Migration[] = MIGRATIONS,
): Promise<MigrationStatus> {
  return inLockedTransaction(store, async (trx) => {
    const tables = await listTables(trx, store.dialect);
    const applied = tables.includes(LEDGER_TABLE) ? await readLedger(trx) : [];
    checkPrefix(applied, known, store.location);
    return { applied: applied.map((r) => r.name), pending: known.slice(applied.length).map((m) => m.name) };
  });
}

/**
 * Applies the migrations the database lacks, each in its own transaction with its ledger row,
 * so a crash leaves the database at a whole step. Safe to run from several processes at once.
 * Returns the names applied by this call.
 */
export async function migrate(
  store: Store,
  known: readonly Migration[] = MIGRATIONS,
  now: () => string = () => new Date().toISOString(),
): Promise<string[]> {
  await inLockedTransaction(store, (trx) => ensureLedger(trx, store.dialect, store.location));
  const appliedNow: string[] = [];
  for (const [index, migration] of known.entries()) {
    const didApply = await inLockedTransaction(store, async (trx) => {
      const applied = await readLedger(trx); // re-read under the lock: another process may have gone first
      checkPrefix(applied, known, store.location);
      if (applied.length > index) return false;
      try {
        await migration.up(trx, store.dialect, { auditKeys: store.auditKeys });
      } catch (error) {
        // A missing audit key is configuration to fix, not a fault to report: its message says what to set.
        if (error instanceof StoreError && error.code.startsWith('audit-key')) throw error;
        throw new StoreError(
          'migration-failed',
          `Migration '${migration.name}' failed on the database at ${store.location} and was rolled back: ${causeText(error)}. ` +
            'The database is unchanged at the previous step; report this error with the ClearDesk version.',
          { cause: error },
        );
      }
      await recordMigration(trx, { seq: index + 1, name: migration.name, applied_at: now() });
      return true;
    });
    if (didApply) appliedNow.push(migration.name);
  }
  return appliedNow;
}
