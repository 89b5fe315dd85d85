// IDoc recovery never posts twice (issue 11, "Correctness of what is posted" 2): a posting that goes
// as an ACC_DOCUMENT03 IDoc is resolved by the IDoc's status first. An IDoc SAP still works on (51,
// which BD87 or RBDMANI2 posts later; 64, which waits for RBDAPP01) keeps the payment visibly "in SAP,
// pending" and is never sent again; only an IDoc SAP gives up on (68, or deleted) lets ClearDesk send
// the document again. Real components: the SAP simulator over RFC and HTTP (Gateway + IDoc XML port),
// the core, the store on SQLite and PostgreSQL.
import { afterEach, expect, it } from 'vitest';
import { createRfcSapSystem, loadGlRules, sapErpSystem, type SapSystem } from '../../../electron/connectors/sap';
import { createSapSystem } from '../../../electron/connectors/sap/factory';
import { Core } from '../../../electron/core/core';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import type { Actor } from '../../../electron/core/ports';
import { type SapSandbox, startSapSandbox } from '../../../electron/sandbox/sap';
import type { Store } from '../../../electron/store';
import type { PaymentTransaction } from '../../../shared/domain';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import { testSeed } from '../sap/fixture';
import { sale } from '../core/core-fixture';
import { describeEachDialect } from '../../support/store';

const clerk: Actor = { name: 'mia.clerk', roles: ['clerk'] };
const NOW = '2026-11-25T20:00:00.000Z';
const BUDAT = '20261125';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

async function sapWorld(): Promise<SapSandbox> {
  const sandbox = await startSapSandbox({ seed: testSeed(), users: { CLEARDESK: 's3cret' } });
  opened.push(sandbox);
  return sandbox;
}

