// What a migration is, and the column types that differ between the two dialects.
// Migrations take Kysely<any> on purpose: they describe the schema as it was at their step,
// not as schema.ts describes it today.
import { sql, type ColumnDataType, type CreateTableBuilder, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect';
import type { AuditKeys } from '../audit-keys';

/** What a migration may need beyond the database: 0070 starts the keyed audit chain and needs its key. */
export interface MigrationContext {
  readonly auditKeys: AuditKeys | null;
}

export interface Migration {
  /** `0010_initial`: four digits stepping by 10, then what it does. Never renamed once released. */
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  up(db: Kysely<any>, dialect: SqlDialect, context?: MigrationContext): Promise<void>;
}

/** 64-bit integers (minor units, PayTrace ids). SQLite STRICT tables only accept INTEGER, which is 64-bit. */
export const int64 = (dialect: SqlDialect): ColumnDataType => (dialect === 'postgres' ? 'bigint' : 'integer');

/** STRICT on SQLite, so a text in an INTEGER column is refused instead of stored. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function strict<T extends CreateTableBuilder<any, any>>(builder: T, dialect: SqlDialect): T {
  return (dialect === 'sqlite' ? builder.modifyEnd(sql` STRICT`) : builder) as T;
}

/** An autoincrementing integer primary key named `id`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function withId<T extends CreateTableBuilder<any, any>>(builder: T, dialect: SqlDialect): T {
  return (
    dialect === 'sqlite'
      ? builder.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      : builder.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
  ) as T;
}
