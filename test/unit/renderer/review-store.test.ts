// The review screen's store against a fake API: what a clerk sees after approving, parking,
// and when the API refuses.
import { describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  type CallOptions,
  type ClearDeskApi,
  type AuditEntry,
  type QueueRow,
  type RequestOf,
  type ResponseOf,
} from '../../../shared/api';
import {
  createReviewStore,
  FILTER_DEBOUNCE_MS,
  findRow,
  loadedRows,
  PAGE,
  tabCounts,
} from '../../../renderer/src/features/review/store';
import { sentBackBy } from '../../../renderer/src/features/review/sent-back';
import { STATE_LABELS } from '../../../renderer/src/features/review/tabs';
import { fakeApi, settle, windowOver } from './fake-api';

const usd = (minor: number) => ({ minor, currency: 'USD' });

function row(id: number, queueState: QueueRow['queueState'], withProposal = true): QueueRow {
  return {
    transactionId: id,
    kind: 'sale',
    status: 'settled',
    batch: 1,
    amount: usd(10000),
    createdAt: '2026-11-25T10:00:00.000Z',
    invoiceId: '90001234',
    billingName: 'Northwind',
    maskedCard: '************4242',
    queueState,
    stateReason: null,
    proposal: withProposal
      ? {
          id: id + 1,
          tier: 'suggest',
          confidence: 0.8,
          customer: '0000100017',
          customerName: 'Northwind',
          companyCode: '1000',
          items: [],
          onAccount: usd(0),
          reasons: [],
          rule: 'r',
        }
      : null,
    posting: null,
  };
}

