// A sale matched for the automatic tier while pending settlement (docs/ARCHITECTURE.md, "The flow of one payment"):
// its proposal waits for a clerk only until PayTrace settles it; the next sync that reads it settled
// puts the same proposal in the automatic tier (audited), which posts it under the admin's opt-in. A
// proposal a clerk corrected, or one suggested for its own reasons, stays.
import { expect, it } from 'vitest';
import type { Actor } from '../../../electron/core/ports';
import { updateSettings } from '../../../electron/core/settings';
import { describeEachDialect } from '../../support/store';
import { coreWith, customer, openItem, sale, type FakeWorld } from './core-fixture';

const admin: Actor = { name: 'ada.admin', roles: ['admin'] };

describeEachDialect('promotion of settled sales to the automatic tier', (h) => {
  it('promotes the matcher proposal that waited for settlement, once, and the automatic tier posts it', async () => {
    const store = await h.migrated();
    const w: FakeWorld = {
      paytrace: [
        sale(7001, 10_000, { status: 'pending', settledAt: null, batch: null, invoiceId: '90007001' }),
        sale(7002, 20_000, { status: 'pending', settledAt: null, batch: null, invoiceId: '90007002' }),
        // Another customer's invoice: suggested for its own reasons, settled or not.
        sale(7003, 30_000, { status: 'pending', settledAt: null, batch: null, invoiceId: '90007003' }),
      ],
      sap: {
        customers: [customer('0000100001', 'Acme Corp'), customer('0000100002', 'Globex')],
        openItems: [
          openItem('1800007001', '0000100001', 10_000, '90007001'),
          openItem('1800007002', '0000100001', 20_000, '90007002'),
          openItem('1800007003', '0000100002', 30_000, '90007999'),
        ],
      },
      posted: [],
    };
    const core = await coreWith(store, w);
    await updateSettings(store.repos, { now: () => new Date('2026-11-25T20:00:00Z') }, admin, {
      autoPost: { enabled: true, maxAmount: null },
    });
    await core.sync({ since: '2026-11-01' });
    const first = await store.repos.proposals.liveFor([7001, 7002, 7003]);
    expect([first.get(7001)!.tier, first.get(7002)!.tier]).toEqual(['suggest', 'suggest']);
    expect(w.posted).toEqual([]);
    // A clerk corrects 7002 (the same item, as the clerk's own): it is no longer the matcher's proposal.
    const clerk: Actor = { name: 'mia.clerk', roles: ['clerk'] };
    const item = first.get(7002)!.items[0]!;
    await core.handle(
      'proposal.correct',
      {
        transactionId: 7002,
        items: [
          {
            companyCode: item.item.BUKRS,
            docNo: item.item.BELNR,
            fiscYear: item.item.GJAHR,
            itemNum: item.item.BUZEI,
            amount: item.amount,
          },
        ],
      },
      clerk,
    );
    expect((await store.repos.proposals.live(7002))!.correctedBy).toBe('mia.clerk');

    // PayTrace settles them in batch 571.
    w.paytrace = w.paytrace.map((t) => ({
      ...t,
      status: 'settled' as const,
      batch: 571,
      settledAt: { utc: '2026-11-21T04:13:45.000Z', original: '11/20/2026 8:13:45 PM' },
    }));
    await core.sync({ since: '2026-11-01' });
    expect(w.posted).toEqual(['PT7001P']);
    expect((await store.repos.payments.get(7001))!.state).toBe('posted');
    expect((await store.repos.payments.get(7002))!.state).toBe('review');
    expect((await store.repos.proposals.live(7002))!.tier).not.toBe('auto');
    const p3 = await store.repos.proposals.live(7003);
    expect(p3?.tier ?? 'none').not.toBe('auto');
    const trail = await store.repos.audit.forSubject('paytrace:7001');
    expect(trail.filter((e) => e.action === 'proposal.promoted')).toMatchObject([
      { actor: 'matcher', detail: { from: first.get(7001)!.id, tier: 'auto' } },
    ]);

    // Read again by the next sync: nothing promoted twice, nothing posted twice.
    await core.sync({ since: '2026-11-01' });
    expect(w.posted).toEqual(['PT7001P']);
    expect(
      (await store.repos.audit.forSubject('paytrace:7002')).filter((e) => e.action === 'proposal.promoted'),
    ).toEqual([]);
  });
});
