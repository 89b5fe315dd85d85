// The migration ledger: which migrations this database has, in the order they were applied.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { SqlDialect } from './dialect';

export const LEDGER_TABLE = 'schema_migrations';

export interface LedgerRow {
  seq: number;
  name: string;
  applied_at: string;
}

type LedgerDatabase = {
  schema_migrations: LedgerRow;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any> | Transaction<any>;

const ledger = (db: AnyDb) => db.withTables<LedgerDatabase>() as unknown as Kysely<LedgerDatabase>;

export async function createLedger(db: AnyDb, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable(LEDGER_TABLE)
    .ifNotExists()
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .$call((b) => (dialect === 'sqlite' ? b.modifyEnd(sql` STRICT`) : b))
    .execute();
}

export async function readLedger(db: AnyDb): Promise<LedgerRow[]> {
  return ledger(db).selectFrom('schema_migrations').selectAll().orderBy('seq').execute();
}

export async function recordMigration(db: AnyDb, row: LedgerRow): Promise<void> {
  await ledger(db).insertInto('schema_migrations').values(row).execute();
}
