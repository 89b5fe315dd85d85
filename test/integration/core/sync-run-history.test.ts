// sync.run (the header's Sync now) is a run of the job paytrace.sync: in the Jobs history with who asked,
// its counts, and when it fails its error, while the person who asked hears the error itself.
import { expect, it } from 'vitest';
import type { Actor } from '../../../electron/core/ports';
import { describeEachDialect } from '../../support/store';
import { coreWith, customer, openItem, sale } from './core-fixture';

const mia: Actor = { name: 'mia', roles: ['clerk'] };

describeEachDialect('sync.run in the job history', (h) => {
  it('records Sync now as a run of paytrace.sync, a failed one with its error', async () => {
    const store = await h.migrated();
    const world = {
      paytrace: [sale(9301, 125_000, { invoiceId: '90009001' })],
      sap: {
        customers: [customer('0000100001', 'Acme Corp')],
        openItems: [openItem('1800000001', '0000100001', 125_000, '90009001')],
      },
      posted: [],
    };
    const core = await coreWith(store, world);
    const summary = await core.handle('sync.run', {}, mia);
    expect(summary).toMatchObject({ ingested: 1, proposals: 1 });
    const [run] = await core.handle('jobs.history', { job: 'paytrace.sync' }, mia);
    expect(run).toMatchObject({ status: 'ok', trigger: 'manual', requestedBy: 'mia', counts: { ingested: 1 } });

    const down = await coreWith(
      store,
      world,
      undefined,
      {},
      {
        gateway: {
          fetchTransactions: async () => {
            throw new Error('PayTrace answered 503');
          },
        },
      },
    );
    await expect(down.handle('sync.run', {}, mia)).rejects.toThrow('PayTrace answered 503');
    const [failed] = await down.handle('jobs.history', { job: 'paytrace.sync' }, mia);
    expect(failed).toMatchObject({ status: 'failed', requestedBy: 'mia', error: expect.stringContaining('503') });
  });
});
