// The query planner's statistics. SQLite keeps none until ANALYZE: without them it reads the queue's
// big tab (68,000 payments in review at 100,000) through the state index and sorts every row of it for
// one page (60 ms), where the order's own index gives the page in 1 ms. `PRAGMA optimize` with 0x10000
// looks at every table and analyzes those never analyzed or grown tenfold since: about 0.3 s at 100,000
// payments the first time, next to nothing when little changed, so it runs after each sync pass (SQLite
// advises it periodically on long-lived connections; not at open, where commands that only read, such as
// doctor on a full disk, must not write). PostgreSQL's autovacuum keeps its own.
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect';
import type { Database } from '../schema';

export interface StatisticsRepository {
  /** Brings the planner's statistics up to date where the data changed enough to need it. */
  refresh(): Promise<void>;
}

export function statisticsRepository(db: Kysely<Database>): StatisticsRepository {
  const sqlite = dialectOf(db) === 'sqlite';
  return {
    async refresh() {
      if (!sqlite) return;
      // Whole tables (no analysis_limit): the samples of STAT4 are what tell the planner a tab is big.
      await sql`pragma analysis_limit = 0`.execute(db);
      await sql`pragma optimize = 0x10002`.execute(db);
    },
  };
}
