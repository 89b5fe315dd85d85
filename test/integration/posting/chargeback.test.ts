// The postings a dispute case implies (issue 13, point 3), under four eyes and through the one Poster, against
// the SAP simulator over RFC and OData, on both store dialects: a first chargeback reopens the receivable on the
// customer and credits the card clearing account the sale went to, with the processor's fee on its own line;
// winning the case reverses that document (the reopened item cleared again by the reversal); posting twice adds
// nothing to SAP.
import { afterEach, expect, it } from 'vitest';
import { loadGlRules, sapErpSystem, type SapSystem } from '../../../electron/connectors/sap';
import type { SapConfig } from '../../../electron/connectors/sap/config';
import { createSapSystem } from '../../../electron/connectors/sap/factory';
import { Core } from '../../../electron/core/core';
import { ingestDisputes } from '../../../electron/core/disputes/intake';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import type { Actor } from '../../../electron/core/ports';
import { startSapSandbox } from '../../../electron/sandbox/sap';
import type { Store } from '../../../electron/store';
import { ApiError } from '../../../shared/api';
import type { DisputeCase } from '../../../shared/disputes';
import type { PaymentTransaction } from '../../../shared/domain';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import type { FiDocument } from '../../../shared/posting';
import { testSeed } from '../sap/fixture';
import { sale } from '../core/core-fixture';
import { describeEachDialect } from '../../support/store';

const alice: Actor = { name: 'alice', roles: ['clerk'] };
const ada: Actor = { name: 'ada', roles: ['admin'] };
const bob: Actor = { name: 'bob', roles: ['approver'] };
const carol: Actor = { name: 'carol', roles: ['clerk', 'approver'] };
const NOW = '2026-11-25T20:00:00.000Z';
const SALE = 8301;

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

async function world(
  store: Store,
  transport: 'rfc' | 'odata',
  paytrace: PaymentTransaction[],
  clearing: SapConfig['clearing'] = {},
) {
  // One clock for ClearDesk and SAP, which a test may move on (an approval days after the preparation).
  const clock = { at: new Date(NOW) };
  const sandbox = await startSapSandbox({ seed: testSeed(), users: { CLEARDESK: 's3cret' }, now: () => clock.at });
  opened.push(sandbox);
  const base: Omit<SapConfig, 'transport'> = {
    rfc: { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK' },
    url: sandbox.url,
    client: '100',
    user: 'CLEARDESK',
    password: 's3cret',
    companyCodes: ['1000'],
    clearing,
  };
  const rfc: SapSystem = await createSapSystem({ ...base, transport: 'rfc' }, { rfc: sandbox.rfc });
  opened.push(rfc);
  let erp = sapErpSystem(rfc, 'sandbox');
  if (transport === 'odata') {
    const odata = await createSapSystem({ ...base, transport: 'odata' });
    opened.push(odata);
    erp = sapErpSystem(odata, 'sandbox');
  }
  const rules = await loadGlRules();
  const core = new Core({
    store: store.repos,
    gateway: { fetchTransactions: async () => ({ transactions: paytrace, rejected: [] }) },
    erp,
    companyCodes: ['1000'],
    matcher: (input) => matchPayments(input, DEFAULT_RULES),
    buildDocument: createDocumentBuilder({ rules, assignmentFrom: 'invoice' }),
    postingConfig: { rules, assignmentFrom: 'invoice' },
    clock: { now: () => clock.at },
    session: { sandbox: true, dataDir: '/tmp', version: 'test' },
  });
  await core.sync({ since: '2026-11-01' });
  return { core, sandbox, rfc, clock };
}

/** Globex (0000100002) pays its invoice 90001236, 75.50, by card. */
const globexPays = () =>
  sale(SALE, 7550, { invoiceId: '90001236', billingName: 'Globex Corporation', cardBrand: 'amex' });

const dispute = (over: Partial<DisputeCase> = {}): DisputeCase => ({
  processor: 'fiserv',
  caseNumber: 'CB-7001',
  stage: 'chargeback',
  stageRaw: 'CBK1',
  status: 'open',
  statusRaw: 'Open',
  network: 'amex',
  reasonCode: 'C08',
  reasonMeaning: 'Goods / services not received',
  reasonDescription: '',
  amount: { minor: 7550, currency: 'USD' },
  originalAmount: { minor: 7550, currency: 'USD' },
  impact: 'debit',
  fee: { minor: 1500, currency: 'USD' },
  receivedDate: '2026-11-24',
  transactionDate: '2026-11-20',
  dueDate: '2026-12-10',
  cardLast4: '0005',
  arn: '',
  merchantReference: '',
  transactionId: SALE,
  authCode: '',
  merchantId: '',
  ...over,
});

/** The processor's report brings the case (`dispute` with `over`); its id. */
async function report(store: Store, over: Partial<DisputeCase> = {}): Promise<number> {
  const d = dispute(over);
  await ingestDisputes(
    store.repos,
    { source: 'report', origin: 'test', cases: [{ ref: 'row 1', dispute: d }], rejected: [] },
    { actor: 'alice', at: NOW },
  );
  return (await store.repos.disputes.get(d.processor, d.caseNumber))!.id;
}

const signed = (l: { SHKZG: string; WRBTR: { minor: number } }) => (l.SHKZG === 'S' ? 1 : -1) * l.WRBTR.minor;

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) =>
      e instanceof ApiError ? { code: e.code, message: e.message } : { code: 'thrown', message: String(e) },
  );