describe('review store', () => {
  it('approving a proposal shows the SAP document key on the row and keeps the row in view', async () => {
    let rows = [row(1, 'review'), row(2, 'review')];
    const { api } = fakeApi({
      'queue.window': windowOver(() => rows),
      'queue.detail': ({ transactionId }) => ({
        row: rows.find((r) => r.transactionId === transactionId)!,
        preview: null,
        audit: [],
      }),
      'proposal.approve': ({ transactionId }) => {
        const posting = {
          reference: 'PT1P',
          state: 'posted' as const,
          sapDocument: { BELNR: '0100000001', BUKRS: '1000', GJAHR: '2026' },
          messages: [],
          approvedBy: 'mia',
          updatedAt: '',
        };
        rows = rows.map((r) => (r.transactionId === transactionId ? { ...r, queueState: 'posted', posting } : r));
        return posting;
      },
    });
    const store = createReviewStore(api);
    await store.getState().loadList();
    store.getState().select(1);
    await settle();

    await store.getState().approve(1, 2);
    await settle();

    const s = store.getState();
    expect(s.outcome).toMatchObject({ kind: 'posting', posting: { sapDocument: { BELNR: '0100000001' } } });
    expect(findRow(s, 1)?.queueState).toBe('posted');
    expect(s.stickyIds.has(1)).toBe(true);
    expect(s.pending).toBeNull();
    expect(loadedRows(s).map((r) => r.transactionId)).toEqual([1, 2]);
    expect(tabCounts(s.counts)).toMatchObject({ review: 1, posted: 1, all: 2 });
  });

  it('a batch drilled into closes a payment open from before that is not of it, and keeps one that is', async () => {
    const rows = [row(1, 'review'), { ...row(2, 'review'), batch: 9 }];
    const { api } = fakeApi({
      'queue.window': windowOver(() => rows),
      'queue.detail': ({ transactionId }) => ({
        row: rows.find((r) => r.transactionId === transactionId)!,
        preview: null,
        audit: [],
      }),
    });
    const store = createReviewStore(api);
    await store.getState().loadList();
    store.getState().select(2);
    await settle();
    store.getState().setBatch(9);
    expect(store.getState().selectedId).toBe(2);
    store.getState().setBatch(null);
    store.getState().select(1);
    await settle();
    store.getState().setBatch(9);
    expect(store.getState().selectedId).toBeNull();
  });

  it('an approval the four-eyes rules hold: the row waits for an approver, and the message holds only while it waits', async () => {
    let rows = [row(1, 'review')];
    const reasons = ['12,500.00 USD is more than the 10,000.00 USD one person may post in company code 1000'];
    const { api, emit } = fakeApi({
      'queue.window': windowOver(() => rows),
      'queue.detail': ({ transactionId }) => ({
        row: rows.find((r) => r.transactionId === transactionId)!,
        preview: null,
        audit: [],
      }),
      'proposal.approve': ({ transactionId }) => {
        rows = rows.map((r) =>
          r.transactionId === transactionId
            ? { ...r, queueState: 'prepared', proposal: { ...r.proposal!, preparedBy: 'mia', secondApproval: reasons } }
            : r,
        );
        return { state: 'awaiting-approval' as const, preparedBy: 'mia', reasons };
      },
    });
    const store = createReviewStore(api);
    store.getState().start();
    await store.getState().loadList();
    store.getState().select(1);
    await settle();

    await store.getState().approve(1, 2);
    await settle();
    const s = store.getState();
    expect(s.outcome).toEqual({
      transactionId: 1,
      kind: 'done',
      message: `Approved by you; it waits for a second person, an approver (${reasons[0]}).`,
      state: 'prepared',
    });
    expect(findRow(s, 1)).toMatchObject({ queueState: 'prepared', posting: null, proposal: { preparedBy: 'mia' } });
    expect(tabCounts(s.counts)).toMatchObject({ review: 0, prepared: 1 });

    // An approver sends it back: the row follows, and the clerk's own message no longer describes it.
    rows = [{ ...row(1, 'review'), stateReason: 'Wrong customer' }];
    emit('queue.changed', { transactionIds: [1] });
    await settle();
    const after = store.getState();
    expect(after.detail?.row).toMatchObject({ queueState: 'review', stateReason: 'Wrong customer' });
    // PostingStatus shows a 'done' message only while the row is in the state it names.
    expect(after.outcome).toMatchObject({ kind: 'done', state: 'prepared' });
  });

  it('names who sent a payment back only while the send-back is what brought it into review', () => {
    const entry = (seq: number, actor: string, action: string, from: string, to: string): AuditEntry => ({
      seq,
      at: '2026-12-04T10:00:00.000Z',
      actor,
      action,
      subject: 'paytrace:1',
      detail: { transition: { event: action, from, to } },
    });
    const trail = [
      entry(1, 'matcher', 'proposal.created', 'new', 'review'),
      entry(2, 'mia', 'proposal.prepared', 'review', 'prepared'),
      entry(3, 'bob', 'proposal.sentBack', 'prepared', 'review'),
    ];
    const back = { ...row(1, 'review'), stateReason: 'Wrong customer' };
    expect(sentBackBy(back, trail)).toBe('bob');
    // Corrected since: the reason is gone, and so is the banner.
    const corrected = [...trail, entry(4, 'mia', 'proposal.corrected', 'review', 'review')];
    expect(sentBackBy({ ...back, stateReason: null }, corrected)).toBeNull();
    expect(sentBackBy(back, corrected)).toBeNull();
    // Waiting again for an approver, or never sent back.
    expect(sentBackBy({ ...back, queueState: 'prepared' }, trail)).toBeNull();
    expect(sentBackBy(back, trail.slice(0, 2))).toBeNull();
  });

  it('an approval SAP holds as an IDoc it has not posted shows "In SAP, pending" with the IDoc, under Posted', async () => {
    let rows = [row(1, 'review'), row(2, 'review')];
    const { api } = fakeApi({
      'queue.window': windowOver(() => rows),
      'queue.detail': ({ transactionId }) => ({
        row: rows.find((r) => r.transactionId === transactionId)!,
        preview: null,
        audit: [],
      }),
      'proposal.approve': ({ transactionId }) => {
        const posting = {
          reference: 'PT1P',
          state: 'pending' as const,
          idoc: { number: '0000000000000042', status: '51' },
          sapDocument: null,
          messages: [{ TYPE: 'E', ID: 'F5', NUMBER: '201', MESSAGE: 'Posting period 011 2026 is not open' }],
          approvedBy: 'mia',
          updatedAt: '',
        };
        rows = rows.map((r) => (r.transactionId === transactionId ? { ...r, queueState: 'pending', posting } : r));
        return posting;
      },
    });
    const store = createReviewStore(api);
    await store.getState().loadList();
    store.getState().select(1);
    await settle();

    await store.getState().approve(1, 2);
    await settle();

    const s = store.getState();
    const approved = findRow(s, 1)!;
    expect(approved.queueState).toBe('pending');
    expect(STATE_LABELS[approved.queueState]).toBe('In SAP, pending');
    expect(approved.posting).toMatchObject({ state: 'pending', idoc: { number: '0000000000000042', status: '51' } });
    expect(s.outcome).toMatchObject({ kind: 'posting', posting: { state: 'pending', sapDocument: null } });
    expect(tabCounts(s.counts)).toMatchObject({ review: 1, posted: 1, failed: 0, all: 2 });
  });

  it('a refused approval is shown as a readable message, not swallowed', async () => {
    const { api } = fakeApi({
      'queue.window': windowOver(() => [row(1, 'review')]),
      'queue.detail': () => ({ row: row(1, 'review'), preview: null, audit: [] }),
      'proposal.approve': () => {
        throw new ApiError('forbidden', 'You prepared this item; another approver must post it');
      },
    });
    const store = createReviewStore(api);
    await store.getState().loadList();
    store.getState().select(1);
    await store.getState().approve(1, 2);
    expect(store.getState().outcome).toEqual({
      transactionId: 1,
      kind: 'error',
      action: 'approve',
      message: 'Not allowed: You prepared this item; another approver must post it',
    });
  });

  it('parking returns the API error to the reason dialog and parks on success', async () => {
    let current = row(1, 'review');
    const { api } = fakeApi({
      'queue.window': windowOver(() => [current]),
      'transaction.park': ({ reason }) => {
        if (reason === 'no') throw new ApiError('invalid_request', 'Give a reason of at least 3 characters');
        return (current = { ...row(1, 'parked'), stateReason: reason });
      },
    });
    const store = createReviewStore(api);
    await store.getState().loadList();
    expect(await store.getState().setAside('park', 1, 'no')).toBe('Give a reason of at least 3 characters');
    expect(await store.getState().setAside('park', 1, 'Waiting for remittance')).toBeNull();
    await settle();
    expect(loadedRows(store.getState())[0]).toMatchObject({
      queueState: 'parked',
      stateReason: 'Waiting for remittance',
    });
  });

  it('reloads the queue and the open detail when queue.changed names the selected transaction', async () => {
    const { api, calls, emit } = fakeApi({
      'session.info': () => ({ user: 'mia', roles: ['clerk'], sandbox: true, dataDir: '/tmp', version: '0' }),
      'queue.window': windowOver(() => [row(1, 'review')]),
      'queue.detail': () => ({ row: row(1, 'review'), preview: null, audit: [] }),
    });
    const store = createReviewStore(api);
    store.getState().start();
    store.getState().select(1);
    await settle();
    calls.length = 0;
    emit('queue.changed', { transactionIds: [1] });
    await settle();
    expect(calls.sort()).toEqual(['queue.detail', 'queue.window']);
    expect(store.getState().session?.sandbox).toBe(true);
  });

  it('a failing queue window leaves a message for the clerk', async () => {
    const { api } = fakeApi({
      'queue.window': () => {
        throw new ApiError('unavailable', 'SAP connection is down');
      },
    });
    const store = createReviewStore(api);
    await store.getState().loadList();
    expect(store.getState().listError).toBe('Unavailable: SAP connection is down');
  });

  it('asks for one page at a time: the pages on screen, no more', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => row(i + 1, 'review'));
    const seen: RequestOf<'queue.window'>[] = [];
    const { api } = fakeApi({ 'queue.window': windowOver(() => rows, seen) });
    const store = createReviewStore(api);
    await store.getState().loadList();
    expect(seen.map((r) => [r.offset, r.limit])).toEqual([[0, PAGE]]);
    expect(store.getState()).toMatchObject({ total: 1000 });
    expect(loadedRows(store.getState())).toHaveLength(PAGE);
    // Scrolled to rows 450..470: page 4 only.
    store.getState().showRange(450, 470);
    await settle();
    expect(seen.slice(1).map((r) => r.offset)).toEqual([4 * PAGE]);
    expect(findRow(store.getState(), 451)).toBeDefined();
    // Far down, the pages near the top are let go.
    store.getState().showRange(950, 970);
    await settle();
    expect(store.getState().pages.has(0)).toBe(false);
    expect(findRow(store.getState(), 951)).toBeDefined();
  });

  it('typing waits until it settles, asks with the filter and sort, and drops a superseded answer', async () => {
    vi.useFakeTimers();
    try {
      const seen: RequestOf<'queue.window'>[] = [];
      const signals: AbortSignal[] = [];
      const answers: ((w: ResponseOf<'queue.window'>) => void)[] = [];
      const api: ClearDeskApi = {
        call: ((_channel: string, req: RequestOf<'queue.window'>, options?: CallOptions) => {
          seen.push(req);
          signals.push(options!.signal!);
          return new Promise<ResponseOf<'queue.window'>>((resolve) => answers.push(resolve));
        }) as ClearDeskApi['call'],
        on: () => () => {},
      };
      const store = createReviewStore(api);
      store.getState().setSorting([{ id: 'amount', desc: false }]);
      expect(seen).toHaveLength(1);
      for (const text of ['n', 'no', 'nor', 'north']) store.getState().setFilter(text);
      expect(store.getState().filter).toBe('north');
      expect(seen).toHaveLength(1); // not yet
      vi.advanceTimersByTime(FILTER_DEBOUNCE_MS);
      expect(seen).toHaveLength(2);
      expect(seen[1]).toMatchObject({ text: 'north', sort: { key: 'amount', desc: false }, states: ['new', 'review'] });
      expect(signals[0]!.aborted).toBe(true); // the sort's request was superseded
      // The superseded answer comes late: it is dropped; the current one is shown.
      answers[1]!({ rows: [row(7, 'review')], offset: 0, total: 1, counts: { review: 1 } });
      answers[0]!({ rows: [row(1, 'review'), row(2, 'review')], offset: 0, total: 2, counts: { review: 2 } });
      await vi.runAllTimersAsync();
      expect(loadedRows(store.getState()).map((r) => r.transactionId)).toEqual([7]);
      expect(store.getState()).toMatchObject({ total: 1, appliedFilter: 'north' });
      // Clearing the box asks at once.
      store.getState().setFilter('');
      expect(seen).toHaveLength(3);
      expect(seen[2]!.text).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
