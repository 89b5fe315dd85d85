// Transaction-scoped PostgreSQL advisory locks: several ClearDesk processes share one server in
// team mode, and some steps must not interleave. SQLite needs none: its transactions begin
// IMMEDIATE (see sqlite-dialect.ts), which already serialises writers.
import { sql, type Transaction } from 'kysely';
import type { SqlDialect } from './dialect';

/** Arbitrary fixed keys, one per thing that is serialised. */
export const LOCK_KEYS = { migrate: 7_245_100_010, audit: 7_245_100_020 } as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function lockForTransaction(trx: Transaction<any>, dialect: SqlDialect, key: number): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
}
