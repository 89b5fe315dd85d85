// The browser host's users, kept by the store and managed by an admin (docs/ARCHITECTURE.md,
// "Security"). A name is unique without case (`name_key`, shared/domain's personKey), as the
// four-eyes rules compare names; roles are a comma list of clerk, approver, admin; a disabled user
// stays (the audit trail names them) but cannot sign in.
import { strict, type Migration } from './types';

export const users: Migration = {
  name: '0320_users',
  async up(db, dialect) {
    await strict(
      db.schema
        .createTable('users')
        .addColumn('name_key', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('roles', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .addColumn('changed_at', 'text', (c) => c.notNull()),
      dialect,
    ).execute();
  },
};
