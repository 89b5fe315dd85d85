// Migration 0110: postings carry `reversed_by`, one posting per payment and event holds for
// standing postings only (a re-post after a reversal, PT<id>P2, is a second row), and
// `reversal_requests` keeps one reversal in progress or done per posting.
import { expect, it } from 'vitest';
import { migrate, ReversalInProgressError, type Store } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf } from '../../../support/store-introspect';
import { postingRow, transactionRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0110_reversals');
const T = '2026-11-25T10:00:00.000Z';

const sending = (store: Store, reference: string, event: 'payment' | 'reversal' = 'payment') =>
  store.repos.postings.insertSending({
    reference,
    transactionId: 1,
    event,
    companyCode: '1000',
    document: '{}',
    approvedBy: 'bob',
    instanceId: 'local',
    at: T,
  });

describeEachDialect('migration 0110_reversals', (h) => {
  it('keeps the postings written before it, standing, with their claims', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    expect((await columnsOf(store, 'postings')).map((c) => c.name)).not.toContain('reversed_by');
    await store.db
      .insertInto('transactions')
      .values(transactionRow({ transaction_id: 1 }))
      .execute();
    await store.db
      .insertInto('postings')
      .values(
        postingRow({
          reference: 'PT1P',
          transaction_id: 1,
          approved_by: 'bob',
          created_at: T,
          updated_at: T,
          claimed_by: 'desk-a',
          claimed_at: T,
        }),
      )
      .execute();
    await migrate(store);
    expect(await store.repos.postings.find(1, 'payment')).toMatchObject({
      reference: 'PT1P',
      belnr: '1400000001',
      claimedBy: 'desk-a',
      reversedBy: null,
    });
    // The old constraint's work is done by the partial index now: a second standing posting is refused.
    expect(await sending(store, 'PT1P2')).toBe(false);
  });

  it('a reversed posting makes room for the next one, and a reference stays unique', async () => {
    const store = await h.migrated();
    await store.db
      .insertInto('transactions')
      .values(transactionRow({ transaction_id: 1 }))
      .execute();
    expect(await sending(store, 'PT1P')).toBe(true);
    await store.repos.postings.markPosted('PT1P', { BELNR: '1400000001', GJAHR: '2026' }, '[]', T);
    expect(await sending(store, 'PT1X', 'reversal')).toBe(true);
    await store.repos.postings.markReversed('PT1P', 'PT1X', T);
    expect(await store.repos.postings.find(1, 'payment')).toBeNull();
    expect(await sending(store, 'PT1P2')).toBe(true);
    expect(await sending(store, 'PT1P2')).toBe(false);
    expect(await store.repos.postings.find(1, 'payment')).toMatchObject({ reference: 'PT1P2' });
    expect((await store.repos.postings.ofTransaction(1)).map((p) => [p.reference, p.reversedBy])).toEqual([
      ['PT1P', 'PT1X'],
      ['PT1P2', null],
      ['PT1X', null],
    ]);
  });

  it('one reversal of a posting waiting or done; a rejected or failed one makes room for another', async () => {
    const store = await h.migrated();
    await store.db
      .insertInto('transactions')
      .values(transactionRow({ transaction_id: 1 }))
      .execute();
    const request = {
      transactionId: 1,
      originalReference: 'PT1P',
      original: { BELNR: '1400000001', BUKRS: '1000', GJAHR: '2026' },
      reasonCode: '01',
      postingDate: '2026-11-25',
      reason: 'card 4111 1111 1111 1111 was charged twice',
      preparedBy: 'mia',
      at: T,
    };
    const first = await store.repos.reversals.insert(request);
    await expect(store.repos.reversals.insert(request)).rejects.toBeInstanceOf(ReversalInProgressError);
    expect((await store.repos.reversals.get(first))!.reason).toBe('card ************1111 was charged twice');
    expect(
      await store.repos.reversals.decide(first, { state: 'rejected', decidedBy: 'bob', at: T, reason: 'no' }),
    ).toBe(true);
    expect(await store.repos.reversals.decide(first, { state: 'approved', decidedBy: 'bob', at: T })).toBe(false);
    const second = await store.repos.reversals.insert(request);
    expect(
      await store.repos.reversals.decide(second, {
        state: 'approved',
        decidedBy: 'bob',
        at: T,
        reversalReference: 'PT1X',
      }),
    ).toBe(true);
    await store.repos.reversals.finish(second, { state: 'failed', error: 'F5 201', at: T });
    const third = await store.repos.reversals.insert(request);
    await store.repos.reversals.decide(third, {
      state: 'approved',
      decidedBy: 'bob',
      at: T,
      reversalReference: 'PT1X',
    });
    // The failed one and the one executing share the reference: the newest is the one executing.
    expect((await store.repos.reversals.byReversalReference('PT1X'))!.id).toBe(third);
    await store.repos.reversals.finish(third, { state: 'reversed', error: null, at: T });
    await expect(store.repos.reversals.insert(request)).rejects.toBeInstanceOf(ReversalInProgressError);
    expect((await store.repos.reversals.ofTransaction(1)).map((r) => r.state)).toEqual([
      'reversed',
      'failed',
      'rejected',
    ]);
  });
});
