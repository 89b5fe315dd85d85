// Migration 0420: a posting names the proposal it was approved from. Postings written before it keep none (the
// journal gives them the payment's last approval); a new one names its proposal, and a recovery's resend keeps it.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { postingRow, transactionRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0420_postings_proposal');
const AT = '2026-12-01T00:00:00.000Z';

describeEachDialect('migration 0420_postings_proposal', (h) => {
  it('leaves postings already there without a proposal; a new one names its own, a resend keeps it', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    await store.db
      .insertInto('transactions')
      .values(transactionRow({ transaction_id: 101 }))
      .execute();
    await store.db
      .insertInto('postings')
      .values(postingRow({ reference: 'PT101P', transaction_id: 101 }))
      .execute();
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    expect((await store.repos.postings.get('PT101P'))!.proposalId).toBeNull();

    const fresh = { transactionId: 102, event: 'payment' as const, companyCode: '1000', document: '{}' };
    const common = { ...fresh, approvedBy: 'ada', instanceId: 'i1', at: AT };
    expect(await store.repos.postings.insertSending({ ...common, reference: 'PT102P', proposalId: 7 })).toBe(true);
    expect((await store.repos.postings.get('PT102P'))!.proposalId).toBe(7);
    await store.repos.postings.resend('PT102P', { document: '{}', attempts: 2, approvedBy: 'ada', at: AT });
    expect((await store.repos.postings.get('PT102P'))!.proposalId).toBe(7);
    await store.repos.postings.resend('PT102P', {
      document: '{}',
      attempts: 3,
      approvedBy: 'bob',
      proposalId: 9,
      at: AT,
    });
    expect((await store.repos.postings.get('PT102P'))!.proposalId).toBe(9);
  });
});
