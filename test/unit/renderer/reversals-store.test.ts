// The reversals store: what the detail panel shows of a payment's reversal, and the four-eyes
// decisions, with every refusal kept as the core's words.
import { describe, expect, it } from 'vitest';
import { ApiError, type Reversal } from '../../../shared/api';
import { reversalAskedBy, reversalRequestText } from '../../../shared/domain/reversal';
import { createReversalsStore, latestReversal } from '../../../renderer/src/features/reversals/store';
import { fakeApi, settle } from './fake-api';

const reversal = (over: Partial<Reversal> = {}): Reversal => ({
  id: 1,
  transactionId: 100000001,
  originalReference: 'PT100000001P',
  original: { BELNR: '1400000001', BUKRS: '1000', GJAHR: '2026' },
  reasonCode: '01',
  postingDate: '2026-12-01',
  reason: 'Wrong customer',
  state: 'requested',
  preparedBy: 'alice',
  preparedAt: '2026-12-02T10:00:00.000Z',
  decidedBy: null,
  decidedAt: null,
  decisionReason: null,
  reversalReference: null,
  reversalDocument: null,
  error: null,
  updatedAt: '2026-12-02T10:00:00.000Z',
  ...over,
});

describe('reversals store', () => {
  it('loads, follows queue.changed, and finds the newest reversal of a payment', async () => {
    let rows = [reversal({ id: 1, state: 'rejected' }), reversal({ id: 2 })];
    const { api, emit } = fakeApi({ 'reversals.list': () => rows });
    const store = createReversalsStore(api);
    const stop = store.getState().start();
    await settle();
    expect(latestReversal(store.getState().rows, 100000001)?.id).toBe(2);
    expect(latestReversal(store.getState().rows, 100000002)).toBeNull();
    rows = [reversal({ id: 2, state: 'reversed' }), reversal({ id: 1, state: 'rejected' })];
    emit('queue.changed', { transactionIds: [100000001] });
    await settle();
    expect(latestReversal(store.getState().rows, 100000001)?.state).toBe('reversed');
    stop();
  });

  it('prepare sends the reason code, date and why; the core’s refusal comes back in words', async () => {
    const sent: unknown[] = [];
    const { api } = fakeApi({
      'reversal.prepare': (req) => {
        sent.push(req);
        if (req.postingDate === '2000-01-03')
          throw new ApiError(
            'invalid_request',
            'A reversal cannot post before the document it reverses (2000-01-03 is before 2026-12-01).',
          );
        return reversal({ reasonCode: req.reasonCode });
      },
    });
    const store = createReversalsStore(api);
    expect(await store.getState().prepare(100000001, '02', '2000-01-03', 'Wrong customer')).toMatch(
      /cannot post before the document it reverses/,
    );
    expect(store.getState().rows).toEqual([]);
    expect(await store.getState().prepare(100000001, '01', null, 'Wrong customer')).toBeNull();
    expect(store.getState().rows).toEqual([expect.objectContaining({ id: 1, state: 'requested' })]);
    expect(sent).toEqual([
      { transactionId: 100000001, reasonCode: '02', postingDate: '2000-01-03', reason: 'Wrong customer' },
      { transactionId: 100000001, reasonCode: '01', postingDate: null, reason: 'Wrong customer' },
    ]);
  });

  it('execute: a four-eyes refusal, SAP’s refusal and SAP’s silence are messages; success shows the document', async () => {
    let answer: () => Reversal = () => {
      throw new ApiError(
        'forbidden',
        'alice prepared this reversal and so cannot execute it; another approver must (four eyes).',
      );
    };
    const { api } = fakeApi({ 'reversals.list': () => [reversal()], 'reversal.execute': () => answer() });
    const store = createReversalsStore(api);
    await store.getState().load();
    await store.getState().execute(1);
    expect(store.getState().outcome).toEqual({ id: 1, error: expect.stringMatching(/four eyes/) });
    answer = () => reversal({ state: 'failed', error: 'F5 201 Posting period 012 2026 is not open' });
    await store.getState().execute(1);
    expect(store.getState().outcome).toEqual({ id: 1, error: 'F5 201 Posting period 012 2026 is not open' });
    answer = () => reversal({ state: 'approved', decidedBy: 'bob', reversalReference: 'PT100000001X' });
    await store.getState().execute(1);
    expect(store.getState().outcome?.error).toMatch(/SAP did not answer/);
    const doc = { BELNR: '1400000002', BUKRS: '1000', GJAHR: '2026' };
    answer = () => reversal({ state: 'reversed', decidedBy: 'bob', reversalDocument: doc });
    await store.getState().execute(1);
    expect(store.getState()).toMatchObject({ deciding: null, outcome: { id: 1, error: null } });
    expect(store.getState().rows[0]).toMatchObject({ state: 'reversed', reversalDocument: doc });
  });

  it('reject (or withdraw) answers with null or the reason it failed', async () => {
    let conflict = true;
    const { api } = fakeApi({
      'reversal.reject': () => {
        if (conflict) throw new ApiError('conflict', 'Reversal 1 was decided by someone else meanwhile.');
        return reversal({ state: 'rejected', decidedBy: 'alice', decisionReason: 'Wrong payment' });
      },
    });
    const store = createReversalsStore(api);
    expect(await store.getState().reject(1, 'Wrong payment')).toMatch(/decided by someone else/);
    conflict = false;
    expect(await store.getState().reject(1, 'Wrong payment')).toBeNull();
    expect(store.getState().rows[0]).toMatchObject({ state: 'rejected', decisionReason: 'Wrong payment' });
  });
});

describe('a dead letter asking for a reversal', () => {
  it('names the payment to reverse; other letters name none', () => {
    const error = reversalRequestText(100000007, 'voided');
    expect(error).toMatch(
      /"Reverse in SAP…" on the payment, or `cleardesk reversal prepare 100000007` on the command line\.$/,
    );
    expect(reversalAskedBy({ source: 'paytrace', sourceKey: '100000007', error })).toBe(100000007);
    expect(reversalAskedBy({ source: 'paytrace', sourceKey: '100000008', error })).toBeNull();
    expect(reversalAskedBy({ source: 'sap', sourceKey: '100000007', error })).toBeNull();
    expect(
      reversalAskedBy({ source: 'paytrace', sourceKey: '100000007', error: 'Record 100000007 could not be read.' }),
    ).toBeNull();
  });
});
