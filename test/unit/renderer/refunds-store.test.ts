// The refunds screen's store: a decision replaces the row, a refusal lands as a readable message.
import { describe, expect, it } from 'vitest';
import { ApiError, type RefundRequest } from '../../../shared/api';
import { createRefundsStore, waitingCount } from '../../../renderer/src/features/refunds/store';
import { fakeApi, settle } from './fake-api';

const refund = (over: Partial<RefundRequest> = {}): RefundRequest => ({
  id: 1,
  transactionId: 100000001,
  amount: { minor: 5000, currency: 'USD' },
  reason: 'Returned',
  state: 'requested',
  preparedBy: 'alice',
  preparedAt: '2026-11-25T20:00:00.000Z',
  decidedBy: null,
  decidedAt: null,
  decisionReason: null,
  paytraceTransactionId: null,
  error: null,
  reference: null,
  attempt: 0,
  operation: null,
  sentAt: null,
  sentBy: null,
  checks: [],
  sale: {
    amount: { minor: 25000, currency: 'USD' },
    status: 'settled',
    batch: 7,
    createdAt: '2026-11-24T18:00:00.000Z',
    invoiceId: '90001234',
    billingName: 'Acme',
    maskedCard: '************5454',
  },
  ...over,
});

describe('refunds store', () => {
  it('loads, follows queue.changed, and counts what waits for an approver', async () => {
    let rows = [refund()];
    const { api, emit } = fakeApi({ 'refunds.list': () => rows });
    const store = createRefundsStore(api);
    const stop = store.getState().start();
    await settle();
    expect(waitingCount(store.getState().rows)).toBe(1);
    rows = [refund({ state: 'rejected' })];
    emit('queue.changed', { transactionIds: [100000001] });
    await settle();
    expect(store.getState().rows[0]!.state).toBe('rejected');
    stop();
  });

  it('an approval shows what PayTrace did; a four-eyes refusal is kept as a message', async () => {
    let refuse = true;
    const { api } = fakeApi({
      'refunds.list': () => [refund()],
      'refund.approve': () => {
        if (refuse)
          throw new ApiError(
            'forbidden',
            'alice prepared refund request 1 and so cannot approve it; another approver must (four eyes).',
          );
        return refund({ state: 'refunded', decidedBy: 'bob', paytraceTransactionId: 100000050 });
      },
    });
    const store = createRefundsStore(api);
    await store.getState().load();
    await store.getState().approve(1);
    expect(store.getState().outcome).toEqual({ id: 1, error: expect.stringMatching(/four eyes/) });
    refuse = false;
    await store.getState().approve(1);
    expect(store.getState()).toMatchObject({ deciding: null, outcome: { id: 1, error: null } });
    expect(store.getState().rows[0]).toMatchObject({ state: 'refunded', paytraceTransactionId: 100000050 });
  });

  it('preparing and rejecting answer with null or the reason it failed', async () => {
    const { api } = fakeApi({
      'refund.request': () => {
        throw new ApiError(
          'conflict',
          "PayTrace refunds only settled transactions; void the whole sale or wait for tonight's settlement.",
        );
      },
      'refund.reject': () => refund({ state: 'rejected', decisionReason: 'Replace instead' }),
    });
    const store = createRefundsStore(api);
    expect(await store.getState().prepare(100000001, { minor: 100, currency: 'USD' }, 'Part')).toMatch(
      /settled transactions/,
    );
    expect(await store.getState().reject(1, 'Replace instead')).toBeNull();
    expect(store.getState().rows).toEqual([
      expect.objectContaining({ state: 'rejected', decisionReason: 'Replace instead' }),
    ]);
  });
  it('an outcome unknown is settled by confirming what PayTrace shows or by sending it again', async () => {
    const unknown = refund({ state: 'unknown', reference: 'CDR1-K7Q2M', attempt: 1, operation: 'refund' });
    const calls: unknown[] = [];
    const { api } = fakeApi({
      'refunds.list': () => [unknown],
      'refund.confirm': (req: unknown) => {
        calls.push(['confirm', req]);
        if ((req as { paytraceTransactionId?: number }).paytraceTransactionId === 1)
          throw new ApiError('conflict', 'PayTrace transaction 1 is a sale, not a refund. Nothing was changed.');
        return refund({ state: 'refunded', paytraceTransactionId: 100000050, reference: 'CDR1-K7Q2M', attempt: 1 });
      },
      'refund.resend': (req: unknown) => {
        calls.push(['resend', req]);
        return refund({ state: 'unknown', reference: 'CDR1-K7Q2M-2', attempt: 2, error: 'Lost again' });
      },
    });
    const store = createRefundsStore(api);
    await store.getState().load();
    expect(await store.getState().confirm(1, 1, 'Saw it')).toMatch(/is a sale, not a refund/);
    expect(store.getState().rows[0]!.state).toBe('unknown');
    expect(await store.getState().confirm(1, 100000050, 'Saw it')).toBeNull();
    expect(store.getState().rows[0]).toMatchObject({ state: 'refunded', paytraceTransactionId: 100000050 });
    expect(await store.getState().resend(1, 'Nothing in PayTrace')).toBeNull();
    expect(store.getState()).toMatchObject({ deciding: null, outcome: { id: 1, error: 'Lost again' } });
    expect(calls).toEqual([
      ['confirm', { refundId: 1, reason: 'Saw it', paytraceTransactionId: 1 }],
      ['confirm', { refundId: 1, reason: 'Saw it', paytraceTransactionId: 100000050 }],
      ['resend', { refundId: 1, reason: 'Nothing in PayTrace' }],
    ]);
  });

  it('a decision while the list is loading drops that load: Refresh is not left on "Loading…"', async () => {
    let answer: (rows: RefundRequest[]) => void = () => undefined;
    const { api } = fakeApi({
      'refunds.list': () => new Promise<RefundRequest[]>((resolve) => (answer = resolve)),
      'refund.approve': () => refund({ state: 'refunded', decidedBy: 'bob' }),
    });
    const store = createRefundsStore(api);
    void store.getState().load();
    expect(store.getState().loading).toBe(true);
    await store.getState().approve(1);
    expect(store.getState().loading).toBe(false);
    expect(store.getState().rows[0]!.state).toBe('refunded');
    answer([refund()]); // the old answer arrives late: ignored
    await settle();
    expect(store.getState().rows[0]!.state).toBe('refunded');
    expect(store.getState().loading).toBe(false);
  });
});
