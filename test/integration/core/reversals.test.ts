// Reversing a posted payment (docs/ARCHITECTURE.md, "Reversals"), on SQLite and PostgreSQL, against
// the SAP simulator over RFC: a clerk prepares, a second person executes (four eyes), the
// reversal goes through the exactly-once protocol (a lost answer is resolved by BKPF-STBLG, not
// by sending again), the invoice is open again in SAP, and the payment goes back to review and
// posts again under its next reference (PT<id>P2).
import { afterEach, expect, it } from 'vitest';
import { createRfcSapSystem, loadGlRules, sapErpSystem, type SapSystem } from '../../../electron/connectors/sap';
import { Core } from '../../../electron/core/core';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import { buildJournal } from '../../../electron/core/reports/journal';
import type { Actor } from '../../../electron/core/ports';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { createSandboxRfc, type SandboxRfc } from '../../../electron/sandbox/sap/rfc';
import { seedLedger } from '../../../electron/sandbox/sap/seed';
import type { Store } from '../../../electron/store';
import type { PaymentTransaction } from '../../../shared/domain';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import { testSeed } from '../sap/fixture';
import { sale } from './core-fixture';
import { describeEachDialect } from '../../support/store';

const clerk: Actor = { name: 'mia.clerk', roles: ['clerk'] };
const approver: Actor = { name: 'bob.approver', roles: ['approver'] };
const NOW = '2026-11-25T20:00:00.000Z';

let sap: SapSystem | null = null;
afterEach(async () => {
  await sap?.close();
  sap = null;
});

