// A clerk's saved views of the review queue (docs/ARCHITECTURE.md, "One core, three hosts"): per user
// a name and the view as JSON (the tab, the filter text, the sort, the drill), checked against
// shared/api's SavedViewSchema by the core when it is read back. Preferences, not business records:
// not audited, deleted outright.
import { strict, type Migration } from './types';

export const savedViews: Migration = {
  name: '0250_saved_views',
  async up(db, dialect) {
    await strict(
      db.schema
        .createTable('saved_views')
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('view', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('saved_views_pk', ['owner', 'name']),
      dialect,
    ).execute();
  },
};
