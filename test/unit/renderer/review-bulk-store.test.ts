// Bulk selection in the review store against a fake API: shift-click ranges, "all N matching" sent
// as the view's filter (not the loaded ids), a new view clears the selection, the summary before
// sending, progress events of this run only, and the result per row.
import { describe, expect, it } from 'vitest';
import type { QueueRow, RequestOf, ResponseOf } from '../../../shared/api';
import { createReviewStore, PAGE } from '../../../renderer/src/features/review/store';
import { fakeApi, settle, windowOver } from './fake-api';

const row = (id: number): QueueRow => ({
  transactionId: id,
  kind: 'sale',
  status: 'settled',
  batch: 1,
  amount: { minor: 1000 + id, currency: 'USD' },
  createdAt: '2026-11-25T10:00:00.000Z',
  invoiceId: `9000${id}`,
  billingName: 'Northwind',
  maskedCard: '************4242',
  queueState: 'review',
  stateReason: null,
  proposal: null,
  posting: null,
});

const preview: ResponseOf<'proposals.bulkPreview'> = {
  count: 250,
  post: 240,
  prepare: 10,
  blocked: 0,
  totals: [{ companyCode: '1000', currency: 'USD', count: 250, amount: { minor: 12345, currency: 'USD' } }],
  secondPerson: [{ reason: 'above the 10,000.00 USD one person may post in company code 1000', count: 10 }],
  cannotApprove: [],
};

function setup() {
  const rows = Array.from({ length: 250 }, (_, i) => row(1000 + i));
  const previews: RequestOf<'proposals.bulkPreview'>[] = [];
  const approvals: RequestOf<'proposals.bulkApprove'>[] = [];
  const fake = fakeApi({
    'session.info': () => ({ sandbox: true, dataDir: '/tmp', version: 't', user: 'mia', roles: ['clerk'] }),
    'queue.window': windowOver(() => rows),
    'proposals.bulkPreview': (req) => (previews.push(req), preview),
    'proposals.bulkApprove': async (req) => {
      approvals.push(req);
      fake.emit('bulk.progress', { progressId: 'someone-else', done: 1, total: 9, posted: 1, prepared: 0, failed: 0 });
      fake.emit('bulk.progress', {
        progressId: req.progressId!,
        done: 1,
        total: 250,
        posted: 1,
        prepared: 0,
        failed: 0,
      });
      await settle();
      expect(store.getState().bulk).toMatchObject({ phase: 'running', progress: { done: 1, total: 250 } });
      return {
        results: [{ transactionId: 1000, outcome: 'posted', reason: null, sapDocument: null }],
        counts: { posted: 1 },
      };
    },
  });
  const store = createReviewStore(fake.api);
  return { store, fake, previews, approvals };
}

describe('bulk selection in the review store', () => {
  it('a shift-click ticks the range from the last row ticked; "all matching" sends the view, not the loaded ids', async () => {
    const { store, previews, approvals } = setup();
    store.getState().start();
    await settle();
    expect(store.getState().pages.get(0)).toHaveLength(PAGE);
    store.getState().toggleChecked(1003, false);
    store.getState().toggleChecked(1007, true);
    expect([...store.getState().checked].sort()).toEqual([1003, 1004, 1005, 1006, 1007]);
    // Shift-clicking a ticked row unticks the range.
    store.getState().toggleChecked(1005, true);
    expect([...store.getState().checked].sort()).toEqual([1003, 1004]);
    expect(store.getState().selection()).toEqual({ transactionIds: [1003, 1004] });

    store.getState().checkAllMatching();
    expect(store.getState().selection()).toEqual({
      matching: { states: ['new', 'review'], sort: { key: 'createdAt', desc: true } },
    });
    await store.getState().previewBulkApprove();
    expect(previews).toHaveLength(1);
    expect(store.getState().bulk).toEqual({ action: 'approve', phase: 'preview', preview });
    await store.getState().runBulkApprove();
    expect(approvals[0]).toMatchObject({ matching: { states: ['new', 'review'] } });
    expect(approvals[0]!.progressId).toMatch(/^bulk-/);
    expect(store.getState().bulk).toMatchObject({ phase: 'done', result: { counts: { posted: 1 } } });
    // Done: the selection is cleared.
    expect(store.getState().allMatching).toBe(false);
    expect(store.getState().checked.size).toBe(0);
  });

  it('a new view (another tab) clears the selection', async () => {
    const { store } = setup();
    store.getState().start();
    await settle();
    store.getState().toggleChecked(1001, false);
    store.getState().setTab('all');
    expect(store.getState().checked.size).toBe(0);
    expect(store.getState().selection()).toBeNull();
  });
});
