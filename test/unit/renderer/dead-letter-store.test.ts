// The dead-letter screen's store: what a clerk sees of records sync could not read and postings
// SAP refused, and which of them lead back to a transaction in the review queue.
import { describe, expect, it } from 'vitest';
import { ApiError, type DeadLetter } from '../../../shared/api';
import {
  countBySource,
  createDeadLetterStore,
  transactionIdOf,
  unresolvedCount,
  visibleDeadLetters,
} from '../../../renderer/src/features/dead-letters/store';
import { fakeApi, settle } from './fake-api';

function dl(
  id: number,
  source: string,
  sourceKey: string | null,
  resolvedAt: string | null = null,
  error = 'boom',
): DeadLetter {
  return {
    id,
    source,
    sourceKey,
    error,
    createdAt: '2026-11-25T10:00:00.000Z',
    resolvedAt,
    resolvedBy: null,
    resolution: null,
  };
}

const SAP_REFUSAL = 'E F5 808: Field ALLOC_NMBR is a required field\nE RW 609: Error in document: BKPFF $ ECCCLNT100';

const sample = (): DeadLetter[] => [
  dl(5, 'posting', 'PT123456789P', null, SAP_REFUSAL),
  dl(4, 'paytrace', '987654321', null, 'Amount "12,5O" is not a number'),
  dl(3, 'paytrace', 'record:3f2a9c', null, 'transaction_id is missing'),
  dl(2, 'posting', 'PT555P', '2026-11-25T12:00:00.000Z'),
  dl(1, 'paytrace', '111', '2026-11-24T12:00:00.000Z'),
];

