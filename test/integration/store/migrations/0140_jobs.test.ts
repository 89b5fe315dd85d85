// Migration 0140: the job tables, on a database that already holds a sync run, which it leaves as it was.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf, tablesOf } from '../../../support/store-introspect';

const at = MIGRATIONS.findIndex((m) => m.name === '0140_jobs');

describeEachDialect('migration 0140_jobs', (h) => {
  it('adds job_runs, job_state and job_locks', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    const run = await store.repos.syncRuns.start('2026-03-01T10:00:00.000Z');
    expect(await tablesOf(store)).not.toContain('job_runs');
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    const tables = await tablesOf(store);
    for (const t of ['job_runs', 'job_state', 'job_locks']) expect(tables).toContain(t);
    expect((await columnsOf(store, 'job_runs')).map((c) => c.name)).toEqual([
      'id',
      'job',
      'started_at',
      'finished_at',
      'status',
      'trigger',
      'instance',
      'requested_by',
      'counts',
      'error',
      'log',
    ]);
    expect((await columnsOf(store, 'job_state')).map((c) => c.name)).toEqual([
      'job',
      'paused',
      'paused_by',
      'paused_at',
      'last_slot',
    ]);
    expect((await columnsOf(store, 'job_locks')).map((c) => c.name)).toEqual([
      'name',
      'owner',
      'job',
      'acquired_at',
      'expires_at',
    ]);
    expect(await store.repos.syncRuns.get(run)).toMatchObject({ id: run, status: 'running' });
  });
});
