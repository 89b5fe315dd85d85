// Refunds processed by hand, four eyes, against the PayTrace simulator over loopback: a clerk
// prepares, another person approves, ClearDesk refunds a settled sale or voids an unsettled one,
// exactly once even when PayTrace's answer is lost.
import { afterEach, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import { loadGlRules } from '../../../electron/connectors/sap';
import { Core } from '../../../electron/core/core';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import type { Actor, ErpSystem } from '../../../electron/core/ports';
import { payTraceRefunds } from '../../../electron/connectors/paytrace';
import type { ScenarioPaymentOp } from '../../../electron/sandbox/scenario/types';
import type { Store } from '../../../electron/store';
import type { FiDocument } from '../../../shared/posting/fi-document';
import { describeEachDialect } from '../../support/store';
import { harness as payTraceHarness, type Harness } from '../paytrace/helpers';
import { customer, openItem } from './core-fixture';

const alice: Actor = { name: 'alice', roles: ['clerk'] };
const bob: Actor = { name: 'bob', roles: ['approver'] };
const carol: Actor = { name: 'carol', roles: ['clerk', 'approver'] };
const usd = (minor: number) => ({ minor, currency: 'USD' });

const sale = (key: string, at: string, amount: string, invoice = `INV-${key}`): ScenarioPaymentOp => ({
  op: 'sale',
  key,
  at,
  amount,
  invoice_id: invoice,
  customer_reference_id: '',
  description: '',
  customer_id: '',
  billing_name: 'Acme Supply',
  email: '',
  card: 'visa',
});

/** SAP with Acme's invoice 90001234 of 250.00, which the settled sale pays. */
function fakeSap(posted: FiDocument[]): ErpSystem {
  return {
    listCustomers: async () => [customer('0000100001', 'Acme Supply')],
    getOpenItems: async () => [openItem('1800000001', '0000100001', 25000, '90001234')],
    postDocument: async (doc) => {
      posted.push(doc);
      return {
        ok: true,
        key: { BELNR: String(1400000000 + posted.length), BUKRS: doc.DOCUMENTHEADER.COMP_CODE, GJAHR: '2025' },
        messages: [],
      };
    },
    findDocumentByReference: async () => null,
    reverseDocument: async () => {
      throw new Error('no reversal in this test');
    },
    findReversal: async () => null,
  };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) =>
      e instanceof ApiError ? { code: e.code, message: e.message } : { code: 'thrown', message: String(e) },
  );

