// Customers keep SAP's head office (KNB1-KNRZE, per company code) and corporate group (KNA1-KONZS),
// so the sync's matching knows who pays for whom as `cleardesk match --customers` does. Customers
// mirrored before it read as having neither ('') until the next mirror read writes them.
import type { Migration } from './types';

export const customerHeadOfficeGroup: Migration = {
  name: '0200_customer_head_office_group',
  async up(db) {
    await db.schema
      .alterTable('customers')
      .addColumn('head_office', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .alterTable('customers')
      .addColumn('group_key', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  },
};
