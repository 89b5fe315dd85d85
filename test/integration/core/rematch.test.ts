// Payments that waited unapplied are matched again when SAP brings open items: a customer pays before the
// invoice is posted, a refund comes before the credit memo it pays out (docs/ARCHITECTURE.md,
// "The flow of one payment"). The next sync that mirrors the item proposes it; a proposal a person touched stays, and one
// that still finds nothing is not replaced.
import { expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import { describeEachDialect } from '../../support/store';
import { clerk, coreWith, customer, openItem, sale, type FakeWorld } from './core-fixture';

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) =>
      e instanceof ApiError ? { code: e.code, message: e.message } : { code: 'thrown', message: String(e) },
  );

describeEachDialect('payments matched again when SAP brings their open items', (h) => {
  it('an invoice posted after the payment, and a credit after the refund, are proposed at the next sync', async () => {
    const store = await h.migrated();
    const payer = { vaultCustomerId: '100001' };
    const w: FakeWorld = {
      paytrace: [
        // Paid before SAP holds the invoice.
        sale(7101, 10_000, { ...payer, invoiceId: '90007101' }),
        // The same, but a clerk decides it first (on account, by hand).
        sale(7102, 12_000, { ...payer, invoiceId: '90007102' }),
        // Names nothing SAP will ever hold.
        sale(7103, 13_000, { ...payer, invoiceId: '90009999' }),
        // A sale and its partial refund; SAP's credit memo comes a day later.
        sale(7201, 20_000, { ...payer, invoiceId: '90007201' }),
        sale(7202, 5_000, { ...payer, kind: 'refund', invoiceId: '90007201', originalTransactionId: 7201 }),
      ],
      sap: {
        customers: [customer('0000100001', 'Acme Corp')],
        openItems: [openItem('1800007201', '0000100001', 20_000, '90007201')],
      },
      posted: [],
    };
    const core = await coreWith(store, w);
    await core.sync({ since: '2026-11-01' });
    const first = await store.repos.proposals.liveFor([7101, 7102, 7103, 7202]);
    for (const id of [7101, 7102, 7103, 7202]) expect(first.get(id)!.items).toEqual([]);
    expect(first.get(7202)!.reasons.join(' ')).toMatch(/no open credit/);
    await core.handle('proposal.correct', { transactionId: 7102, items: [], customer: '0000100001' }, clerk);
    const corrected = await store.repos.proposals.live(7102);
    expect(corrected!.correctedBy).toBe('mia.clerk');

    // SAP posts the invoices and the credit memo for the refund.
    w.sap.openItems = [
      ...w.sap.openItems,
      openItem('1800007101', '0000100001', 10_000, '90007101'),
      openItem('1800007102', '0000100001', 12_000, '90007102'),
      { ...openItem('1700007201', '0000100001', -5_000, '90007201'), documentType: 'DG' },
    ];
    await core.sync({ since: '2026-11-01' });
    const after = await store.repos.proposals.liveFor([7101, 7102, 7103, 7202]);
    expect(after.get(7101)!.items.map((i) => [i.item.BELNR, i.amount.minor])).toEqual([['1800007101', 10_000]]);
    expect(after.get(7101)!.onAccount.minor).toBe(0);
    expect(after.get(7101)!.reasons.at(-1)).toBe(
      'Matched again at a later sync: these open items were not in SAP when the payment was first matched.',
    );
    expect(after.get(7202)!.items.map((i) => [i.item.BELNR, i.amount.minor])).toEqual([['1700007201', -5_000]]);
    expect(after.get(7202)!.relatedTransactionId).toBe(7201);
    // The clerk's decision stands, and what still finds nothing keeps its proposal.
    expect(after.get(7102)!.id).toBe(corrected!.id);
    expect(after.get(7103)!.id).toBe(first.get(7103)!.id);
    for (const id of [7101, 7102, 7103, 7202]) expect((await store.repos.payments.get(id))!.state).toBe('review');
    expect(w.posted).toEqual([]);
    // A clerk who approves what the screen showed before the sync is told it changed; nothing is posted.
    expect(
      await refusal(core.handle('proposal.approve', { transactionId: 7101, proposalId: first.get(7101)!.id }, clerk)),
    ).toEqual({
      code: 'conflict',
      message:
        'The proposal you approved was replaced by the matcher at a sync; nothing was posted. Look at the current proposal and approve that one.',
    });
    expect(w.posted).toEqual([]);

    const trail = await store.repos.audit.forSubject('paytrace:7101');
    expect(trail.filter((e) => e.action === 'proposal.rematched')).toMatchObject([
      {
        actor: 'matcher',
        detail: { from: first.get(7101)!.id, proposalId: after.get(7101)!.id, items: ['1000/1800007101/2026/001'] },
      },
    ]);
    const log = await store.repos.syncRuns.readLog((await store.repos.syncRuns.latestId())!);
    expect(log.map((l) => l.message)).toContain(
      '2 payment(s) that waited unapplied (on account, unmatched, or a refund with no credit to pay out) or with money left on account now apply to open items SAP posted since; their new proposals go through the tiers as any other (review, or the automatic tier where an admin opted in).',
    );

    // A third sync changes nothing more: the new proposals apply items, the rest still find nothing.
    await core.sync({ since: '2026-11-01' });
    const third = await store.repos.proposals.liveFor([7101, 7102, 7103, 7202]);
    for (const id of [7101, 7102, 7103, 7202]) expect(third.get(id)!.id).toBe(after.get(id)!.id);
    // The matcher's own replacement is no clerk's decision for the learned model: when the clerk then corrects
    // the new proposal, that one was wrong, not the one that waited on account.
    await core.handle('proposal.correct', { transactionId: 7101, items: [], customer: '0000100001' }, clerk);
    const labelled = new Map((await store.repos.matchModels.decisions()).map((d) => [d.proposalId, d.label]));
    expect(first.get(7101)!.explanation).toBeTruthy();
    expect(labelled.get(after.get(7101)!.id)).toBe(0);
    expect(labelled.has(first.get(7101)!.id)).toBe(false);
  });

  it('a payment a clerk took up meanwhile keeps its proposal, parked or parked and brought back', async () => {
    const store = await h.migrated();
    const w: FakeWorld = {
      paytrace: [
        sale(7301, 10_000, { vaultCustomerId: '100001', invoiceId: '90007301' }),
        sale(7302, 11_000, { vaultCustomerId: '100001', invoiceId: '90007302' }),
      ],
      sap: { customers: [customer('0000100001', 'Acme Corp')], openItems: [] },
      posted: [],
    };
    const core = await coreWith(store, w);
    await core.sync({ since: '2026-11-01' });
    const before = await store.repos.proposals.liveFor([7301, 7302]);
    await core.handle('transaction.park', { transactionId: 7301, reason: 'Asked the customer' }, clerk);
    await core.handle('transaction.park', { transactionId: 7302, reason: 'Keep on account' }, clerk);
    await core.handle('transaction.unpark', { transactionId: 7302 }, clerk);
    w.sap.openItems = [
      openItem('1800007301', '0000100001', 10_000, '90007301'),
      openItem('1800007302', '0000100001', 11_000, '90007302'),
    ];
    await core.sync({ since: '2026-11-01' });
    expect((await store.repos.payments.get(7301))!.state).toBe('parked');
    expect((await store.repos.payments.get(7302))!.state).toBe('review');
    const after = await store.repos.proposals.liveFor([7301, 7302]);
    for (const id of [7301, 7302]) {
      expect(after.get(id)!.id).toBe(before.get(id)!.id);
      expect(after.get(id)!.items).toEqual([]);
    }
    // A replacement checks again, in its UPDATE, that no person decided since the proposal was made: 7302 was parked
    // and brought back, as a clerk may do while the sync matches (the run read it untouched before).
    expect(
      await store.repos.proposals.supersedeUntouched(before.get(7302)!.id, '2026-11-25T20:00:00.000Z', {
        noPersonDecision: true,
      }),
    ).toBe(false);
    expect((await store.repos.proposals.get(before.get(7302)!.id))!.status).toBe('open');
    // An approval racing a replacement: once superseded, the store approves nothing and says so.
    expect(await store.repos.proposals.supersedeUntouched(before.get(7302)!.id, '2026-11-25T20:00:00.000Z')).toBe(true);
    expect(await store.repos.proposals.approve(before.get(7302)!.id, 'mia.clerk', '2026-11-25T20:00:01.000Z')).toBe(
      false,
    );
    expect((await store.repos.proposals.get(before.get(7302)!.id))!.status).toBe('superseded');
  });
});
