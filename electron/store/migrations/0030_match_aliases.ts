// What clerks taught the matcher by correcting its proposals (shared/matching aliases): one row
// per alias, keyed by its stable id (aliasId), so learning the same thing again replaces the row.
import { strict, type Migration } from './types';

export const matchAliases: Migration = {
  name: '0030_match_aliases',
  async up(db, dialect) {
    await strict(
      db.schema
        .createTable('match_aliases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        // The MatchAlias as JSON: its fields differ by kind, and only the engine reads them.
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('learned_by', 'text', (c) => c.notNull())
        .addColumn('learned_at', 'text', (c) => c.notNull()),
      dialect,
    ).execute();
  },
};
