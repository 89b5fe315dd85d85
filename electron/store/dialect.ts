// Which SQL dialect a Kysely instance (or a transaction of one) speaks. Store code is written once
// for both; the few places that must differ (locks, DDL types, triggers) ask here.
import { PostgresIntrospector, type Kysely } from 'kysely';

export type SqlDialect = 'sqlite' | 'postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function dialectOf(db: Kysely<any>): SqlDialect {
  return db.introspection instanceof PostgresIntrospector ? 'postgres' : 'sqlite';
}
