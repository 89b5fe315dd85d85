// Special G/L items (BSID-UMSKZ: a down payment 'A') mirrored from the SAP simulator, on SQLite and
// PostgreSQL: the store keeps the indicator with the open item (migration 0190), the matcher leaves
// the item out by the stored value, the correction dialog shows it with the reason and a correction
// may not apply a card payment to it. Over RFC (the paged mirror, full and delta) and OData.
import { afterEach, expect, it } from 'vitest';
import { createRfcSapSystem, loadGlRules, sapErpSystem, type SapSystem } from '../../../electron/connectors/sap';
import { ODataSapSystem } from '../../../electron/connectors/sap/odata/odata-system';
import { Core } from '../../../electron/core/core';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import type { Actor } from '../../../electron/core/ports';
import { type SapSandbox, startSapSandbox } from '../../../electron/sandbox/sap';
import type { Store } from '../../../electron/store';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import { testSeed } from '../sap/fixture';
import { sale } from './core-fixture';
import { describeEachDialect } from '../../support/store';

const clerk: Actor = { name: 'mia.clerk', roles: ['clerk'] };
const NOW = '2026-11-25T20:00:00.000Z';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

/** The fixture's SAP with a down payment of 120.00 by Acme Corp, referenced 90009999 like the payment below. */
async function sapWorld(): Promise<SapSandbox> {
  const sandbox = await startSapSandbox({ seed: testSeed(), users: { CLEARDESK: 's3cret' }, now: () => new Date(NOW) });
  opened.push(sandbox);
  sandbox.ledger.loadInvoices([
    {
      BUKRS: '1000',
      KUNNR: '0000100001',
      WAERS: 'USD',
      minor: 12000,
      BUDAT: '20261110',
      CPUDT: '20261110',
      XBLNR: '90009999',
      ZUONR: '90009999',
      SGTXT: 'Down payment',
      UMSKZ: 'A',
    },
  ]);
  return sandbox;
}

async function coreOn(store: Store, sap: SapSystem): Promise<Core> {
  // A card payment of exactly the down payment's amount that names its reference.
  const paytrace = [sale(8901, 12000, { invoiceId: '90009999', billingName: 'Acme Corp' })];
  return new Core({
    store: store.repos,
    gateway: { fetchTransactions: async () => ({ transactions: paytrace, rejected: [] }) },
    erp: sapErpSystem(sap, 'sandbox'),
    companyCodes: ['1000'],
    matcher: (input) => matchPayments(input, DEFAULT_RULES),
    buildDocument: createDocumentBuilder({ rules: await loadGlRules(), assignmentFrom: 'invoice' }),
    clock: { now: () => new Date(NOW) },
    session: { sandbox: true, dataDir: '/tmp', version: 'test' },
  });
}

async function specialGlOf(store: Store, reference: string) {
  return store.db
    .selectFrom('open_items')
    .select(['special_gl', 'status'])
    .where('reference', '=', reference)
    .execute();
}

async function expectExcluded(store: Store, core: Core) {
  // Kept with the item; normal invoices keep ''.
  expect(await specialGlOf(store, '90009999')).toEqual([{ special_gl: 'A', status: 'open' }]);
  expect(await specialGlOf(store, '90001234')).toEqual([{ special_gl: '', status: 'open' }]);
  expect((await store.repos.masterData.openItems()).find((i) => i.reference === '90009999')?.specialGl).toBe('A');

  // The matcher did not apply the card payment to the down payment, though reference and amount match it.
  const [row] = await core.handle('queue.list', {}, clerk);
  const downPayment = (await store.repos.masterData.openItems()).find((i) => i.reference === '90009999')!;
  expect(row!.proposal!.items.map((i) => i.docNo)).not.toContain(downPayment.source.BELNR);

  // The correction dialog shows it, with why it cannot be picked; a correction naming it is refused.
  const candidates = await core.handle('proposal.candidates', { transactionId: 8901, query: '90009999' }, clerk);
  expect(candidates).toHaveLength(1);
  expect(candidates[0]).toMatchObject({ specialGl: 'A', excluded: expect.stringMatching(/down payment/) });
  const c = candidates[0]!;
  await expect(
    core.handle(
      'proposal.correct',
      {
        transactionId: 8901,
        items: [
          {
            companyCode: c.companyCode,
            docNo: c.docNo,
            fiscYear: c.fiscYear,
            itemNum: c.itemNum,
            amount: c.openAmount,
          },
        ],
      },
      clerk,
    ),
  ).rejects.toMatchObject({ message: expect.stringMatching(/down payment, special G\/L indicator A/) });
}

describeEachDialect('special G/L items in the mirror and the matcher', (h) => {
  it('over RFC (full read, then a delta): the store keeps UMSKZ and the matcher and corrections leave the item out', async () => {
    const sandbox = await sapWorld();
    const store = await h.migrated();
    const connection = {
      ashost: 'sandbox',
      sysnr: '00',
      client: '100',
      user: 'CLEARDESK',
      passwd: 's3cret',
      lang: 'EN',
    };
    const rfc = createRfcSapSystem(sandbox.rfc, connection, { today: () => '2026-11-25' });
    opened.push(rfc);
    const core = await coreOn(store, rfc);
    await core.sync({ since: '2026-11-01' });
    await expectExcluded(store, core);
    // The delta reads it again by entry date (CPUDT within the overlap): the indicator stays.
    await core.sync({ since: '2026-11-01' });
    expect(await specialGlOf(store, '90009999')).toEqual([{ special_gl: 'A', status: 'open' }]);
  });

  it('over OData: the service’s SpecialGLIndicator is kept the same way', async () => {
    const sandbox = await sapWorld();
    const store = await h.migrated();
    const odata = new ODataSapSystem({ url: sandbox.url, user: 'CLEARDESK', password: 's3cret', client: '100' });
    opened.push(odata);
    const core = await coreOn(store, odata);
    await core.sync({ since: '2026-11-01' });
    await expectExcluded(store, core);
  });
});
