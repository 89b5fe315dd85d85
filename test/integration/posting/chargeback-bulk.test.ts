// Bulk work on the Chargebacks tab's cases (issue 13, point 4) against the SAP simulator over RFC, on both store
// dialects: the summary before preparing (counts, totals per company code and currency, why a case cannot be
// prepared), preparing through chargeback.prepare's rule per case (authorised per case, a result per case, a case
// that cannot be prepared not stopping the others, progress per case), and an approver's bulk approval, which
// refuses what the same person prepared and posts the rest to SAP once.
import { afterEach, expect, it } from 'vitest';
import { loadGlRules, sapErpSystem } from '../../../electron/connectors/sap';
import { createSapSystem } from '../../../electron/connectors/sap/factory';
import { Core } from '../../../electron/core/core';
import { ingestDisputes } from '../../../electron/core/disputes/intake';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import type { Actor } from '../../../electron/core/ports';
import { startSapSandbox } from '../../../electron/sandbox/sap';
import type { Store } from '../../../electron/store';
import { ApiError, type EventOf } from '../../../shared/api';
import type { DisputeCase } from '../../../shared/disputes';
import type { PaymentTransaction } from '../../../shared/domain';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import { testSeed } from '../sap/fixture';
import { sale } from '../core/core-fixture';
import { describeEachDialect } from '../../support/store';

const alice: Actor = { name: 'alice', roles: ['clerk'] };
const bob: Actor = { name: 'bob', roles: ['approver'] };
const carol: Actor = { name: 'carol', roles: ['clerk', 'approver'] };
const viewer: Actor = { name: 'vic', roles: [] };
const NOW = '2026-11-25T20:00:00.000Z';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