for (const transport of ['rfc', 'odata'] as const) {
  describeEachDialect(`a chargeback posted with four eyes, over ${transport}`, (h) => {
    it('reopens the receivable with the fee on its own line, once; winning reverses it', async () => {
      const store = await h.migrated();
      const { core, sandbox, rfc } = await world(store, transport, [globexPays()]);
      const [row] = await core.handle('queue.list', {}, alice);
      expect(
        await core.handle('proposal.approve', { transactionId: SALE, proposalId: row!.proposal!.id }, alice),
      ).toMatchObject({ state: 'posted' });
      const saleDoc = JSON.parse((await store.repos.postings.find(SALE, 'payment'))!.document) as FiDocument;
      const clearing = saleDoc.ACCOUNTGL[0]!.GL_ACCOUNT;
      expect(clearing).toBe('0000113110'); // the Amex clearing account the sale went to

      const caseId = await report(store);

      const plan = await core.handle('chargeback.plan', { caseId }, alice);
      // Posted today in the company code's zone (PayTrace's, Chicago: 14:00 on the 25th).
      expect(plan).toMatchObject({
        step: 'post',
        event: 'chargeback',
        reference: `PT${SALE}C`,
        postingDate: '2026-11-25',
        blocked: null,
      });
      expect(plan.lines.map((l) => [l.kind, l.account, l.amount.minor])).toEqual([
        ['customer', '0000100002', 7550],
        ['gl', '0000479000', 1500],
        ['gl', clearing, -9050],
      ]);

      const prepared = await core.handle('chargeback.prepare', { caseId }, alice);
      expect(prepared).toMatchObject({ state: 'prepared', preparedBy: 'alice', step: 'chargeback' });
      // Nothing in SAP until a second person approves; a clerk may not, nor may the person who prepared it.
      expect([...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR === `PT${SALE}C`)).toEqual([]);
      expect(await refusal(core.handle('chargeback.approve', { postingId: prepared.id }, alice))).toMatchObject({
        code: 'forbidden',
      });
      expect(await refusal(core.handle('chargeback.prepare', { caseId }, carol))).toMatchObject({ code: 'conflict' });
      const posted = await core.handle('chargeback.approve', { postingId: prepared.id }, bob);
      expect(posted).toMatchObject({ state: 'posted', decidedBy: 'bob', sapDocument: { BUKRS: '1000' } });

      const docs = [...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR === `PT${SALE}C`);
      expect(docs).toHaveLength(1);
      const lines = docs[0]!.lines;
      expect(lines.reduce((a, l) => a + signed(l), 0)).toBe(0);
      expect(lines.map((l) => [l.KOART, l.KOART === 'D' ? l.KUNNR : l.HKONT, signed(l)]).sort()).toEqual(
        [
          ['D', '0000100002', 7550],
          ['S', '0000479000', 1500],
          ['S', clearing, -9050],
        ].sort(),
      );
      // The receivable is open again on the customer.
      const open = await rfc.getOpenItems('1000', '0000100002');
      expect(open.map((i) => [i.reference, i.amount.minor])).toContainEqual([`PT${SALE}C`, 7550]);

      // Posting twice adds nothing: nothing more to prepare, and the poster finds it posted.
      expect(await refusal(core.handle('chargeback.prepare', { caseId }, alice))).toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/stands already/),
      });
      expect(await refusal(core.handle('chargeback.approve', { postingId: prepared.id }, bob))).toMatchObject({
        code: 'conflict',
      });
      const again = await core.chargebackPoster.post({
        transactionId: SALE,
        event: 'chargeback',
        document: JSON.parse((await store.repos.postings.find(SALE, 'chargeback'))!.document) as FiDocument,
        approvedBy: 'bob',
      });
      expect(again.state).toBe('posted');
      expect([...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR === `PT${SALE}C`)).toHaveLength(1);

      // Won: the chargeback document is reversed, exactly once, with four eyes.
      await report(store, { stage: 'representment', status: 'won', statusRaw: 'Won' });
      const wonPlan = await core.handle('chargeback.plan', { caseId }, alice);
      expect(wonPlan).toMatchObject({
        step: 'reverse',
        event: 'chargeback-reversal',
        reference: `PT${SALE}Y`,
        postingDate: '2026-11-25',
      });
      const reversal = await core.handle('chargeback.prepare', { caseId }, alice);
      expect(await refusal(core.handle('chargeback.approve', { postingId: reversal.id }, alice))).toMatchObject({
        code: 'forbidden',
      });
      expect(await core.handle('chargeback.approve', { postingId: reversal.id }, bob)).toMatchObject({
        state: 'posted',
        step: 'reversal',
      });
      const original = [...sandbox.ledger.documents.values()].find((d) => d.header.BELNR === docs[0]!.header.BELNR);
      expect(original!.header.STBLG).not.toBe('');
      const customerLine = original!.lines.find((l) => l.KOART === 'D')!;
      expect(customerLine.AUGBL).toBe(original!.header.STBLG);
      const after = await rfc.getOpenItems('1000', '0000100002');
      expect(after.map((i) => i.reference)).not.toContain(`PT${SALE}C`);
      // The sale itself stays posted; the chargeback posting no longer stands.
      expect((await store.repos.payments.get(SALE))!.state).toBe('posted');
      expect(await store.repos.postings.find(SALE, 'chargeback')).toBeNull();
      expect((await core.handle('chargeback.plan', { caseId }, alice)).step).toBe('none');

      const trail = await store.repos.audit.forSubject('dispute:fiserv:CB-7001');
      expect(trail.map((e) => e.action)).toEqual(
        expect.arrayContaining(['chargeback.prepared', 'chargeback.approved', 'chargeback.posted']),
      );
    });

    it('prepared in November and approved in December, it posts on the day it is approved, as prepared', async () => {
      const store = await h.migrated();
      const { core, sandbox, clock } = await world(store, transport, [globexPays()]);
      const [row] = await core.handle('queue.list', {}, alice);
      await core.handle('proposal.approve', { transactionId: SALE, proposalId: row!.proposal!.id }, alice);
      const caseId = await report(store);
      const prepared = await core.handle('chargeback.prepare', { caseId }, alice);
      const lines = (await core.handle('chargeback.plan', { caseId }, alice)).lines;

      // Approved on 1 December (12:00 in Chicago): the plan says so, and SAP books it in December.
      clock.at = new Date('2026-12-01T18:00:00.000Z');
      const plan = await core.handle('chargeback.plan', { caseId }, bob);
      expect(plan).toMatchObject({ postingDate: '2026-12-01', lines });
      expect(await core.handle('chargeback.approve', { postingId: prepared.id }, bob)).toMatchObject({
        state: 'posted',
      });
      const [doc] = [...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR === `PT${SALE}C`);
      expect([doc!.header.BUDAT, doc!.header.BLDAT]).toEqual(['20261201', '20261124']);
      expect(doc!.lines.map((l) => [l.KOART, signed(l)]).sort()).toEqual(
        [
          ['D', 7550],
          ['S', 1500],
          ['S', -9050],
        ].sort(),
      );
    });

    it('a second case on the same sale waits for the first, is refused while its chargeback stands, then posts under C2', async () => {
      const store = await h.migrated();
      const { core, sandbox } = await world(store, transport, [globexPays()]);
      const [row] = await core.handle('queue.list', {}, alice);
      await core.handle('proposal.approve', { transactionId: SALE, proposalId: row!.proposal!.id }, alice);
      const first = await report(store);
      const second = await report(store, {
        caseNumber: 'CB-7002',
        amount: { minor: 2000, currency: 'USD' },
        fee: null,
      });

      const prepared = await core.handle('chargeback.prepare', { caseId: first }, alice);
      expect(await core.handle('chargeback.plan', { caseId: second }, alice)).toMatchObject({
        step: 'none',
        reference: null,
        blocked: `Case CB-7001 on the same sale ${SALE} has a posting waiting for an approver (PT${SALE}C); decide that one first.`,
      });
      expect(await refusal(core.handle('chargeback.prepare', { caseId: second }, alice))).toMatchObject({
        code: 'conflict',
      });
      await core.handle('chargeback.approve', { postingId: prepared.id }, bob);
      expect((await core.handle('chargeback.plan', { caseId: second }, alice)).blocked).toMatch(
        new RegExp(
          `^Sale ${SALE}'s chargeback was posted for case CB-7001 \\(PT${SALE}C\\) and stands: ClearDesk posts one chargeback per sale`,
        ),
      );

      // Case CB-7001 is won and its chargeback reversed: CB-7002 posts, under the sale's next chargeback reference.
      await report(store, { stage: 'representment', status: 'won', statusRaw: 'Won' });
      const reversal = await core.handle('chargeback.prepare', { caseId: first }, alice);
      await core.handle('chargeback.approve', { postingId: reversal.id }, bob);
      const plan = await core.handle('chargeback.plan', { caseId: second }, alice);
      expect(plan).toMatchObject({ step: 'post', reference: `PT${SALE}C2`, blocked: null });
      const next = await core.handle('chargeback.prepare', { caseId: second }, alice);
      expect(await core.handle('chargeback.approve', { postingId: next.id }, bob)).toMatchObject({ state: 'posted' });
      const docs = [...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR.startsWith(`PT${SALE}C`));
      // The first chargeback, its reversal (SAP copies the original's XBLNR) and the second case's.
      expect(docs.map((d) => d.header.XBLNR).sort()).toEqual([`PT${SALE}C`, `PT${SALE}C`, `PT${SALE}C2`]);
    });

    it('the chargeback of a sale posted on account takes that credit back (the same debit, said so)', async () => {
      const store = await h.migrated();
      const { core } = await world(store, transport, [globexPays()]);
      const row = await core.handle(
        'proposal.correct',
        { transactionId: SALE, items: [], customer: '0000100002' },
        alice,
      );
      expect(row.proposal!.items).toEqual([]);
      const first = await core.handle('proposal.approve', { transactionId: SALE, proposalId: row.proposal!.id }, alice);
      if (first.state !== 'posted')
        await core.handle('proposal.approve', { transactionId: SALE, proposalId: row.proposal!.id }, bob);
      expect((await store.repos.postings.find(SALE, 'payment'))!.proposalId).toBe(row.proposal!.id);
      const caseId = await report(store);
      const plan = await core.handle('chargeback.plan', { caseId }, alice);
      expect(plan.lines.map((l) => [l.kind, l.text])).toContainEqual([
        'customer',
        `PayTrace ${SALE} chargeback, on-account reversed`,
      ]);
      expect(plan.why).toMatch(/The sale was posted on account: that credit is taken back from the customer/);
    });

    it("SAP refuses it (a customer posting block): failed with SAP's words, prepared again under the same reference, posted once", async () => {
      const store = await h.migrated();
      const { core, sandbox } = await world(store, transport, [globexPays()]);
      const [row] = await core.handle('queue.list', {}, alice);
      await core.handle('proposal.approve', { transactionId: SALE, proposalId: row!.proposal!.id }, alice);
      const caseId = await report(store, { fee: null });
      sandbox.ledger.blockCustomer('0000100002', '1000', true);
      const first = await core.handle('chargeback.prepare', { caseId }, alice);
      const failed = await core.handle('chargeback.approve', { postingId: first.id }, bob);
      expect(failed).toMatchObject({ state: 'failed', error: expect.stringMatching(/block/i) });
      expect(await store.repos.deadLetters.findOpen('posting', `PT${SALE}C`)).not.toBeNull();
      expect((await store.repos.payments.get(SALE))!.state).toBe('posted');

      sandbox.ledger.blockCustomer('0000100002', '1000', false);
      const plan = await core.handle('chargeback.plan', { caseId }, alice);
      expect(plan).toMatchObject({ step: 'post', reference: `PT${SALE}C` });
      const second = await core.handle('chargeback.prepare', { caseId }, alice);
      expect(await core.handle('chargeback.approve', { postingId: second.id }, bob)).toMatchObject({
        state: 'posted',
        sapDocument: { BUKRS: '1000' },
      });
      expect([...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR === `PT${SALE}C`)).toHaveLength(1);
      // The refused attempt keeps its outcome; the case's trail has both.
      expect((await core.handle('chargeback.plan', { caseId }, alice)).postings.map((p) => p.state)).toEqual([
        'failed',
        'posted',
      ]);
      const trail = (await store.repos.audit.forSubject('dispute:fiserv:CB-7001')).map((e) => e.action);
      expect(trail).toEqual(expect.arrayContaining(['chargeback.failed', 'chargeback.posted']));
      // Its dead letter is resolved by the posting that went through.
      expect(await store.repos.deadLetters.findOpen('posting', `PT${SALE}C`)).toBeNull();
    });
  });
  describeEachDialect('a lost case written off from the customer, over rfc', (h) => {
    for (const strategy of ['clearing-rfc', 'on-account'] as const) {
      it(`settles the reopened receivable (${strategy})`, async () => {
        const store = await h.migrated();
        const { core, sandbox, rfc } = await world(store, 'rfc', [globexPays()], { '1000': strategy });
        await core.handle(
          'settings.update',
          { chargebacks: { rules: [{ companyCode: '1000', method: 'reopen', lost: 'write-off' }] } },
          ada,
        );
        const [row] = await core.handle('queue.list', {}, alice);
        await core.handle('proposal.approve', { transactionId: SALE, proposalId: row!.proposal!.id }, alice);
        const caseId = await report(store, { fee: null });
        const first = await core.handle('chargeback.prepare', { caseId }, alice);
        await core.handle('chargeback.approve', { postingId: first.id }, bob);
        const [reopened] = [...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR === `PT${SALE}C`);
        const reopenedLine = reopened!.lines.find((l) => l.KOART === 'D')!;
        expect(reopenedLine.AUGBL).toBe('');

        await report(store, { fee: null, stage: 'arbitration', status: 'lost', statusRaw: 'Lost' });
        const plan = await core.handle('chargeback.plan', { caseId }, alice);
        expect(plan).toMatchObject({ step: 'post', event: 'write-off', reference: `PT${SALE}W` });
        expect(plan.why).toContain(`document ${reopened!.header.BELNR} 1000 ${reopened!.header.GJAHR}, line 001`);
        expect(plan.lines.map((l) => [l.kind, l.amount.minor])).toEqual([
          ['gl', 7550],
          ['customer', -7550],
        ]);
        const loss = await core.handle('chargeback.prepare', { caseId }, alice);
        expect(await core.handle('chargeback.approve', { postingId: loss.id }, bob)).toMatchObject({
          state: 'posted',
          step: 'write-off',
        });
        const [written] = [...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR === `PT${SALE}W`);
        const credit = written!.lines.find((l) => l.KOART === 'D')!;
        // Both customer lines carry the same assignment, which F.13 pairs where nothing cleared them.
        expect(credit.ZUONR).toBe(reopenedLine.ZUONR);
        const open = (await rfc.getOpenItems('1000', '0000100002')).map((i) => i.reference);
        if (strategy === 'clearing-rfc') {
          // One document writes off and clears: nothing of the chargeback stays open on the customer.
          expect(reopenedLine.AUGBL).toBe(written!.header.BELNR);
          expect(credit.AUGBL).toBe(written!.header.BELNR);
          expect(open).not.toContain(`PT${SALE}C`);
          expect(open).not.toContain(`PT${SALE}W`);
        } else {
          // On account: both stay open for SAP's automatic clearing.
          expect(reopenedLine.AUGBL).toBe('');
          expect(open).toEqual(expect.arrayContaining([`PT${SALE}C`, `PT${SALE}W`]));
        }
        expect((await core.handle('chargeback.plan', { caseId }, alice)).step).toBe('none');
      });
    }
  });
}
