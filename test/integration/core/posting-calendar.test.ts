// The posting date against the company code's calendar as SAP keeps it (docs/ARCHITECTURE.md,
// "What goes into the FI document"), on SQLite and PostgreSQL, with the SAP simulator over RFC:
// the core reads T001/T009/T001B through the ERP port, a payment PayTrace settled in a period SAP has
// closed posts on the first day of the next open period (the preview says so before approval), and
// with no open period for three years the approval is refused before anything goes to SAP.
import { afterEach, expect, it } from 'vitest';
import { createRfcSapSystem, loadGlRules, sapErpSystem, type SapSystem } from '../../../electron/connectors/sap';
import { Core } from '../../../electron/core/core';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import type { Actor } from '../../../electron/core/ports';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { createSandboxRfc } from '../../../electron/sandbox/sap/rfc';
import { seedLedger } from '../../../electron/sandbox/sap/seed';
import type { Store } from '../../../electron/store';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import { testSeed } from '../sap/fixture';
import { sale } from './core-fixture';
import { describeEachDialect } from '../../support/store';

const clerk: Actor = { name: 'mia.clerk', roles: ['clerk'] };
const NOW = '2026-12-02T17:00:00.000Z';

let sap: SapSystem | null = null;
afterEach(async () => {
  await sap?.close();
  sap = null;
});

async function world(store: Store) {
  const ledger = new SapLedger({ now: () => new Date(NOW) });
  seedLedger(ledger, testSeed());
  const rfc = createSandboxRfc(ledger, { users: { CLEARDESK: 'secret' } });
  sap = createRfcSapSystem(
    rfc,
    { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK', passwd: 'secret', lang: 'EN' },
    { today: () => '2026-12-02' },
  );
  // Settled 04:13 UTC on 21 November: the 20th in Los Angeles, the PayTrace account's zone.
  const paytrace = [sale(8801, 10000, { invoiceId: '90001234', billingName: 'Acme Corp' })];
  const core = new Core({
    store: store.repos,
    gateway: { fetchTransactions: async () => ({ transactions: paytrace, rejected: [] }) },
    erp: sapErpSystem(sap, 'sandbox'),
    companyCodes: ['1000'],
    matcher: (input) => matchPayments(input, DEFAULT_RULES),
    buildDocument: createDocumentBuilder({ rules: await loadGlRules(), assignmentFrom: 'invoice' }),
    clock: { now: () => new Date(NOW) },
    session: { sandbox: true, dataDir: '/tmp', version: 'test' },
  });
  await core.sync({ since: '2026-11-01' });
  const [row] = await core.handle('queue.list', {}, clerk);
  const approve = () => core.handle('proposal.approve', { transactionId: 8801, proposalId: row!.proposal!.id }, clerk);
  return { core, ledger, approve };
}

const docsUnder = (ledger: SapLedger, xblnr: string) =>
  [...ledger.documents.values()].filter((d) => d.header.XBLNR === xblnr);

describeEachDialect('the posting date and SAP’s posting periods', (h) => {
  it('November open: the payment posts on the day PayTrace settled it', async () => {
    const store = await h.migrated();
    const { ledger, approve } = await world(store);
    expect(await approve()).toMatchObject({ state: 'posted' });
    expect(docsUnder(ledger, 'PT8801P')[0]!.header).toMatchObject({ BUDAT: '20261120', MONAT: '11' });
  });

  it('November closed in SAP (OB52): the preview says why, and the document posts on 1 December in period 12', async () => {
    const store = await h.migrated();
    const { core, ledger, approve } = await world(store);
    ledger.closePeriod('1000', 2026, 11);

    const detail = await core.handle('queue.detail', { transactionId: 8801 }, clerk);
    expect(detail.preview).toMatchObject({ postingDate: '2026-12-01' });
    expect(detail.preview!.notes![0]).toMatch(
      /Posted on 2026-12-01 in period 12\/2026: PayTrace settled it on 2026-11-20 .* period 11\/2026, which SAP has closed \(closed for every account type \(\+\)\)/,
    );

    expect(await approve()).toMatchObject({ state: 'posted' });
    const [doc] = docsUnder(ledger, 'PT8801P');
    expect(doc!.header).toMatchObject({ BUDAT: '20261201', MONAT: '12', GJAHR: '2026' });
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('subject', '=', 'paytrace:8801')
      .orderBy('seq')
      .execute();
    const approval = audit
      .map((a) => JSON.parse(a.detail) as { posting?: Record<string, unknown> })
      .find((d) => d.posting);
    expect(approval!.posting).toMatchObject({ postingDate: '2026-12-01', valueDate: '2026-11-20' });
  });

  it('no period open for three years: refused before SAP is called, with what to do', async () => {
    const store = await h.migrated();
    const { ledger, approve } = await world(store);
    // OB52: only 2030 is open for every account type.
    const plus = ledger.periods.rows.find((r) => r.BUKRS === '1000' && r.MKOAR === '+')!;
    Object.assign(plus, { FRYE1: '2030', FRPE1: '001', TOYE1: '2030', TOPE1: '016' });
    Object.assign(plus, { FRYE2: '0000', FRPE2: '000', TOYE2: '0000', TOPE2: '000' });

    await expect(approve()).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/Period 11\/2026 of company code 1000 is closed in SAP .* \(OB52\)/),
    });
    expect(docsUnder(ledger, 'PT8801P')).toHaveLength(0);
    expect(await store.repos.postings.get('PT8801P')).toBeNull();
    expect((await store.repos.payments.get(8801))!.state).toBe('review');
  });
});
