// Migration 0380: the payment's tier as a column of its own, written for the payments already there
// from their live proposals, and kept by triggers afterwards.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { transactionRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0380_queue_tier_column');

const proposal = (transaction_id: number, confidence: number, status: string) => ({
  transaction_id,
  tier: 'suggest' as const,
  confidence,
  customer: '0000100001',
  company_code: '1000',
  on_account_minor: 0,
  currency: 'USD',
  reasons: '[]',
  rule: 'test',
  status: status as 'open',
  created_at: '2026-12-01T00:00:00.000Z',
  decided_by: null,
  decided_at: null,
});

describeEachDialect('migration 0380_queue_tier_column', (h) => {
  it('writes each payment its live proposals’ highest confidence, -1 without one, and keeps it after', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    const { db } = store;
    await db
      .insertInto('transactions')
      .values([1, 2, 3, 4].map((n) => transactionRow({ transaction_id: 100 + n })))
      .execute();
    await db
      .insertInto('proposals')
      .values([
        proposal(101, 420, 'open'),
        proposal(102, 910, 'approved'),
        proposal(102, 300, 'superseded'),
        proposal(103, 990, 'rejected'),
      ])
      .execute();
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    const tiers = async () =>
      (
        await db
          .selectFrom('transactions')
          .select(['transaction_id', 'tier_confidence'])
          .orderBy('transaction_id')
          .execute()
      ).map((r) => [Number(r.transaction_id), Number(r.tier_confidence)]);
    expect(await tiers()).toEqual([
      [101, 420],
      [102, 910],
      [103, -1],
      [104, -1],
    ]);
    // The triggers keep it from now on: a new payment starts without one, a proposal gives it one.
    await db
      .insertInto('transactions')
      .values(transactionRow({ transaction_id: 105 }))
      .execute();
    await db
      .insertInto('proposals')
      .values(proposal(104, 650, 'open'))
      .execute();
    expect((await tiers()).slice(3)).toEqual([
      [104, 650],
      [105, -1],
    ]);
  });
});
