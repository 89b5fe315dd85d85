// Migration 0060: sync_log, one row per event of a sync run, tied to its run.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf, tablesOf } from '../../../support/store-introspect';

describeEachDialect('migration 0060_sync_log', (h) => {
  it('adds sync_log after every earlier migration, every column NOT NULL, and keeps the runs before it', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, 5));
    expect(await tablesOf(store)).not.toContain('sync_log');
    const { id } = await store.db
      .insertInto('sync_runs')
      .values({ started_at: '2026-11-25T08:00:00Z', finished_at: null, status: 'running', counts: '{}', error: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await migrate(store);
    expect((await columnsOf(store, 'sync_log')).map((c) => [c.name, c.nullable])).toEqual([
      ['id', false],
      ['run_id', false],
      ['at', false],
      ['level', false],
      ['source', false],
      ['subject', false],
      ['message', false],
    ]);
    await store.db
      .insertInto('sync_log')
      .values({
        run_id: id,
        at: '2026-11-25T08:00:01Z',
        level: 'warning',
        source: 'paytrace',
        subject: 'paytrace:1',
        message: 'dead-lettered',
      })
      .execute();
    expect(await store.db.selectFrom('sync_log').select(['run_id', 'subject']).execute()).toEqual([
      { run_id: id, subject: 'paytrace:1' },
    ]);
  });

  it('refuses an entry for a run that does not exist', async () => {
    const store = await h.migrated();
    await expect(
      store.db
        .insertInto('sync_log')
        .values({ run_id: 999, at: 'x', level: 'info', source: 'sync', subject: 's', message: 'm' })
        .execute(),
    ).rejects.toThrow(/foreign key/i);
  });
});
