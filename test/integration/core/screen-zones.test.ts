// Dates on screen in the company code's time zone (issue 12 item 6): each queue row carries the zone
// its company code's posting dates are in (setting postingZones), a payment without a company code
// the '*' zone, and without any setting the PayTrace account's zone; the detail's row says the same.
import { expect, it } from 'vitest';
import type { Actor } from '../../../electron/core/ports';
import { describeEachDialect } from '../../support/store';
import { coreWith, customer, openItem, sale, type FakeWorld } from './core-fixture';

const mia: Actor = { name: 'mia', roles: ['clerk'] };
const ada: Actor = { name: 'ada', roles: ['admin'] };

function world(): FakeWorld {
  return {
    paytrace: [
      sale(9101, 8000, { invoiceId: '90007101' }),
      sale(9102, 4321, { invoiceId: 'PO-1', billingName: 'Nobody We Know' }),
    ],
    sap: {
      customers: [customer('0000100001', 'Acme Corp')],
      openItems: [openItem('1800000101', '0000100001', 8000, '90007101')],
    },
    posted: [],
  };
}

describeEachDialect('dates on screen in the company code’s zone', (h) => {
  it('rows carry their company code’s zone, else the company’s, else PayTrace’s', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    await core.sync({ since: '2026-11-01' });
    const zones = async () =>
      Object.fromEntries((await core.handle('queue.list', {}, mia)).map((r) => [r.transactionId, r.zone]));
    expect(await zones()).toEqual({ 9101: 'America/Los_Angeles', 9102: 'America/Los_Angeles' });

    await core.handle(
      'settings.update',
      {
        postingZones: {
          rules: [
            { companyCode: '1000', timeZone: 'America/Chicago' },
            { companyCode: '*', timeZone: 'Europe/Berlin' },
          ],
        },
      },
      ada,
    );
    expect(await zones()).toEqual({ 9101: 'America/Chicago', 9102: 'Europe/Berlin' });
    expect((await core.handle('queue.detail', { transactionId: 9101 }, mia)).row.zone).toBe('America/Chicago');
    const window = await core.handle('queue.window', { offset: 0, limit: 10 }, mia);
    expect(Object.fromEntries(window.rows.map((r) => [r.transactionId, r.zone]))).toEqual({
      9101: 'America/Chicago',
      9102: 'Europe/Berlin',
    });
  });
});