describeEachDialect('refunds with four eyes, against the PayTrace simulator', (h) => {
  let pt: Harness | null = null;
  afterEach(async () => {
    await pt?.sandbox.close();
    pt = null;
  });

  /** A settled sale of 250.00 and an unsettled one of 75.50, synced into ClearDesk. */
  async function setUp(): Promise<{
    store: Store;
    core: Core;
    pt: Harness;
    settled: number;
    unsettled: number;
    posted: FiDocument[];
  }> {
    const store = await h.migrated();
    pt = await payTraceHarness({ start: '2025-03-10T23:00:00Z' });
    const sim = pt.sandbox.sim;
    const settled = sim.apply(sale('s1', '2025-03-10T16:00:00Z', '250.00', '90001234'));
    sim.apply({ op: 'settle', key: 'b1', at: '2025-03-10T17:00:00Z' });
    const unsettled = sim.apply(sale('s2', '2025-03-10T18:00:00Z', '75.50'));
    const client = pt.client;
    const clock = pt.clock;
    const posted: FiDocument[] = [];
    const core = new Core({
      store: store.repos,
      gateway: { fetchTransactions: (range) => client.fetchTransactions(range) },
      refunds: payTraceRefunds(client),
      erp: fakeSap(posted),
      companyCodes: ['1000'],
      matcher: (input) => matchPayments(input, DEFAULT_RULES),
      buildDocument: createDocumentBuilder({ rules: await loadGlRules(), assignmentFrom: 'invoice' }),
      clock: { now: () => new Date(clock.now()) },
      session: { sandbox: true, dataDir: '/tmp', version: 'test' },
    });
    await core.sync({ since: '2025-03-09' });
    return { store, core, pt, settled, unsettled, posted };
  }

  const refundsAtPayTrace = (p: Harness, saleId: number) =>
    [...p.sandbox.sim.ledger.transactions.values()]
      .filter((t) => t.type === 'REFUND' && t.originalId === saleId)
      .map((t) => ({ id: t.id, minor: t.amountMinor }));

  const auditOf = async (store: Store, saleId: number) =>
    (
      await store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('subject', '=', `paytrace:${saleId}`)
        .where('action', 'like', 'refund.%')
        .orderBy('seq')
        .execute()
    ).map((a) => ({
      action: a.action,
      actor: a.actor,
      detail: JSON.parse(a.detail) as Record<string, unknown>,
    }));

  it('a settled sale of 250.00: alice asks 100.00 back, bob approves, PayTrace refunds once and the refund comes in on the next sync', async () => {
    const { store, core, pt, settled, posted } = await setUp();
    expect((await core.handle('queue.detail', { transactionId: settled }, alice)).refundable).toEqual(usd(25000));

    const asked = await core.handle(
      'refund.request',
      { transactionId: settled, amount: usd(10000), reason: 'One of two chairs returned' },
      alice,
    );
    expect(asked).toMatchObject({
      state: 'requested',
      preparedBy: 'alice',
      amount: usd(10000),
      sale: { amount: usd(25000), status: 'settled' },
    });
    expect((await core.handle('queue.detail', { transactionId: settled }, alice)).refundable).toEqual(usd(15000));

    const done = await core.handle('refund.approve', { refundId: asked.id }, bob);
    expect(done).toMatchObject({ state: 'refunded', decidedBy: 'bob', error: null });
    const atPayTrace = refundsAtPayTrace(pt, settled);
    expect(atPayTrace).toEqual([{ id: done.paytraceTransactionId, minor: 10000 }]);

    expect(await auditOf(store, settled)).toEqual([
      {
        action: 'refund.requested',
        actor: 'alice',
        detail: expect.objectContaining({
          refundId: asked.id,
          amount: usd(10000),
          reason: 'One of two chairs returned',
        }),
      },
      {
        action: 'refund.approved',
        actor: 'bob',
        detail: expect.objectContaining({ refundId: asked.id, operation: 'refund', preparedBy: 'alice' }),
      },
      {
        action: 'refund.sent',
        actor: 'bob',
        detail: expect.objectContaining({ paytraceTransactionId: done.paytraceTransactionId, recovered: false }),
      },
    ]);

    // The next sync brings the refund in as a PayTrace refund transaction, proposed against the
    // sale's customer; approved, it posts customer debit / bank credit like any refund.
    await core.sync();
    const row = (await core.handle('queue.list', {}, alice)).find(
      (r) => r.transactionId === done.paytraceTransactionId,
    );
    expect(row).toMatchObject({ kind: 'refund', amount: usd(10000), queueState: 'review' });
    expect(row!.proposal).toMatchObject({ customer: '0000100001', companyCode: '1000', tier: 'suggest' });
    expect(row!.proposal!.reasons[0]).toBe(
      `ClearDesk refunded sale ${settled} (invoice 90001234) of 250.00 USD: refund request ${asked.id}, prepared by alice, approved by bob`,
    );
    const posting = await core.handle(
      'proposal.approve',
      { transactionId: row!.transactionId, proposalId: row!.proposal!.id },
      alice,
    );
    expect(posting.state).toBe('posted');
    const lines = posted.at(-1)!;
    expect(lines.ACCOUNTRECEIVABLE).toEqual([expect.objectContaining({ CUSTOMER: '0000100001' })]);
    expect(lines.CURRENCYAMOUNT.map((c) => c.AMT_DOCCUR).sort()).toEqual(['-100.00', '100.00']);
    // Not counted twice once the refund is in the store too.
    expect((await core.handle('queue.detail', { transactionId: settled }, alice)).refundable).toEqual(usd(15000));
    expect(await core.handle('refunds.list', { states: ['refunded'] }, bob)).toEqual([done]);
  });

  it('an unsettled sale refunded in full is voided; the next sync closes it', async () => {
    const { store, core, pt, unsettled } = await setUp();
    const asked = await core.handle(
      'refund.request',
      { transactionId: unsettled, amount: usd(7550), reason: 'Order cancelled the same day' },
      alice,
    );
    const done = await core.handle('refund.approve', { refundId: asked.id }, bob);
    expect(done).toMatchObject({ state: 'voided', paytraceTransactionId: unsettled });
    expect(pt.sandbox.sim.ledger.transactions.get(unsettled)!.state).toBe('voided');
    expect(refundsAtPayTrace(pt, unsettled)).toEqual([]);
    expect((await auditOf(store, unsettled)).map((a) => a.action)).toEqual([
      'refund.requested',
      'refund.approved',
      'refund.sent',
    ]);
    await core.sync();
    expect((await core.handle('queue.detail', { transactionId: unsettled }, alice)).row.queueState).toBe('closed');
    expect((await core.handle('queue.detail', { transactionId: unsettled }, alice)).refundable).toBeNull();
  });

  it('a partial refund of an unsettled sale is refused with what to do instead', async () => {
    const { core, pt, unsettled } = await setUp();
    const r = await refusal(
      core.handle(
        'refund.request',
        { transactionId: unsettled, amount: usd(2000), reason: 'Part of the order returned' },
        alice,
      ),
    );
    expect(r).toEqual({
      code: 'conflict',
      message: "PayTrace refunds only settled transactions; void the whole sale or wait for tonight's settlement.",
    });
    expect(await core.handle('refunds.list', {}, alice)).toEqual([]);
    expect(pt.sandbox.sim.ledger.transactions.get(unsettled)!.state).toBe('pending');
  });

  it('the preparer cannot approve their own refund, and a clerk cannot approve at all', async () => {
    const { store, core, pt, settled } = await setUp();
    const asked = await core.handle(
      'refund.request',
      { transactionId: settled, amount: usd(5000), reason: 'Damaged in transit' },
      carol,
    );
    expect(await refusal(core.handle('refund.approve', { refundId: asked.id }, carol))).toEqual({
      code: 'forbidden',
      message: `carol prepared refund request ${asked.id} and so cannot approve it; another approver must (four eyes).`,
    });
    expect(await refusal(core.handle('refund.approve', { refundId: asked.id }, alice))).toMatchObject({
      code: 'forbidden',
      message: /needs the role approver/,
    });
    expect(refundsAtPayTrace(pt, settled)).toEqual([]);
    expect((await core.handle('refunds.list', {}, bob))[0]).toMatchObject({ state: 'requested', decidedBy: null });
    expect((await auditOf(store, settled)).map((a) => a.action)).toEqual(['refund.requested']);
  });

  it('never more than the sale: over-refunds and a second pending request are refused', async () => {
    const { core, pt, settled } = await setUp();
    expect(
      await refusal(
        core.handle('refund.request', { transactionId: settled, amount: usd(25001), reason: 'Too much' }, alice),
      ),
    ).toMatchObject({
      code: 'invalid_request',
      message: /At most 250\.00 USD of sale \d+ \(250\.00 USD\) can still be refunded; 250\.01 USD is more than that/,
    });
    const first = await core.handle(
      'refund.request',
      { transactionId: settled, amount: usd(20000), reason: 'Most of it returned' },
      alice,
    );
    expect(
      await refusal(
        core.handle(
          'refund.request',
          { transactionId: settled, amount: usd(1000), reason: 'And a little more' },
          carol,
        ),
      ),
    ).toMatchObject({
      code: 'conflict',
      message: new RegExp(`already has refund request ${first.id} \\(requested, prepared by alice\\)`),
    });
    await core.handle('refund.approve', { refundId: first.id }, bob);
    expect(
      await refusal(
        core.handle(
          'refund.request',
          { transactionId: settled, amount: usd(5001), reason: 'The rest and a cent' },
          alice,
        ),
      ),
    ).toMatchObject({ code: 'invalid_request', message: /At most 50\.00 USD/ });
    expect(
      await refusal(
        core.handle(
          'refund.request',
          { transactionId: settled, amount: { minor: 5000, currency: 'EUR' }, reason: 'The rest in euros' },
          alice,
        ),
      ),
    ).toMatchObject({ code: 'invalid_request', message: /paid in USD/ });
    expect(
      (await core.handle('refund.request', { transactionId: settled, amount: usd(5000), reason: 'The rest' }, alice))
        .state,
    ).toBe('requested');
    expect(refundsAtPayTrace(pt, settled).map((r) => r.minor)).toEqual([20000]);
  });

  it('a refund PayTrace made but whose answer was lost (connection reset) is found, not made twice', async () => {
    const { store, core, pt, settled } = await setUp();
    const asked = await core.handle(
      'refund.request',
      { transactionId: settled, amount: usd(4000), reason: 'Late delivery credit' },
      alice,
    );
    pt.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'after', paths: ['/v1/transactions/refund'] });
    const done = await core.handle('refund.approve', { refundId: asked.id }, bob);
    expect(done.state).toBe('refunded');
    expect(refundsAtPayTrace(pt, settled)).toEqual([{ id: done.paytraceTransactionId, minor: 4000 }]);
    expect((await auditOf(store, settled)).at(-1)).toMatchObject({
      action: 'refund.sent',
      detail: { recovered: true, paytraceTransactionId: done.paytraceTransactionId },
    });
  });

  it('a rejected request keeps both reasons and frees the sale for a new request', async () => {
    const { store, core, settled } = await setUp();
    const asked = await core.handle(
      'refund.request',
      { transactionId: settled, amount: usd(25000), reason: 'Customer unhappy' },
      alice,
    );
    const rejected = await core.handle(
      'refund.reject',
      { refundId: asked.id, reason: 'Offer a replacement instead' },
      bob,
    );
    expect(rejected).toMatchObject({
      state: 'rejected',
      reason: 'Customer unhappy',
      decisionReason: 'Offer a replacement instead',
      decidedBy: 'bob',
    });
    expect(await refusal(core.handle('refund.approve', { refundId: asked.id }, bob))).toMatchObject({
      code: 'conflict',
      message: /is rejected/,
    });
    expect((await auditOf(store, settled)).at(-1)).toEqual({
      action: 'refund.rejected',
      actor: 'bob',
      detail: expect.objectContaining({ reason: 'Offer a replacement instead', preparedBy: 'alice' }),
    });
    expect(
      (
        await core.handle(
          'refund.request',
          { transactionId: settled, amount: usd(25000), reason: 'Replacement refused' },
          alice,
        )
      ).state,
    ).toBe('requested');
  });

  it('keeps the reasons with the card data people typed into them masked', async () => {
    const { core, settled } = await setUp();
    const asked = await core.handle(
      'refund.request',
      { transactionId: settled, amount: usd(25000), reason: 'Refund to card 5555 5555 5555 4444, csc=123' },
      alice,
    );
    expect(asked.reason).toBe('Refund to card ************4444, csc=***');
    const rejected = await core.handle(
      'refund.reject',
      { refundId: asked.id, reason: 'Never to 5555_5555_5555_4444' },
      bob,
    );
    expect(rejected).toMatchObject({
      reason: 'Refund to card ************4444, csc=***',
      decisionReason: 'Never to ************4444',
    });
  });

  it('a refund PayTrace refuses is failed with its message and moves nothing', async () => {
    const { store, core, pt, settled } = await setUp();
    const asked = await core.handle(
      'refund.request',
      { transactionId: settled, amount: usd(25000), reason: 'Full refund' },
      alice,
    );
    // Someone refunded part of it in PayTrace's own screens meanwhile; ClearDesk has not synced since.
    await pt.client.refundForTransaction({ transactionId: settled, amount: usd(100) });
    const done = await core.handle('refund.approve', { refundId: asked.id }, bob);
    expect(done).toMatchObject({
      state: 'failed',
      paytraceTransactionId: null,
      error: expect.stringMatching(/^PayTrace refund of transaction \d+/),
    });
    expect(refundsAtPayTrace(pt, settled).map((r) => r.minor)).toEqual([100]);
    expect((await auditOf(store, settled)).at(-1)).toMatchObject({
      action: 'refund.failed',
      actor: 'bob',
      detail: { outcome: 'refused' },
    });
  });
});