describe('dead-letter store', () => {
  it('starts with unresolved entries only, across every source', async () => {
    const { api } = fakeApi({ 'deadLetters.list': () => sample() });
    const store = createDeadLetterStore(api);
    await store.getState().load();
    const s = store.getState();
    expect(s.unresolvedOnly).toBe(true);
    expect(s.source).toBeNull();
    expect(visibleDeadLetters(s.rows, s.source, s.unresolvedOnly).map((d) => d.id)).toEqual([5, 4, 3]);
    expect(unresolvedCount(s.rows)).toBe(3);
  });

  it('loads the last sync run and its log with the list, and still shows the list when the log cannot be read', async () => {
    const syncLog = {
      run: {
        id: 7,
        startedAt: '2026-11-25T10:00:00.000Z',
        finishedAt: '2026-11-25T10:00:04.000Z',
        status: 'ok' as const,
        error: null,
      },
      entries: [
        {
          at: '2026-11-25T10:00:03.000Z',
          level: 'error' as const,
          source: 'paytrace' as const,
          subject: 'paytrace:987654321',
          message: 'Amount "12,5O" is not a number. The record is in the dead-letter queue (#4).',
        },
      ],
    };
    const withLog = createDeadLetterStore(
      fakeApi({ 'deadLetters.list': () => sample(), 'sync.log': () => syncLog }).api,
    );
    await withLog.getState().load();
    expect(withLog.getState().syncLog).toEqual(syncLog);

    const withoutLog = createDeadLetterStore(
      fakeApi({
        'deadLetters.list': () => sample(),
        'sync.log': () => {
          throw new ApiError('internal', 'no');
        },
      }).api,
    );
    await withoutLog.getState().load();
    expect(withoutLog.getState()).toMatchObject({ syncLog: null, error: null, loaded: true });
    expect(withoutLog.getState().rows).toHaveLength(5);
  });

  it('filters by source and, with the toggle off, shows resolved entries too', () => {
    const rows = sample();
    expect(visibleDeadLetters(rows, 'posting', true).map((d) => d.id)).toEqual([5]);
    expect(visibleDeadLetters(rows, 'posting', false).map((d) => d.id)).toEqual([5, 2]);
    expect(visibleDeadLetters(rows, null, false)).toHaveLength(5);
  });

  it('counts each source under the toggle, keeping a source whose entries are all resolved', () => {
    const rows = [...sample(), dl(6, 'dispute-report', 'row 14', '2026-11-25T13:00:00.000Z')];
    expect(countBySource(rows, true)).toEqual([
      { source: 'dispute-report', count: 0 },
      { source: 'paytrace', count: 2 },
      { source: 'posting', count: 1 },
    ]);
    expect(countBySource(rows, false)).toEqual([
      { source: 'dispute-report', count: 1 },
      { source: 'paytrace', count: 3 },
      { source: 'posting', count: 2 },
    ]);
  });

  it('keeps SAP’s error text verbatim, line breaks included', async () => {
    const { api } = fakeApi({ 'deadLetters.list': () => sample() });
    const store = createDeadLetterStore(api);
    await store.getState().load();
    expect(store.getState().rows[0]?.error).toBe(SAP_REFUSAL);
  });

  it('a PayTrace transaction_id or a posting reference names the transaction; a record hash does not', () => {
    expect(transactionIdOf({ sourceKey: '987654321' })).toBe(987654321);
    expect(transactionIdOf({ sourceKey: 'PT123456789P' })).toBe(123456789);
    expect(transactionIdOf({ sourceKey: 'record:3f2a9c' })).toBeNull();
    expect(transactionIdOf({ sourceKey: null })).toBeNull();
    expect(transactionIdOf({ sourceKey: '0' })).toBeNull();
    expect(transactionIdOf({ sourceKey: '123456789012345678901' })).toBeNull();
  });

  it('reloads when the core says the queue changed, and stops listening when stopped', async () => {
    let rows = sample();
    const { api, calls, emit, listening } = fakeApi({ 'deadLetters.list': () => rows });
    const store = createDeadLetterStore(api);
    const stop = store.getState().start();
    await settle();
    expect(store.getState().loaded).toBe(true);

    rows = [dl(7, 'posting', 'PT42P', null, 'SAP is down'), ...rows];
    calls.length = 0;
    emit('queue.changed', { transactionIds: [] });
    await settle();
    expect(calls).toEqual(['deadLetters.list', 'sync.log']);
    expect(unresolvedCount(store.getState().rows)).toBe(4);

    stop();
    expect(listening('queue.changed')).toBe(0);
  });

  it('drops a source filter whose entries are gone, so the view does not go blank behind a missing tab', async () => {
    let rows = sample();
    const { api } = fakeApi({ 'deadLetters.list': () => rows });
    const store = createDeadLetterStore(api);
    await store.getState().load();
    store.getState().setSource('posting');
    await store.getState().load();
    expect(store.getState().source).toBe('posting');

    rows = rows.filter((d) => d.source !== 'posting');
    await store.getState().load();
    expect(store.getState().source).toBeNull();
  });

  it('a failing load leaves a message and keeps what was shown', async () => {
    let fail = false;
    const { api } = fakeApi({
      'deadLetters.list': () => {
        if (fail) throw new ApiError('unavailable', 'Cannot reach the ClearDesk host');
        return sample();
      },
    });
    const store = createDeadLetterStore(api);
    await store.getState().load();
    fail = true;
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      error: 'Unavailable: Cannot reach the ClearDesk host',
      loading: false,
      loaded: true,
    });
    expect(store.getState().rows).toHaveLength(5);
  });

  it('an older answer arriving after a newer one is ignored', async () => {
    const answers: ((rows: DeadLetter[]) => void)[] = [];
    const { api } = fakeApi({
      'deadLetters.list': () => new Promise<DeadLetter[]>((resolve) => answers.push(resolve)),
    });
    const store = createDeadLetterStore(api);
    const first = store.getState().load();
    const second = store.getState().load();
    await settle();
    answers[1]!([dl(9, 'posting', 'PT9P')]);
    await second;
    answers[0]!(sample());
    await first;
    expect(store.getState().rows.map((d) => d.id)).toEqual([9]);
  });

  it('retry shows what the core did and the letter as it is now; a refusal shows in words and changes nothing', async () => {
    let rows = sample();
    const { api } = fakeApi({
      'deadLetters.list': () => rows,
      'deadLetters.retry': (req) => {
        const { id } = req as { id: number };
        if (id === 4) throw new ApiError('conflict', 'Transaction 987654321 is posted, not failed.');
        const letter = { ...dl(5, 'posting', 'PT123456789P', '2026-11-25T14:00:00.000Z', SAP_REFUSAL) };
        rows = rows.map((d) => (d.id === 5 ? letter : d));
        return { letter, outcome: 'posted', message: 'Posted: SAP document 1400000001 in 1000/2026.' };
      },
    });
    const store = createDeadLetterStore(api);
    await store.getState().load();
    await store.getState().retry(5);
    expect(store.getState().notice).toEqual({
      tone: 'ok',
      text: 'Dead letter 5: Posted: SAP document 1400000001 in 1000/2026.',
    });
    expect(store.getState().busyId).toBeNull();
    expect(store.getState().rows.find((d) => d.id === 5)?.resolvedAt).toBe('2026-11-25T14:00:00.000Z');

    await store.getState().retry(4);
    expect(store.getState().notice).toEqual({
      tone: 'error',
      text: 'Dead letter 4 was not retried. Transaction 987654321 is posted, not failed.',
    });
    expect(store.getState().rows.find((d) => d.id === 4)?.resolvedAt).toBeNull();
  });

  it('resolve sends the reason and shows who resolved it; a refusal is the dialog’s message', async () => {
    const { api } = fakeApi({
      'deadLetters.list': () => sample(),
      'deadLetters.resolve': (req) => {
        const { id, reason } = req as { id: number; reason: string };
        if (id === 3) throw new ApiError('conflict', 'Dead letter 3 was resolved at t by bob (done); nothing to do.');
        return {
          ...dl(id, 'paytrace', '987654321', '2026-11-25T14:00:00.000Z'),
          resolvedBy: 'mia',
          resolution: reason,
        };
      },
    });
    const store = createDeadLetterStore(api);
    await store.getState().load();
    expect(await store.getState().resolve(4, 'Re-keyed in PayTrace')).toBeNull();
    expect(store.getState().rows.find((d) => d.id === 4)).toMatchObject({
      resolvedBy: 'mia',
      resolution: 'Re-keyed in PayTrace',
    });
    expect(store.getState().notice).toEqual({ tone: 'ok', text: 'Dead letter 4 resolved by mia.' });
    expect(await store.getState().resolve(3, 'again')).toBe(
      'Dead letter 3 was resolved at t by bob (done); nothing to do.',
    );
  });
});
