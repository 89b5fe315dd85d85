// The review screen's store against a fake API: what a clerk sees after approving, parking,
// and when the API refuses.
import { describe, expect, it } from 'vitest';
import { ApiError, type AuditEntry, type QueueRow } from '../../../shared/api';
import { sentBackBy } from '../../../renderer/src/features/review/sent-back';
import { createReviewStore } from '../../../renderer/src/features/review/store';
import { countByTab, STATE_LABELS } from '../../../renderer/src/features/review/tabs';
import { fakeApi, settle } from './fake-api';

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
      'queue.list': () => rows,
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
    expect(s.rows.find((r) => r.transactionId === 1)?.queueState).toBe('posted');
    expect(s.stickyIds.has(1)).toBe(true);
    expect(s.pending).toBeNull();
    expect(countByTab(s.rows)).toMatchObject({ review: 1, posted: 1, all: 2 });
  });

  it('an approval the four-eyes rules hold: the row waits for an approver, and the message holds only while it waits', async () => {
    let rows = [row(1, 'review')];
    const reasons = ['12,500.00 USD is more than the 10,000.00 USD one person may post in company code 1000'];
    const { api, emit } = fakeApi({
      'queue.list': () => rows,
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
    expect(s.rows[0]).toMatchObject({ queueState: 'prepared', posting: null, proposal: { preparedBy: 'mia' } });
    expect(countByTab(s.rows)).toMatchObject({ review: 0, prepared: 1 });

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
      'queue.list': () => rows,
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
    const approved = s.rows.find((r) => r.transactionId === 1)!;
    expect(approved.queueState).toBe('pending');
    expect(STATE_LABELS[approved.queueState]).toBe('In SAP, pending');
    expect(approved.posting).toMatchObject({ state: 'pending', idoc: { number: '0000000000000042', status: '51' } });
    expect(s.outcome).toMatchObject({ kind: 'posting', posting: { state: 'pending', sapDocument: null } });
    expect(countByTab(s.rows)).toMatchObject({ review: 1, posted: 1, failed: 0, all: 2 });
  });

  it('a refused approval is shown as a readable message, not swallowed', async () => {
    const { api } = fakeApi({
      'queue.list': () => [row(1, 'review')],
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
      'queue.list': () => [current],
      'transaction.park': ({ reason }) => {
        if (reason === 'no') throw new ApiError('invalid_request', 'Give a reason of at least 3 characters');
        return (current = { ...row(1, 'parked'), stateReason: reason });
      },
    });
    const store = createReviewStore(api);
    await store.getState().loadList();
    expect(await store.getState().setAside('park', 1, 'no')).toBe(
      'Invalid request: Give a reason of at least 3 characters',
    );
    expect(await store.getState().setAside('park', 1, 'Waiting for remittance')).toBeNull();
    await settle();
    expect(store.getState().rows[0]).toMatchObject({ queueState: 'parked', stateReason: 'Waiting for remittance' });
  });

  it('reloads the queue and the open detail when queue.changed names the selected transaction', async () => {
    const { api, calls, emit } = fakeApi({
      'session.info': () => ({ user: 'mia', roles: ['clerk'], sandbox: true, dataDir: '/tmp', version: '0' }),
      'queue.list': () => [row(1, 'review')],
      'queue.detail': () => ({ row: row(1, 'review'), preview: null, audit: [] }),
    });
    const store = createReviewStore(api);
    store.getState().start();
    store.getState().select(1);
    await settle();
    calls.length = 0;
    emit('queue.changed', { transactionIds: [1] });
    await settle();
    expect(calls.sort()).toEqual(['queue.detail', 'queue.list']);
    expect(store.getState().session?.sandbox).toBe(true);
  });

  it('a failing queue.list leaves a message for the clerk', async () => {
    const { api } = fakeApi({
      'queue.list': () => {
        throw new ApiError('unavailable', 'SAP connection is down');
      },
    });
    const store = createReviewStore(api);
    await store.getState().loadList();
    expect(store.getState().listError).toBe('Unavailable: SAP connection is down');
  });
});
