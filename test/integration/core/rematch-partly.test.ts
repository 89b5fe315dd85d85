// Payments whose proposal applied part of them and left the rest on account are matched again when SAP brings
// their customer's open items: a customer pays two invoices at once, one of them not yet posted in SAP. The new
// proposal replaces the old one only where it keeps what the old one applied and applies more; no item is given
// to two payments (docs/ARCHITECTURE.md, "The flow of one payment").
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../support/store';
import { clerk, coreWith, customer, openItem, sale, type FakeWorld } from './core-fixture';

describeEachDialect('payments partly applied, matched again when SAP brings their open items', (h) => {
  it('two invoices paid at once, one posted later: the rest on account goes to it, and to no other payment', async () => {
    const store = await h.migrated();
    const payer = { vaultCustomerId: '100001' };
    const w: FakeWorld = {
      paytrace: [
        // Pays 90007401 and 90007402 at once; SAP holds only the first.
        sale(7401, 15_000, { ...payer, invoiceId: '90007401, 90007402' }),
        // The same, but a clerk parks it and brings it back: a person acted, so it stays as it is.
        sale(7402, 16_000, { ...payer, invoiceId: '90007403, 90007404' }),
        // Overpays its invoice; nothing of the amount ever arrives.
        sale(7403, 12_500, { ...payer, invoiceId: '90007405' }),
      ],
      sap: {
        customers: [customer('0000100001', 'Acme Corp')],
        openItems: [
          openItem('1800007401', '0000100001', 10_000, '90007401'),
          openItem('1800007403', '0000100001', 10_000, '90007403'),
          openItem('1800007405', '0000100001', 10_000, '90007405'),
        ],
      },
      posted: [],
    };
    const core = await coreWith(store, w);
    await core.sync({ since: '2026-11-01' });
    const ids = [7401, 7402, 7403];
    const first = await store.repos.proposals.liveFor(ids);
    expect(first.get(7401)!.items.map((i) => [i.item.BELNR, i.amount.minor])).toEqual([['1800007401', 10_000]]);
    expect(first.get(7401)!.onAccount.minor).toBe(5_000);
    expect(first.get(7403)!.onAccount.minor).toBe(2_500);
    await core.handle('transaction.park', { transactionId: 7402, reason: 'Asked the customer' }, clerk);
    await core.handle('transaction.unpark', { transactionId: 7402 }, clerk);

    // SAP posts the second invoices; a new payment naming 90007401 again arrives in the same sync.
    w.sap.openItems = [
      ...w.sap.openItems,
      openItem('1800007402', '0000100001', 5_000, '90007402'),
      openItem('1800007404', '0000100001', 6_000, '90007404'),
      openItem('1800007406', '0000100001', 7_000, '90007406'),
    ];
    w.paytrace = [...w.paytrace, sale(7404, 10_000, { ...payer, invoiceId: '90007401' })];
    await core.sync({ since: '2026-11-01' });
    const after = await store.repos.proposals.liveFor([...ids, 7404]);
    expect(after.get(7401)!.items.map((i) => [i.item.BELNR, i.amount.minor])).toEqual([
      ['1800007401', 10_000],
      ['1800007402', 5_000],
    ]);
    expect(after.get(7401)!.onAccount.minor).toBe(0);
    expect(after.get(7401)!.reasons.at(-1)).toMatch(/^Matched again at a later sync/);
    // A person acted on 7402; 7403's rest matches nothing new; the new payment does not get 7401's invoice.
    expect(after.get(7402)!.id).toBe(first.get(7402)!.id);
    expect(after.get(7403)!.id).toBe(first.get(7403)!.id);
    expect(after.get(7404)!.items.map((i) => i.item.BELNR)).not.toContain('1800007401');
    const claimed = await store.repos.proposals.claimedAmounts();
    expect(claimed.get('1000/1800007401/2026/001')).toBe(10_000);
    const trail = await store.repos.audit.forSubject('paytrace:7401');
    expect(trail.filter((e) => e.action === 'proposal.rematched')).toMatchObject([
      {
        actor: 'matcher',
        detail: {
          from: first.get(7401)!.id,
          proposalId: after.get(7401)!.id,
          items: ['1000/1800007401/2026/001', '1000/1800007402/2026/001'],
        },
      },
    ]);
    expect(w.posted).toEqual([]);

    // A third sync changes nothing more.
    await core.sync({ since: '2026-11-01' });
    const third = await store.repos.proposals.liveFor(ids);
    for (const id of ids) expect(third.get(id)!.id).toBe(after.get(id)!.id);
  });
});