async function world(store: Store, paytrace: PaymentTransaction[]) {
  const sandbox = await startSapSandbox({ seed: testSeed(), users: { CLEARDESK: 's3cret' }, now: () => new Date(NOW) });
  opened.push(sandbox);
  const rfc = await createSapSystem(
    {
      rfc: { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK' },
      url: sandbox.url,
      client: '100',
      user: 'CLEARDESK',
      password: 's3cret',
      companyCodes: ['1000'],
      transport: 'rfc',
    },
    { rfc: sandbox.rfc },
  );
  opened.push(rfc);
  const rules = await loadGlRules();
  const core = new Core({
    store: store.repos,
    gateway: { fetchTransactions: async () => ({ transactions: paytrace, rejected: [] }) },
    erp: sapErpSystem(rfc, 'sandbox'),
    companyCodes: ['1000'],
    matcher: (input) => matchPayments(input, DEFAULT_RULES),
    buildDocument: createDocumentBuilder({ rules, assignmentFrom: 'invoice' }),
    postingConfig: { rules, assignmentFrom: 'invoice' },
    clock: { now: () => new Date(NOW) },
    session: { sandbox: true, dataDir: '/tmp', version: 'test' },
  });
  await core.sync({ since: '2026-11-01' });
  return { core, sandbox };
}

const dispute = (caseNumber: string, over: Partial<DisputeCase> = {}): DisputeCase => ({
  processor: 'fiserv',
  caseNumber,
  stage: 'chargeback',
  stageRaw: 'CBK1',
  status: 'open',
  statusRaw: 'Open',
  network: 'visa',
  reasonCode: '13.1',
  reasonMeaning: 'Merchandise / services not received',
  reasonDescription: '',
  amount: { minor: 7550, currency: 'USD' },
  originalAmount: null,
  impact: 'debit',
  fee: null,
  receivedDate: '2026-11-24',
  transactionDate: '2026-11-20',
  dueDate: '2026-12-10',
  cardLast4: '',
  arn: '',
  merchantReference: '',
  transactionId: null,
  authCode: '',
  merchantId: '',
  ...over,
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) =>
      e instanceof ApiError ? { code: e.code, message: e.message } : { code: 'thrown', message: String(e) },
  );

describeEachDialect('bulk work on chargeback cases, over RFC', (h) => {
  it('summarises, prepares each case through the one rule, and an approver approves what others prepared', async () => {
    const store = await h.migrated();
    const { core, sandbox } = await world(store, [
      sale(8301, 7550, { invoiceId: '90001236', billingName: 'Globex Corporation' }),
      sale(8302, 10000, { invoiceId: '90001234', billingName: 'Acme Corp' }),
      sale(8303, 25000, { invoiceId: '90001235', billingName: 'Acme Corp' }),
    ]);
    for (const row of await core.handle('queue.list', {}, alice))
      expect(
        await core.handle(
          'proposal.approve',
          { transactionId: row.transactionId, proposalId: row.proposal!.id },
          alice,
        ),
      ).toMatchObject({ state: 'posted' });
    await ingestDisputes(
      store.repos,
      {
        source: 'report',
        origin: 'test',
        cases: [
          // Not matched: no sale named, no card.
          dispute('CB-1', { dueDate: '2026-12-01' }),
          dispute('CB-2', { transactionId: 8301, dueDate: '2026-12-02', fee: { minor: 1500, currency: 'USD' } }),
          // A retrieval request posts nothing.
          dispute('CB-3', { transactionId: 8302, stage: 'retrieval', stageRaw: 'RR', dueDate: '2026-12-03' }),
          // A partial dispute: its amount, not the sale's.
          dispute('CB-4', { transactionId: 8302, amount: { minor: 4000, currency: 'USD' }, dueDate: '2026-12-04' }),
          dispute('CB-5', { transactionId: 8303, amount: { minor: 25000, currency: 'USD' }, dueDate: '2026-12-05' }),
        ].map((d, i) => ({ ref: `row ${i + 1}`, dispute: d })),
        rejected: [],
      },
      { actor: 'alice', at: NOW },
    );
    const id = async (n: string) => (await store.repos.disputes.get('fiserv', n))!.id;
    const ids = await Promise.all(['CB-1', 'CB-2', 'CB-3', 'CB-4', 'CB-5'].map(id));
    // carol prepared CB-5 on its own already.
    expect(await core.handle('chargeback.prepare', { caseId: ids[4]! }, carol)).toMatchObject({ state: 'prepared' });

    // Authorised as the single action is: someone without a role is refused before anything is read or stored.
    expect(await refusal(core.handle('chargebacks.bulkPreview', { caseIds: ids }, viewer))).toMatchObject({
      code: 'forbidden',
    });
    expect(await refusal(core.handle('chargebacks.bulkPrepare', { caseIds: ids }, viewer))).toMatchObject({
      code: 'forbidden',
    });
    // Neither ids nor a view is refused by the core too, never read as "everything".
    expect(await refusal(core.handle('chargebacks.bulkPrepare', {}, alice))).toMatchObject({
      code: 'invalid_request',
    });

    const preview = await core.handle('chargebacks.bulkPreview', { matching: { text: 'cb-' } }, alice);
    expect(preview).toEqual({
      count: 5,
      prepare: 2,
      blocked: 3,
      totals: [{ companyCode: '1000', currency: 'USD', count: 2, amount: { minor: 11550, currency: 'USD' } }],
      steps: [{ reason: 'chargeback (the disputed amount booked)', count: 2 }],
      cannotPrepare: expect.arrayContaining([
        { reason: 'not matched to a sale', count: 1 },
        { reason: 'nothing to post at its stage', count: 1 },
        { reason: 'already prepared; it waits for an approver', count: 1 },
      ]),
    });
    expect(preview.cannotPrepare).toHaveLength(3);
    // The summary stored nothing.
    expect(await store.repos.disputes.postingsOf({ caseId: ids[1]! })).toEqual([]);

    const progress: EventOf<'bulk.progress'>[] = [];
    core.events.on('bulk.progress', (p) => progress.push(p));
    const prepared = await core.handle(
      'chargebacks.bulkPrepare',
      { matching: { text: 'CB-' }, progressId: 'run-1' },
      alice,
    );
    // One result per case in the tab's order; the cases that cannot be prepared did not stop the others.
    expect(prepared.results.map((r) => [r.caseNumber, r.outcome, r.reference])).toEqual([
      ['CB-1', 'skipped', null],
      ['CB-2', 'prepared', 'PT8301C'],
      ['CB-3', 'skipped', null],
      ['CB-4', 'prepared', 'PT8302C'],
      ['CB-5', 'skipped', null],
    ]);
    expect(prepared.results[0]!.reason).toMatch(/not matched to a sale/);
    expect(prepared.results[2]!.reason).toMatch(/retrieval|nothing/i);
    expect(prepared.results[4]!.reason).toMatch(/waits for an approver/);
    expect(prepared.counts).toEqual({ prepared: 2, skipped: 3 });
    expect(progress.map((p) => [p.progressId, p.done, p.total, p.prepared])).toEqual([
      ['run-1', 1, 5, 0],
      ['run-1', 2, 5, 1],
      ['run-1', 3, 5, 1],
      ['run-1', 4, 5, 2],
      ['run-1', 5, 5, 2],
    ]);
    // Each prepared the single way: stored as prepared by alice, audited on its case; nothing in SAP yet.
    expect(await store.repos.disputes.postingsOf({ caseId: ids[3]! })).toEqual([
      expect.objectContaining({ state: 'prepared', preparedBy: 'alice', reference: 'PT8302C' }),
    ]);
    expect((await store.repos.audit.forSubject('dispute:fiserv:CB-4')).map((a) => a.action)).toContain(
      'chargeback.prepared',
    );
    const inSap = (ref: string) => [...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR === ref);
    expect(inSap('PT8301C')).toEqual([]);

    // Four eyes stays: a clerk cannot approve in bulk; carol approves what alice prepared, not her own CB-5.
    expect(await refusal(core.handle('chargebacks.bulkApprove', { caseIds: ids }, alice))).toMatchObject({
      code: 'forbidden',
    });
    expect(await refusal(core.handle('chargebacks.bulkApprovePreview', { caseIds: ids }, alice))).toMatchObject({
      code: 'forbidden',
    });
    // Before sending, carol reads what would go to SAP: the same check as the approval's, nothing sent.
    const summary = await core.handle('chargebacks.bulkApprovePreview', { caseIds: ids }, carol);
    expect(summary).toMatchObject({
      count: 5,
      approve: 2,
      blocked: 3,
      preparedBy: [{ reason: 'prepared by alice', count: 2 }],
      cannotApprove: expect.arrayContaining([
        { reason: 'no posting of this case waits for approval', count: 2 },
        { reason: 'you prepared it (four eyes: another approver approves it)', count: 1 },
      ]),
    });
    expect(summary.totals).toEqual([
      {
        companyCode: '1000',
        currency: 'USD',
        count: 2,
        amount: { minor: 7550 + 4000, currency: 'USD' }, // CB-2 and the partial CB-4, without CB-2's fee
      },
    ]);
    expect(inSap('PT8301C')).toEqual([]);
    const approved = await core.handle('chargebacks.bulkApprove', { caseIds: ids }, carol);
    expect(approved.results.map((r) => [r.caseNumber, r.outcome])).toEqual([
      ['CB-1', 'skipped'],
      ['CB-2', 'posted'],
      ['CB-3', 'skipped'],
      ['CB-4', 'posted'],
      ['CB-5', 'skipped'],
    ]);
    expect(approved.results[4]!.reason).toMatch(/carol prepared this posting/);
    expect(approved.results[1]!.sapDocument).toMatchObject({ BUKRS: '1000', BELNR: expect.stringMatching(/^\d{10}$/) });
    expect(inSap('PT8301C')).toHaveLength(1);
    expect(inSap('PT8302C')).toHaveLength(1);
    expect(inSap('PT8303C')).toEqual([]);
    // bob approves carol's; asked again, nothing waits and SAP gets nothing twice.
    const rest = await core.handle('chargebacks.bulkApprove', { caseIds: [ids[4]!, ids[1]!] }, bob);
    expect(rest.results.map((r) => [r.caseNumber, r.outcome])).toEqual([
      ['CB-5', 'posted'],
      ['CB-2', 'skipped'],
    ]);
    expect(inSap('PT8301C')).toHaveLength(1);
    expect(inSap('PT8303C')).toHaveLength(1);
    expect((await store.repos.audit.verify()).ok).toBe(true);
  });
});
