// Migration 0320: the users table, keyed by the name without case.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf, tablesOf } from '../../../support/store-introspect';

const at = MIGRATIONS.findIndex((m) => m.name === '0320_users');

describeEachDialect('migration 0320_users', (h) => {
  it('creates users, whose key refuses a second row for the same person', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    expect(await tablesOf(store)).not.toContain('users');
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    expect((await columnsOf(store, 'users')).map((c) => c.name).sort()).toEqual(
      ['active', 'changed_at', 'changed_by', 'created_at', 'created_by', 'name', 'name_key', 'roles'].sort(),
    );
    const row = {
      name_key: 'sam',
      name: 'Sam',
      roles: 'clerk',
      active: 1,
      created_by: 'x',
      created_at: 't',
      changed_by: 'x',
      changed_at: 't',
    };
    await store.db.insertInto('users').values(row).execute();
    await expect(
      store.db
        .insertInto('users')
        .values({ ...row, name: 'SAM' })
        .execute(),
    ).rejects.toThrow();
  });
});
