// queue.window through the core: the same rows as queue.list, one page at a time, with the tabs'
// counts; the filter finds the live proposal's customer, the card's last four and an amount.
import { expect, it } from 'vitest';
import type { Actor } from '../../../electron/core/ports';
import { describeEachDialect } from '../../support/store';
import { coreWith, customer, openItem, sale, type FakeWorld } from './core-fixture';

const mia: Actor = { name: 'mia', roles: ['clerk'] };

function world(): FakeWorld {
  return {
    paytrace: [
      sale(9101, 125_000, { invoiceId: '90008001' }),
      sale(9102, 8000, { invoiceId: '90008002' }),
      sale(9103, 25000, { invoiceId: 'PO-1234', billingName: 'Unknown Buyer' }),
    ],
    sap: {
      customers: [customer('0000100001', 'Acme Corp'), customer('0000100002', 'Globex Corporation')],
      openItems: [
        openItem('1800000001', '0000100001', 125_000, '90008001'),
        openItem('1800000002', '0000100002', 8000, '90008002'),
      ],
    },
    posted: [],
  };
}

describeEachDialect('queue.window through the core', (h) => {
  it('pages the rows queue.list gives, and filters by customer, last four and amount', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    await core.sync({ since: '2026-11-01' });
    const all = await core.handle('queue.list', {}, mia);
    expect(all).toHaveLength(3);

    const first = await core.handle('queue.window', { offset: 0, limit: 2 }, mia);
    const second = await core.handle('queue.window', { offset: 2, limit: 2 }, mia);
    expect([...first.rows, ...second.rows]).toEqual(all);
    expect(first).toMatchObject({ offset: 0, total: 3 });
    const byState: Record<string, number> = {};
    for (const r of all) byState[r.queueState] = (byState[r.queueState] ?? 0) + 1;
    expect(first.counts).toEqual(byState);

    const ids = async (text: string) =>
      (await core.handle('queue.window', { text, offset: 0, limit: 50 }, mia)).rows.map((r) => r.transactionId);
    const acme = all.filter((r) => r.proposal?.customerName === 'Acme Corp').map((r) => r.transactionId);
    expect(acme.length).toBeGreaterThan(0);
    expect(await ids('acme')).toEqual(acme);
    const four = all[0]!.maskedCard.slice(-4);
    expect(await ids(four)).toEqual(all.filter((r) => r.maskedCard.endsWith(four)).map((r) => r.transactionId));
    expect(await ids('1,250.00')).toEqual([9101]);
    expect(await ids('80.00')).toEqual([9102]);
    const none = await core.handle('queue.window', { text: 'nobody at all', offset: 0, limit: 50 }, mia);
    expect(none).toMatchObject({ rows: [], total: 0, counts: {} });
  });
});