/** A core whose company code 1000 posts as IDocs to the sandbox's XML port; reads go over RFC. */
async function coreOn(store: Store, sandbox: SapSandbox, paytrace: PaymentTransaction[]): Promise<Core> {
  const connection = { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK', passwd: 's3cret', lang: 'EN' };
  const rfc: SapSystem = createRfcSapSystem(sandbox.rfc, connection, { today: () => '2026-11-25' });
  opened.push(rfc);
  const idoc = await createSapSystem(
    {
      transport: 'idoc',
      rfc: { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK' },
      url: sandbox.url,
      client: '100',
      user: 'CLEARDESK',
      password: 's3cret',
      companyCodes: ['1000'],
    },
    { idoc: { pollMs: 20, statusTimeoutMs: 400 } },
  );
  opened.push(idoc);
  return new Core({
    store: store.repos,
    gateway: { fetchTransactions: async () => ({ transactions: paytrace, rejected: [] }) },
    erp: sapErpSystem(rfc, 'sandbox', { idoc: { system: idoc, companyCodes: new Set(['1000']) } }),
    companyCodes: ['1000'],
    matcher: (input) => matchPayments(input, DEFAULT_RULES),
    buildDocument: createDocumentBuilder({ rules: await loadGlRules(), assignmentFrom: 'invoice' }),
    clock: { now: () => new Date(NOW) },
    session: { sandbox: true, dataDir: '/tmp', version: 'test' },
  });
}

/** What SAP holds under a reference: documents in BKPF and IDocs (EDIDC) with their current status. */
function inSap(sandbox: SapSandbox, reference: string) {
  return {
    documents: [...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR === reference),
    idocs: sandbox.ledger.idocs.byReference(reference).map((c) => ({ DOCNUM: c.DOCNUM, STATUS: c.STATUS })),
  };
}

/**
 * SAP closes November (OB52) after ClearDesk read the calendar with November open, within the
 * minutes it keeps it: the document goes out dated in November and SAP holds the IDoc in 51.
 */
async function closeNovember(sandbox: SapSandbox, core: Core): Promise<() => void> {
  expect(await core.calendars.get('1000')).not.toBeNull();
  const { GJAHR, MONAT } = sandbox.ledger.fiscalPeriodOf('1000', BUDAT);
  sandbox.ledger.closePeriod('1000', GJAHR, MONAT);
  return () => sandbox.ledger.openPeriod('1000', GJAHR, MONAT);
}

/** Syncs, approves the payment's proposal and returns the posting summary. */
async function approve(core: Core, transactionId: number) {
  await core.sync({ since: '2026-11-01' });
  const row = (await core.handle('queue.list', {}, clerk)).find((r) => r.transactionId === transactionId);
  lastProposal = row!.proposal!.id;
  return core.handle('proposal.approve', { transactionId, proposalId: lastProposal }, clerk);
}
let lastProposal = 0;

async function stateOf(core: Core, transactionId: number) {
  const row = (await core.handle('queue.list', {}, clerk)).find((r) => r.transactionId === transactionId);
  return { queueState: row?.queueState, posting: row?.posting };
}

describeEachDialect('IDoc recovery: resolved by the IDoc status first', (h) => {
  it('an IDoc in 51 keeps the payment "in SAP, pending"; reprocessed by BD87 it posts once, and ClearDesk records that document', async () => {
    const sandbox = await sapWorld();
    const store = await h.migrated();
    const core = await coreOn(store, sandbox, [sale(8401, 10000, { invoiceId: '90001234' })]);
    const reopen = await closeNovember(sandbox, core);

    const first = await approve(core, 8401);
    // SAP saved the IDoc and could not post it: 51 with its messages, held for BD87/RBDMANI2, not refused.
    const [idoc] = inSap(sandbox, 'PT8401P').idocs;
    expect(inSap(sandbox, 'PT8401P')).toEqual({ documents: [], idocs: [{ DOCNUM: idoc!.DOCNUM, STATUS: '51' }] });
    expect(first).toMatchObject({ state: 'pending', idoc: { number: idoc!.DOCNUM, status: '51' }, sapDocument: null });
    if (!('messages' in first)) throw new Error('expected a posting summary');
    expect(first.messages.map((m) => `${m.ID} ${m.NUMBER}`)).toEqual(['RW 609', 'F5 201']);
    expect(await stateOf(core, 8401)).toMatchObject({ queueState: 'pending', posting: { state: 'pending' } });

    // Every sync checks it, and never sends it again while SAP holds it; nor may a clerk approve it again.
    await core.sync({ since: '2026-11-01' });
    await core.sync({ since: '2026-11-01' });
    expect(inSap(sandbox, 'PT8401P').idocs).toHaveLength(1);
    expect((await stateOf(core, 8401)).queueState).toBe('pending');
    await expect(
      core.handle('proposal.approve', { transactionId: 8401, proposalId: lastProposal }, clerk),
    ).rejects.toThrow(/pending/);

    // The period is opened and SAP's BD87 posts the IDoc it held.
    reopen();
    expect(sandbox.ledger.idocs.reprocess(idoc!.DOCNUM)).toBe(1);
    const posted = inSap(sandbox, 'PT8401P');
    expect(posted.idocs).toEqual([{ DOCNUM: idoc!.DOCNUM, STATUS: '53' }]);
    expect(posted.documents).toHaveLength(1);

    // The next sync finds what SAP posted and records it: one document, one IDoc, nothing sent again.
    await core.sync({ since: '2026-11-01' });
    const after = await stateOf(core, 8401);
    expect(after).toMatchObject({
      queueState: 'posted',
      posting: {
        state: 'posted',
        sapDocument: { BELNR: posted.documents[0]!.header.BELNR, BUKRS: '1000', GJAHR: '2026' },
        idoc: { number: idoc!.DOCNUM, status: '53' },
      },
    });
    expect(inSap(sandbox, 'PT8401P').documents).toHaveLength(1);
    expect(inSap(sandbox, 'PT8401P').idocs).toHaveLength(1);
    const posting = await store.repos.postings.find(8401, 'payment');
    expect(posting?.attempts).toBe(1);

    const trail = await store.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('subject', '=', 'paytrace:8401')
      .where('action', 'in', ['posting.sending', 'posting.held', 'posting.posted'])
      .orderBy('seq')
      .execute();
    expect(trail.map((a) => a.action)).toEqual(['posting.sending', 'posting.held', 'posting.posted']);
    expect(JSON.parse(trail[1]!.detail)).toMatchObject({ idoc: idoc!.DOCNUM, status: '51' });
  });

  it.each([
    ['set to 68 (no further processing)', (s: SapSandbox, d: string) => s.ledger.idocs.noFurtherProcessing(d)],
    ['deleted', (s: SapSandbox, d: string) => s.ledger.idocs.delete(d)],
  ])('an IDoc SAP gave up on (%s) lets ClearDesk send the document again, once', async (_, giveUp) => {
    const sandbox = await sapWorld();
    const store = await h.migrated();
    const core = await coreOn(store, sandbox, [sale(8402, 10000, { invoiceId: '90001234' })]);
    const reopen = await closeNovember(sandbox, core);
    expect(await approve(core, 8402)).toMatchObject({ state: 'pending' });
    const [held] = inSap(sandbox, 'PT8402P').idocs;
    expect(held?.STATUS).toBe('51');

    // Someone in SAP gives the IDoc up; the period is open again.
    giveUp(sandbox, held!.DOCNUM);
    reopen();
    await core.sync({ since: '2026-11-01' });

    const now = inSap(sandbox, 'PT8402P');
    expect(now.documents).toHaveLength(1);
    const fresh = now.idocs.filter((i) => i.DOCNUM !== held!.DOCNUM);
    expect(fresh).toEqual([{ DOCNUM: expect.any(String), STATUS: '53' }]);
    expect(await stateOf(core, 8402)).toMatchObject({
      queueState: 'posted',
      posting: { state: 'posted', idoc: { number: fresh[0]!.DOCNUM, status: '53' } },
    });
    expect((await store.repos.postings.find(8402, 'payment'))?.attempts).toBe(2);
    const resent = await store.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('subject', '=', 'paytrace:8402')
      .where('action', '=', 'posting.sending')
      .orderBy('seq')
      .execute();
    expect(resent).toHaveLength(2);
    expect(JSON.parse(resent[1]!.detail)).toMatchObject({
      resentAfter: expect.stringContaining(`IDoc ${held!.DOCNUM}`),
    });

    // And nothing more happens on the next sync.
    await core.sync({ since: '2026-11-01' });
    expect(inSap(sandbox, 'PT8402P').documents).toHaveLength(1);
  });

  it('the XML port saved the IDoc but its answer was lost: the next sync finds it by its status, nothing is sent again', async () => {
    const sandbox = await sapWorld();
    sandbox.ledger.idocs.knobs.trigger = 'background';
    const store = await h.migrated();
    const core = await coreOn(store, sandbox, [sale(8404, 10000, { invoiceId: '90001234' })]);
    sandbox.http.faults.dropAt('after-commit');

    await expect(approve(core, 8404)).rejects.toThrow();
    expect(await store.repos.postings.find(8404, 'payment')).toMatchObject({ state: 'sending', attempts: 1 });
    expect(inSap(sandbox, 'PT8404P')).toMatchObject({ documents: [], idocs: [{ STATUS: '64' }] });

    // The lookup sees the IDoc SAP holds in 64: pending, not absent (a BKPF-only lookup would resend).
    await core.sync({ since: '2026-11-01' });
    expect(await stateOf(core, 8404)).toMatchObject({ queueState: 'pending', posting: { idoc: { status: '64' } } });
    expect(sandbox.ledger.idocs.runRbdapp01()).toBe(1);
    await core.sync({ since: '2026-11-01' });
    expect(inSap(sandbox, 'PT8404P')).toMatchObject({ documents: [{}], idocs: [{ STATUS: '53' }] });
    expect(await stateOf(core, 8404)).toMatchObject({ queueState: 'posted', posting: { state: 'posted' } });
    expect((await store.repos.postings.find(8404, 'payment'))?.attempts).toBe(1);
  });

  it('an IDoc waiting in 64 for RBDAPP01 is pending, not unknown, and posts once when the job runs', async () => {
    const sandbox = await sapWorld();
    sandbox.ledger.idocs.knobs.trigger = 'background';
    const store = await h.migrated();
    const core = await coreOn(store, sandbox, [sale(8403, 10000, { invoiceId: '90001234' })]);

    expect(await approve(core, 8403)).toMatchObject({ state: 'pending', idoc: { status: '64' } });
    await core.sync({ since: '2026-11-01' });
    expect(inSap(sandbox, 'PT8403P')).toMatchObject({ documents: [], idocs: [{ STATUS: '64' }] });

    expect(sandbox.ledger.idocs.runRbdapp01()).toBe(1);
    await core.sync({ since: '2026-11-01' });
    expect(inSap(sandbox, 'PT8403P')).toMatchObject({ documents: [{}], idocs: [{ STATUS: '53' }] });
    expect((await stateOf(core, 8403)).queueState).toBe('posted');
  });
});
