// The payer history through the store (`matchModels.payers`, `matcherAliases`): SAP's customer master holds no
// PayTrace vault ids, so a returning payer's card on file names nobody until a clerk teaches it, unless the app
// remembers whom that vault id's approved payments went to, as the clerk who approved them would.
import { expect, it } from 'vitest';
import type { Actor } from '../../../electron/core/ports';
import type { PostOutcome } from '../../../shared/ports';
import { describeEachDialect } from '../../support/store';
import { coreWith, customer, openItem, sale, type FakeWorld } from './core-fixture';

const mia: Actor = { name: 'Mia Clerk', roles: ['clerk'] };
const ACME = '0000100001';
const GLOBEX = '0000100002';
const REFUSED: PostOutcome = {
  ok: false,
  messages: [{ TYPE: 'E', ID: 'F5', NUMBER: '808', MESSAGE: 'Field ALLOC_NMBR is a required field' }],
};

describeEachDialect('the payer history, through the store', (h) => {
  it('a vault id whose payment was posted to a customer names that customer next time; one never posted names nobody', async () => {
    const store = await h.migrated();
    const w: FakeWorld = {
      paytrace: [
        sale(8101, 45_000, { vaultCustomerId: 'CARD77', invoiceId: '90000001' }),
        // Approved, but SAP refuses its document: not in SAP, so not remembered.
        sale(8104, 12_000, { vaultCustomerId: 'CARD99', invoiceId: '90000004' }),
      ],
      sap: {
        customers: [customer(ACME, 'Acme Corp'), customer(GLOBEX, 'Globex LLC')],
        openItems: [
          openItem('1800000001', ACME, 45_000, '90000001'),
          openItem('1800000002', ACME, 30_000, '90000002'),
          openItem('1800000003', GLOBEX, 30_000, '90000003'),
          openItem('1800000004', GLOBEX, 12_000, '90000004'),
        ],
      },
      posted: [],
    };
    const core = await coreWith(store, w, undefined, {
      refuse: (doc) => (doc.DOCUMENTHEADER.REF_DOC_NO.includes('8104') ? REFUSED : null),
    });
    await core.sync({ since: '2026-11-01' });
    const firsts = await store.repos.proposals.liveFor([8101, 8104]);
    expect(firsts.get(8101)!.customer).toBe(ACME);
    // Proposed, not yet in SAP: nothing is remembered yet.
    expect(await store.repos.matchModels.payers()).toEqual([]);
    for (const id of [8101, 8104])
      await core
        .handle('proposal.approve', { transactionId: id, proposalId: firsts.get(id)!.id }, mia)
        .catch(() => null);
    expect((await store.repos.payments.get(8101))!.state).toBe('posted');
    expect((await store.repos.payments.get(8104))!.state).toBe('failed');
    expect(await store.repos.matchModels.payers()).toEqual([{ vaultId: 'CARD77', KUNNR: ACME, payment: 8101 }]);

    // SAP cleared the first invoice. The same card pays again without a reference, an amount both customers have
    // open; another card, never approved, pays the same amount.
    w.sap.openItems = w.sap.openItems.filter((i) => i.source.BELNR !== '1800000001');
    w.paytrace.push(
      sale(8102, 30_000, { vaultCustomerId: 'CARD77', billingName: 'J SMITH' }),
      sale(8103, 30_000, { vaultCustomerId: 'CARD88', billingName: 'K JONES' }),
    );
    await core.sync({ since: '2026-11-01' });
    const live = await store.repos.proposals.liveFor([8102, 8103]);
    expect(live.get(8102)!.customer).toBe(ACME);
    expect(live.get(8102)!.items.map((i) => i.item.BELNR)).toEqual(['1800000002']);
    expect(live.get(8102)!.reasons.join(' ')).toMatch(
      /PayTrace vault id CARD77, which paid this customer's invoices before \(payment 8101 was approved\)/,
    );
    // The history suggests; with no invoice number it never posts by itself.
    expect(live.get(8102)!.tier).toBe('suggest');
    expect(live.get(8103)!.customer).toBeNull();
  });
});
