// The shell's navigation: a dead letter that names a transaction opens it in the review queue,
// in the tab where it lives, selected, with its detail loading.
import { describe, expect, it } from 'vitest';
import type { QueueRow, RequestOf } from '../../../shared/api';
import { createAppStore } from '../../../renderer/src/app/store';
import { createReviewStore } from '../../../renderer/src/features/review/store';
import { fakeApi, settle, windowOver } from './fake-api';

function row(id: number, queueState: QueueRow['queueState']): QueueRow {
  return {
    transactionId: id,
    kind: 'sale',
    status: 'settled',
    batch: 1,
    amount: { minor: 10000, currency: 'USD' },
    createdAt: '2026-11-25T10:00:00.000Z',
    invoiceId: '90001234',
    billingName: 'Northwind',
    maskedCard: '************4242',
    queueState,
    stateReason: null,
    proposal: null,
    posting: null,
  };
}

function setup() {
  const rows = [row(1, 'review'), row(2, 'failed'), row(3, 'posted')];
  const seen: RequestOf<'queue.window'>[] = [];
  const { api, calls } = fakeApi({
    'queue.window': windowOver(() => rows, seen),
    'queue.detail': ({ transactionId }) => ({
      row: rows.find((r) => r.transactionId === transactionId)!,
      preview: null,
      audit: [],
    }),
  });
  const review = createReviewStore(api);
  const app = createAppStore(review);
  return { review, app, calls, seen };
}

describe('app navigation', () => {
  it('starts on the review queue and switches screens', () => {
    const { app } = setup();
    expect(app.getState().screen).toBe('review');
    app.getState().go('dead-letters');
    expect(app.getState().screen).toBe('dead-letters');
    app.getState().go('audit');
    expect(app.getState().screen).toBe('audit');
  });

  it('opening a failed posting’s transaction from the dead-letter queue shows it in the Failed tab, selected', async () => {
    const { review, app, calls } = setup();
    await review.getState().loadList();
    review.getState().setFilter('Contoso');
    app.getState().go('dead-letters');

    app.getState().openTransaction(2);
    await settle();

    expect(app.getState()).toMatchObject({ screen: 'review', focusTransactionId: 2 });
    expect(review.getState()).toMatchObject({ tab: 'failed', filter: '', selectedId: 2 });
    expect(review.getState().detail?.row.transactionId).toBe(2);
    expect(calls).toContain('queue.detail');
  });

  it('leaves the tab alone when the transaction is already in it', async () => {
    const { review, app } = setup();
    await review.getState().loadList();
    review.getState().setTab('all');
    app.getState().openTransaction(3);
    expect(review.getState()).toMatchObject({ tab: 'all', selectedId: 3 });
  });

  it('the focus request is spent once the row has it', () => {
    const { app } = setup();
    app.getState().openTransaction(1);
    app.getState().focusDone();
    expect(app.getState().focusTransactionId).toBeNull();
  });

  it('a dashboard chart opens the queue narrowed to its drill, on every tab, and the drill goes with a bulk selection', async () => {
    const { review, app, seen } = setup();
    await review.getState().loadList();
    review.getState().setFilter('Contoso');
    app.getState().go('dashboard');
    const drill = { label: 'Parked in batch 7, USD', filter: { states: ['parked' as const], currency: 'USD' } };
    app.getState().openDrill(drill, 7);
    await settle();
    expect(app.getState().screen).toBe('review');
    expect(review.getState()).toMatchObject({ tab: 'all', filter: '', batch: 7, drill });
    expect(seen.at(-1)).toMatchObject({ batch: 7, drill: drill.filter, offset: 0 });
    expect(seen.at(-1)).not.toHaveProperty('text');
    review.getState().checkAllMatching();
    expect(review.getState().selection()).toMatchObject({ matching: { batch: 7, drill: drill.filter } });
    // Opening one transaction from elsewhere takes the drill away, so it cannot hide the row.
    app.getState().openTransaction(1);
    await settle();
    expect(review.getState().drill).toBeNull();
    expect(seen.at(-1)).not.toHaveProperty('drill');
  });
});
