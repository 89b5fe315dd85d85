// A sale PayTrace refunded before ClearDesk posted it (a clerk's refund, or one made in PayTrace's own screens): its
// proposal still clears the invoice, though the money went back to the card. The sync that brings the refund takes
// the sale out of the automatic tier and says what was refunded; a clerk decides (shared/matching/refunded.ts).
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../support/store';
import { clerk, coreWith, customer, openItem, sale, type FakeWorld } from './core-fixture';

describeEachDialect('a sale refunded before it was posted', (h) => {
  it('leaves the automatic tier at the sync that brings its refund, saying what was refunded; a clerk decides', async () => {
    const store = await h.migrated();
    const payer = { vaultCustomerId: '100001' };
    const w: FakeWorld = {
      paytrace: [
        sale(7301, 30_000, { ...payer, invoiceId: '90007301' }),
        sale(7305, 25_000, { ...payer, invoiceId: '90007305' }),

        // Sold and refunded in part between two syncs: both come in at once.
        sale(7303, 40_000, { ...payer, invoiceId: '90007303' }),
        sale(7304, 10_000, { ...payer, kind: 'refund', invoiceId: '90007303', originalTransactionId: 7303 }),
        // A refund PayTrace declined moved no money: not counted.
        sale(7309, 40_000, {
          ...payer,
          kind: 'refund',
          status: 'declined',
          invoiceId: '90007303',
          originalTransactionId: 7303,
        }),
      ],
      sap: {
        customers: [customer('0000100001', 'Acme Corp')],
        openItems: [
          openItem('1800007301', '0000100001', 30_000, '90007301'),
          openItem('1800007303', '0000100001', 40_000, '90007303'),
          openItem('1800007305', '0000100001', 25_000, '90007305'),
        ],
      },
      posted: [],
    };
    const core = await coreWith(store, w);
    await core.sync({ since: '2026-11-01' });
    const first = await store.repos.proposals.liveFor([7301, 7303, 7305]);
    expect(first.get(7301)).toMatchObject({
      tier: 'auto',
      items: [expect.objectContaining({ amount: { minor: 30_000, currency: 'USD' } })],
    });
    expect(first.get(7303)).toMatchObject({ tier: 'suggest' });
    expect(first.get(7303)!.confidence).toBeLessThanOrEqual(0.6);
    expect(first.get(7303)!.reasons.at(-1)).toBe(
      'refunded in part (100.00 USD of 400.00 USD) by refund 7304 before this payment was posted: a clerk decides. ' +
        'Goods returned: approve as proposed, and the refund pays out the credit memo SAP posts for them. A charge ' +
        'made in error: correct this payment to on account of the customer, for the refund to pay out, and the ' +
        'invoice stays open',
    );
    // A clerk already decided 7305 (corrected by hand): a refund does not undo that.
    await core.handle('proposal.correct', { transactionId: 7305, items: [], customer: '0000100001' }, clerk);
    const decided = (await store.repos.proposals.live(7305))!;

    // The next sync brings the full refund of 7301 and the refund of 7305.
    w.paytrace = [
      ...w.paytrace,
      sale(7302, 30_000, { ...payer, kind: 'refund', invoiceId: '90007301', originalTransactionId: 7301 }),
      sale(7306, 25_000, { ...payer, kind: 'refund', invoiceId: '90007305', originalTransactionId: 7305 }),
    ];
    await core.sync({ since: '2026-11-01' });
    const after = (await store.repos.proposals.live(7301))!;
    expect(after.id).not.toBe(first.get(7301)!.id);
    expect(after).toMatchObject({ tier: 'suggest', items: first.get(7301)!.items });
    expect(after.confidence).toBeLessThanOrEqual(0.6);
    expect(after.reasons.slice(0, -1)).toEqual(first.get(7301)!.reasons);
    expect(after.reasons.at(-1)).toMatch(
      /^refunded in full by refund 7302 \(300\.00 USD\) before this payment was posted: a clerk decides\. /,
    );
    expect(
      (await store.repos.audit.forSubject('paytrace:7301')).filter((e) => e.action === 'proposal.refunded'),
    ).toMatchObject([
      {
        actor: 'matcher',
        detail: { from: first.get(7301)!.id, proposalId: after.id, tier: 'suggest', refunds: [7302] },
      },
    ]);
    expect((await store.repos.proposals.live(7305))!.id).toBe(decided.id);
    expect((await store.repos.proposals.live(7303))!.id).toBe(first.get(7303)!.id);

    // A sync with nothing new changes nothing; nothing was posted automatically.
    await core.sync({ since: '2026-11-01' });
    expect((await store.repos.proposals.live(7301))!.id).toBe(after.id);
    expect(w.posted).toEqual([]);
    expect((await store.repos.payments.get(7301))!.state).toBe('review');
  });
});
