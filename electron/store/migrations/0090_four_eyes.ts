// Four eyes on postings. A proposal remembers the person behind it (who corrected it, and from
// which customer when the correction moved the payment to another) and the clerk who approved it
// first when the rules want a second person; the second approver must be neither. Settings the
// admin changes (the four-eyes rules, the automatic tier's opt-in and limit) live in the store, so
// every instance sharing a PostgreSQL store follows the same ones.
import { strict, type Migration } from './types';

export const fourEyes: Migration = {
  name: '0090_four_eyes',
  async up(db, dialect) {
    await db.schema.alterTable('proposals').addColumn('corrected_by', 'text').execute();
    await db.schema.alterTable('proposals').addColumn('corrected_customer_from', 'text').execute();
    await db.schema.alterTable('proposals').addColumn('prepared_by', 'text').execute();
    await db.schema.alterTable('proposals').addColumn('prepared_at', 'text').execute();
    await strict(
      db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        // The setting as JSON; the core validates it when it reads it.
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull()),
      dialect,
    ).execute();
  },
};
