// Migration 0040: refund requests, one pending refund per sale, the outcome kept beside the request.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { initial } from '../../../../electron/store/migrations/0010_initial';
import { auditAppendOnly } from '../../../../electron/store/migrations/0020_audit_append_only';
import { matchAliases } from '../../../../electron/store/migrations/0030_match_aliases';
import { refunds } from '../../../../electron/store/migrations/0040_refunds';
import { describeEachDialect } from '../../../support/store';
import { columnsOf, tablesOf } from '../../../support/store-introspect';

const UP_TO_0040 = [initial, auditAppendOnly, matchAliases, refunds];

const request = (over: Record<string, unknown> = {}) => ({
  transaction_id: 100000001,
  amount_minor: 2500,
  currency: 'USD',
  reason: 'Customer returned one of two chairs',
  state: 'requested',
  prepared_by: 'alice',
  prepared_at: '2026-11-25T20:00:00.000Z',
  updated_at: '2026-11-25T20:00:00.000Z',
  ...over,
});

describeEachDialect('migration 0040_refunds', (h) => {
  it('adds refund_requests on top of 0030; the decision, the PayTrace id and the error may be empty', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, UP_TO_0040);
    expect(await tablesOf(store)).toContain('refund_requests');
    const columns = await columnsOf(store, 'refund_requests');
    expect(columns.map((c) => c.name)).toEqual([
      'id',
      'transaction_id',
      'amount_minor',
      'currency',
      'reason',
      'state',
      'prepared_by',
      'prepared_at',
      'decided_by',
      'decided_at',
      'decision_reason',
      'paytrace_transaction_id',
      'error',
      'updated_at',
    ]);
    expect(columns.filter((c) => c.nullable).map((c) => c.name)).toEqual([
      'decided_by',
      'decided_at',
      'decision_reason',
      'paytrace_transaction_id',
      'error',
    ]);
  });

  it('holds PayTrace ids and amounts beyond 32 bits', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, UP_TO_0040);
    await store.db
      .insertInto('refund_requests')
      .values(
        request({
          transaction_id: 9_000_000_001,
          amount_minor: 5_000_000_000,
          state: 'refunded',
          paytrace_transaction_id: 9_000_000_002,
        }) as never,
      )
      .execute();
    const row = await store.db
      .selectFrom('refund_requests')
      .select(['transaction_id', 'amount_minor', 'paytrace_transaction_id'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      transaction_id: 9_000_000_001,
      amount_minor: 5_000_000_000,
      paytrace_transaction_id: 9_000_000_002,
    });
  });

  it('allows one pending refund per sale; decided ones do not count', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, UP_TO_0040);
    const insert = (over: Record<string, unknown>) =>
      store.db
        .insertInto('refund_requests')
        .values(request(over) as never)
        .execute();
    await insert({});
    await expect(insert({ state: 'approved' })).rejects.toThrow(/unique/i);
    await expect(insert({ state: 'sent' })).rejects.toThrow(/unique/i);
    await insert({ state: 'rejected', decision_reason: 'not agreed with the customer' });
    await insert({ state: 'refunded', paytrace_transaction_id: 100000050 });
    await insert({ state: 'failed', error: 'declined' });
    await insert({ transaction_id: 100000002 });
    expect(await store.db.selectFrom('refund_requests').select('id').execute()).toHaveLength(5);
  });

  if (h.dialect === 'sqlite') {
    it('is a STRICT table', async () => {
      const store = await h.open(await h.fresh());
      await migrate(store, UP_TO_0040);
      await expect(
        store.db
          .insertInto('refund_requests')
          .values(request({ amount_minor: 'twenty-five' }) as never)
          .execute(),
      ).rejects.toThrow(/cannot store TEXT value in INTEGER column/);
    });
  }
});
