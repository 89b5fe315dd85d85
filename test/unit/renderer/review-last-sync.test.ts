// The header's "Last sync" is the job history's last PayTrace sync, whoever ran it: read at start and again
// when the job changes, never over a sync running here, and a failed one says so.
import { expect, it } from 'vitest';
import type { JobRunView } from '../../../shared/api';
import { createReviewStore } from '../../../renderer/src/features/review/store';
import { fakeApi, settle, windowOver } from './fake-api';

const counts = {
  ingested: 3,
  updated: 0,
  open_items: 98,
  proposals: 3,
  posted: 0,
  dead_lettered: 0,
  dead_letters_waiting: 1,
};

function run(over: Partial<JobRunView>): JobRunView {
  return {
    id: 1,
    job: 'paytrace.sync',
    startedAt: '2026-12-06T10:45:00.000Z',
    finishedAt: '2026-12-06T10:46:00.000Z',
    status: 'ok',
    trigger: 'schedule',
    instance: 'here',
    requestedBy: null,
    counts,
    records: 3,
    error: null,
    log: [],
    ...over,
  };
}

it("shows the last sync of the history, and the next one anyone runs, in the header's state", async () => {
  let history = [run({})];
  const { api, emit } = fakeApi({
    'queue.window': windowOver(() => []),
    'jobs.history': () => history,
  });
  const store = createReviewStore(api);
  const stop = store.getState().start();
  await settle();
  expect(store.getState().sync).toMatchObject({ summary: counts, error: null, at: '2026-12-06T10:46:00.000Z' });

  // Another person's Sync now ends: the header follows.
  history = [run({ id: 2, finishedAt: '2026-12-06T10:58:00.000Z', counts: { ...counts, ingested: 1 } })];
  emit('jobs.changed', { job: 'paytrace.sync' });
  await settle();
  expect(store.getState().sync).toMatchObject({ summary: { ingested: 1 }, at: '2026-12-06T10:58:00.000Z' });

  // Another job's change is not a sync; a failed sync says so.
  history = [run({ id: 3, finishedAt: '2026-12-06T11:13:00.000Z', status: 'failed', error: 'PayTrace answered 503' })];
  emit('jobs.changed', { job: 'sap.mirror' });
  await settle();
  expect(store.getState().sync.at).toBe('2026-12-06T10:58:00.000Z');
  emit('jobs.changed', { job: 'paytrace.sync' });
  await settle();
  expect(store.getState().sync).toMatchObject({ error: 'PayTrace answered 503', at: '2026-12-06T11:13:00.000Z' });
  stop();
});