async function world(store: Store, paytrace: PaymentTransaction[]) {
  const ledger = new SapLedger({ now: () => new Date(NOW) });
  seedLedger(ledger, testSeed());
  const rfc: SandboxRfc = createSandboxRfc(ledger, { users: { CLEARDESK: 'secret' } });
  sap = createRfcSapSystem(
    rfc,
    { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK', passwd: 'secret', lang: 'EN' },
    { today: () => '2026-11-25', clearingStrategies: { '1000': 'clearing-rfc' } },
  );
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
  return { core, ledger, rfc };
}

/** Syncs, approves the payment's proposal and returns it posted. */
async function postedPayment(store: Store, id: number) {
  const w = await world(store, [sale(id, 10000, { invoiceId: '90001234', billingName: 'Acme Corp' })]);
  const [row] = await w.core.handle('queue.list', {}, clerk);
  const posting = await w.core.handle('proposal.approve', { transactionId: id, proposalId: row!.proposal!.id }, clerk);
  expect(posting).toMatchObject({ state: 'posted' });
  return { ...w, proposalId: row!.proposal!.id };
}

const stateOf = async (store: Store, id: number) => (await store.repos.payments.get(id))!.state;
const invoiceOpen = async () => (await sap!.getOpenItems('1000', '0000100001')).some((i) => i.reference === '90001234');
const docsUnder = (ledger: SapLedger, xblnr: string) =>
  [...ledger.documents.values()].filter((d) => d.header.XBLNR === xblnr);

describeEachDialect('reversing a posted payment', (h) => {
  it('a clerk prepares, another person executes: SAP reverses, the invoice is open again, the payment posts anew as PT<id>P2', async () => {
    const store = await h.migrated();
    const { core, ledger, proposalId } = await postedPayment(store, 8201);
    expect(await invoiceOpen()).toBe(false);
    const [original] = docsUnder(ledger, 'PT8201P');

    const prepared = await core.prepareReversal(clerk, {
      transactionId: 8201,
      reasonCode: '01',
      reason: 'matched to the wrong invoice',
    });
    expect(prepared).toMatchObject({
      state: 'requested',
      originalReference: 'PT8201P',
      original: { BELNR: original!.header.BELNR, BUKRS: '1000', GJAHR: '2026' },
      // Reason 01 reverses on the original's posting date: the day PayTrace settled the sale.
      postingDate: `${original!.header.BUDAT.slice(0, 4)}-${original!.header.BUDAT.slice(4, 6)}-${original!.header.BUDAT.slice(6, 8)}`,
      preparedBy: 'mia.clerk',
    });
    expect(await stateOf(store, 8201)).toBe('reversing');
    // Nothing went to SAP yet.
    expect(original!.header.STBLG).toBe('');

    // Four eyes: a clerk may not execute, nor the preparer under another spelling with the approver role.
    await expect(core.executeReversal(clerk, prepared.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(core.executeReversal({ name: ' MIA.Clerk', roles: ['approver'] }, prepared.id)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/four eyes/),
    });
    expect(original!.header.STBLG).toBe('');

    const done = await core.executeReversal(approver, prepared.id);
    expect(done).toMatchObject({ state: 'reversed', decidedBy: 'bob.approver', reversalReference: 'PT8201X' });
    expect(await stateOf(store, 8201)).toBe('review');
    // SAP: the original carries its reversal, the clearing was reset, the invoice is open again.
    expect(original!.header.STBLG).not.toBe('');
    expect(await invoiceOpen()).toBe(true);
    const reversal = await store.repos.postings.get('PT8201X');
    expect(reversal).toMatchObject({ state: 'posted', belnr: original!.header.STBLG, event: 'reversal' });
    expect(reversal!.messages).toMatch(/Clearing .* was reset before the reversal/);
    expect((await store.repos.postings.get('PT8201P'))!.reversedBy).toBe('PT8201X');
    expect(await store.repos.postings.find(8201, 'payment')).toBeNull();

    // Corrected to the customer's other invoice (90001235, 250.00: paid 100.00 of it) and approved again, it posts
    // under the next reference, which SAP does not take for the reversed one.
    const [other] = (await core.handle('proposal.candidates', { transactionId: 8201 }, clerk)).filter(
      (c) => c.reference === '90001235',
    );
    const { companyCode, docNo, fiscYear, itemNum } = other!;
    const corrected = await core.handle(
      'proposal.correct',
      {
        transactionId: 8201,
        items: [{ companyCode, docNo, fiscYear, itemNum, amount: { minor: 10000, currency: 'USD' } }],
      },
      clerk,
    );
    expect(corrected.proposal!.id).not.toBe(proposalId);
    const again = await core.handle(
      'proposal.approve',
      { transactionId: 8201, proposalId: corrected.proposal!.id },
      approver,
    );
    expect(again).toMatchObject({ state: 'posted', reference: 'PT8201P2' });
    expect(docsUnder(ledger, 'PT8201P2')).toHaveLength(1);
    expect(await invoiceOpen()).toBe(true);
    expect(await stateOf(store, 8201)).toBe('posted');

    const trail = (await store.repos.audit.forSubject('paytrace:8201')).map((e) => e.action);
    expect(trail).toEqual(expect.arrayContaining(['reversal.prepared', 'reversal.approved']));

    // The journal says what each document did: the payment cleared the invoice, its reversal opened it again, and
    // the corrected re-post paid part of the other one (each from the approval its posting carries).
    const journal = await buildJournal(
      store.repos,
      { from: '2026-11-01', to: '2026-11-30', basis: 'approvedAt' },
      { generatedAt: NOW, generatedBy: 'test' },
    );
    const line = (ref: string) => journal.lines.find((l) => l.reference === ref)!;
    expect(line('PT8201P')).toMatchObject({ invoices: ['90001234'], reopened: [], partlyPaid: [] });
    expect(line('PT8201X')).toMatchObject({ event: 'reversal', invoices: [], reopened: ['90001234'] });
    expect(line('PT8201P2')).toMatchObject({ invoices: [], reopened: [] });
    expect(line('PT8201P2').partlyPaid.map((i) => i.reference)).toEqual(['90001235']);
    expect(line('PT8201P2').approvedBy).toBe('bob.approver');
    expect(line('PT8201X').amount.minor).toBe(-10000);
  });

  it('one reversal at a time; an approver may reject it (the document stands) and a preparer may withdraw it', async () => {
    const store = await h.migrated();
    const { core, ledger } = await postedPayment(store, 8202);
    const first = await core.prepareReversal(clerk, { transactionId: 8202, reasonCode: '01', reason: 'duplicate' });
    await expect(
      core.prepareReversal(clerk, { transactionId: 8202, reasonCode: '01', reason: 'again' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    const rejected = await core.rejectReversal(approver, first.id, 'the match is right');
    expect(rejected).toMatchObject({ state: 'rejected', decisionReason: 'the match is right' });
    expect(await stateOf(store, 8202)).toBe('posted');
    await expect(core.executeReversal(approver, first.id)).rejects.toMatchObject({ code: 'conflict' });

    const second = await core.prepareReversal(clerk, { transactionId: 8202, reasonCode: '01', reason: 'duplicate' });
    await expect(core.rejectReversal({ name: 'zoe.clerk', roles: ['clerk'] }, second.id, 'no')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await core.rejectReversal(clerk, second.id, 'prepared by mistake');
    expect(await stateOf(store, 8202)).toBe('posted');
    expect(docsUnder(ledger, 'PT8202P').every((d) => d.header.STBLG === '')).toBe(true);

    // The audit trail holds every reason given, and says a withdrawal is one.
    const trail = (await store.repos.audit.forSubject('paytrace:8202'))
      .filter((e) => e.action.startsWith('reversal.'))
      .map((e) => ({ action: e.action, actor: e.actor, reason: (e.detail as { reason?: string }).reason }));
    expect(trail).toEqual([
      { action: 'reversal.prepared', actor: 'mia.clerk', reason: 'duplicate' },
      { action: 'reversal.rejected', actor: 'bob.approver', reason: 'the match is right' },
      { action: 'reversal.prepared', actor: 'mia.clerk', reason: 'duplicate' },
      { action: 'reversal.withdrawn', actor: 'mia.clerk', reason: 'prepared by mistake' },
    ]);
  });

  it('refuses what SAP would refuse before asking it: no reason, an unknown reason, another date under reason 01', async () => {
    const store = await h.migrated();
    const { core } = await postedPayment(store, 8203);
    await expect(
      core.prepareReversal(clerk, { transactionId: 8203, reasonCode: '01', reason: ' ' }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(
      core.prepareReversal(clerk, { transactionId: 8203, reasonCode: '77', reason: 'x' }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/Reversal reason "77"/),
    });
    await expect(
      core.prepareReversal(clerk, { transactionId: 8203, reasonCode: '01', postingDate: '2026-12-01', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/use reason 02/) });
    // Under 02 on another date, but not months ahead (today is 2026-11-25 where company code 1000 posts).
    await expect(
      core.prepareReversal(clerk, { transactionId: 8203, reasonCode: '02', postingDate: '2027-03-01', reason: 'x' }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(
        /no later than the end of next month \(2027-03-01 is after 2026-12-31; today is 2026-11-25\)/,
      ),
    });
    // Nor before the document it reverses (the dialog says so too, before sending).
    await expect(
      core.prepareReversal(clerk, { transactionId: 8203, reasonCode: '02', postingDate: '2000-01-03', reason: 'x' }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/cannot post before the document it reverses \(2000-01-03 is before /),
    });
    expect(await stateOf(store, 8203)).toBe('posted');
    const unposted = await world(store, []);
    await expect(
      unposted.core.prepareReversal(clerk, { transactionId: 999999, reasonCode: '01', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('SAP refuses (closed period): the document stands; prepared again under reason 02 it is reversed under the same reference', async () => {
    const store = await h.migrated();
    const { core, ledger } = await postedPayment(store, 8204);
    const first = await core.prepareReversal(clerk, {
      transactionId: 8204,
      reasonCode: '01',
      reason: 'wrong customer',
    });
    ledger.closePeriod('1000', '2026', '11');
    const failed = await core.executeReversal(approver, first.id);
    expect(failed).toMatchObject({ state: 'failed' });
    expect(failed.error).toMatch(/F5|Posting period 011 2026 is not open/);
    expect(await stateOf(store, 8204)).toBe('posted');
    expect((await store.repos.postings.get('PT8204X'))!.state).toBe('failed');
    expect(docsUnder(ledger, 'PT8204P').every((d) => d.header.STBLG === '')).toBe(true);

    const second = await core.prepareReversal(clerk, {
      transactionId: 8204,
      reasonCode: '02',
      postingDate: '2026-12-01',
      reason: 'wrong customer',
    });
    const done = await core.executeReversal(approver, second.id);
    expect(done).toMatchObject({ state: 'reversed', reversalReference: 'PT8204X' });
    expect(
      ledger.document({ BUKRS: '1000', BELNR: docsUnder(ledger, 'PT8204P')[0]!.header.STBLG, GJAHR: '2026' })!.header
        .BUDAT,
    ).toBe('20261201');
    expect(await stateOf(store, 8204)).toBe('review');
  });

  it('a void after posting asks for the reversal; executed, the letter is answered and the payment closes, never posted again', async () => {
    const store = await h.migrated();
    const paytrace = [sale(8207, 10000, { invoiceId: '90001234', billingName: 'Acme Corp' })];
    const w = await world(store, paytrace);
    const [row] = await w.core.handle('queue.list', {}, clerk);
    await w.core.handle('proposal.approve', { transactionId: 8207, proposalId: row!.proposal!.id }, clerk);
    paytrace[0] = { ...paytrace[0]!, status: 'voided' };
    await w.core.sync({ since: '2026-11-01' });
    expect(await stateOf(store, 8207)).toBe('posted');
    const letter = await store.repos.deadLetters.findOpen('paytrace', '8207');
    expect(letter).not.toBeNull();

    const r = await w.core.prepareReversal(clerk, {
      transactionId: 8207,
      reasonCode: '01',
      reason: 'voided at PayTrace',
    });
    expect(await store.repos.deadLetters.findOpen('paytrace', '8207')).toBe(letter);
    await w.core.executeReversal(approver, r.id);
    expect(await store.repos.deadLetters.findOpen('paytrace', '8207')).toBeNull();
    const documents = w.ledger.documents.size;
    // No money moved: nothing to post again, so it closes with its proposal released, and says why.
    expect(await stateOf(store, 8207)).toBe('closed');
    const payment = (await store.repos.payments.get(8207))!;
    expect(payment.stateReason).toBe('PayTrace voided the sale and its SAP document is reversed: nothing to post');
    expect((await store.repos.proposals.get(row!.proposal!.id))!.status).not.toBe('open');
    await expect(
      w.core.handle('proposal.approve', { transactionId: 8207, proposalId: row!.proposal!.id }, clerk),
    ).rejects.toMatchObject({ code: 'conflict' });
    await w.core.sync({ since: '2026-11-01' });
    expect(await stateOf(store, 8207)).toBe('closed');
    expect(docsUnder(w.ledger, 'PT8207P2')).toEqual([]);
    expect(w.ledger.documents.size).toBe(documents);
  });

  it('the answer of the reversal is lost after SAP committed: it stays reversing, and recovery finds it by STBLG without reversing twice', async () => {
    const store = await h.migrated();
    const { core, ledger, rfc } = await postedPayment(store, 8205);
    const r = await core.prepareReversal(clerk, { transactionId: 8205, reasonCode: '01', reason: 'duplicate' });
    rfc.faults.dropAt('after-commit');
    const pending = await core.executeReversal(approver, r.id);
    expect(pending.state).toBe('approved');
    expect((await store.repos.postings.get('PT8205X'))!.state).toBe('sending');
    expect(await stateOf(store, 8205)).toBe('reversing');
    const documents = ledger.documents.size;

    await core.recoverPostings();
    expect(ledger.documents.size).toBe(documents);
    expect((await store.repos.reversals.get(r.id))!.state).toBe('reversed');
    expect(await stateOf(store, 8205)).toBe('review');
    const [original] = docsUnder(ledger, 'PT8205P');
    expect((await store.repos.postings.get('PT8205X'))!.belnr).toBe(original!.header.STBLG);
  });

  it('the connection breaks before the commit: nothing is in SAP, and recovery sends the reversal once', async () => {
    const store = await h.migrated();
    const { core, ledger, rfc } = await postedPayment(store, 8206);
    const r = await core.prepareReversal(clerk, { transactionId: 8206, reasonCode: '01', reason: 'duplicate' });
    rfc.faults.dropAt('before-commit');
    expect((await core.executeReversal(approver, r.id)).state).toBe('approved');
    expect(docsUnder(ledger, 'PT8206P').filter((d) => d.header.STBLG !== '')).toHaveLength(0);
    await core.recoverPostings();
    expect((await store.repos.reversals.get(r.id))!.state).toBe('reversed');
    // The original and exactly one reversal carry the reference.
    expect(docsUnder(ledger, 'PT8206P')).toHaveLength(2);
  });
});
