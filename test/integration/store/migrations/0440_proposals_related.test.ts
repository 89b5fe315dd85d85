// Migration 0440: a refund's proposal names its sale. Proposals written before it name none; a new refund's proposal
// names its sale, and the sale's refunds are read by it: one sale per refund, its proposal's, else PayTrace's original.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { transactionRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0440_proposals_related');
const AT = '2026-12-01T00:00:00.000Z';
const usd = (minor: number) => ({ minor, currency: 'USD' });

describeEachDialect('migration 0440_proposals_related', (h) => {
  it('leaves older proposals without a sale; a refund proposal names its sale, which lists its refunds', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    const refund = (id: number, original: number | null = null) =>
      transactionRow({ transaction_id: id, kind: 'refund', amount_minor: 500, original_transaction_id: original });
    await store.db
      .insertInto('transactions')
      .values([
        transactionRow({ transaction_id: 100 }),
        transactionRow({ transaction_id: 200 }),
        refund(101),
        refund(102),
        refund(103, 100),
        refund(104),
        refund(105, 100),
      ])
      .execute();
    const proposal = (transactionId: number, relatedTransactionId?: number) => ({
      transactionId,
      tier: 'suggest' as const,
      confidence: 0.3,
      customer: '0000100001',
      companyCode: '1000',
      items: [],
      onAccount: usd(-500),
      reasons: ['refund'],
      rule: 'refund/refund',
      ...(relatedTransactionId ? { relatedTransactionId } : {}),
    });
    await store.db
      .insertInto('proposals')
      .values({
        transaction_id: 101,
        tier: 'suggest',
        confidence: 300,
        customer: null,
        company_code: null,
        on_account_minor: -500,
        currency: 'USD',
        reasons: '[]',
        rule: 'refund/refund',
        status: 'open',
        created_at: AT,
        decided_by: null,
        decided_at: null,
      })
      .execute();
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    expect((await store.repos.proposals.live(101))!.relatedTransactionId).toBeNull();

    await store.repos.proposals.insert(proposal(102, 100), AT);
    await store.repos.proposals.insert(proposal(104, 100), AT);
    await store.repos.proposals.supersedeLive(104, 'ada', AT); // a superseded proposal no longer relates
    expect((await store.repos.proposals.live(102))!.relatedTransactionId).toBe(100);
    // PayTrace names sale 100 as 105's original, but its live proposal says 200: it counts for one sale, 200.
    await store.repos.proposals.insert(proposal(105, 200), AT);
    const refunds = await store.repos.payments.refundsRelatedTo(100);
    expect(refunds.map((t) => t.source.transaction_id).sort()).toEqual([102, 103]);
    expect((await store.repos.payments.refundsRelatedTo(200)).map((t) => t.source.transaction_id)).toEqual([105]);
  });
});
