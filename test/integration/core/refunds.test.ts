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
import type { OpenItem } from '../../../shared/domain';
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

/** SAP with Acme's invoice 90001234 of 250.00, which the settled sale pays, and what `more` adds. */
function fakeSap(posted: FiDocument[], more: OpenItem[]): ErpSystem {
  return {
    listCustomers: async () => [customer('0000100001', 'Acme Supply')],
    getOpenItems: async () => [openItem('1800000001', '0000100001', 25000, '90001234'), ...more],
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
    sapItems: OpenItem[];
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
    const sapItems: OpenItem[] = [];
    const core = new Core({
      store: store.repos,
      gateway: { fetchTransactions: (range) => client.fetchTransactions(range) },
      refunds: payTraceRefunds(client),
      erp: fakeSap(posted, sapItems),
      companyCodes: ['1000'],
      matcher: (input) => matchPayments(input, DEFAULT_RULES),
      buildDocument: createDocumentBuilder({ rules: await loadGlRules(), assignmentFrom: 'invoice' }),
      clock: { now: () => new Date(clock.now()) },
      session: { sandbox: true, dataDir: '/tmp', version: 'test' },
    });
    await core.sync({ since: '2025-03-09' });
    return { store, core, pt, settled, unsettled, posted, sapItems };
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
    const { store, core, pt, settled, posted, sapItems } = await setUp();
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
    // sale's customer. The sale paid its invoice in full, so the refund has no credit to clear
    // yet: approving it now is refused with what to do, and nothing is posted.
    await core.sync();
    const row = (await core.handle('queue.list', {}, alice)).find(
      (r) => r.transactionId === done.paytraceTransactionId,
    );
    expect(row).toMatchObject({ kind: 'refund', amount: usd(10000), queueState: 'review' });
    expect(row!.proposal).toMatchObject({ customer: '0000100001', companyCode: '1000', tier: 'suggest' });
    expect(row!.proposal!.reasons[0]).toMatch(
      new RegExp(
        `^refund of sale ${settled} \\(invoice 90001234\\) of 250\\.00 USD.*: ClearDesk's refund request ${asked.id} \\(100\\.00 USD\\), prepared by alice, approved by bob$`,
      ),
    );
    // Not a confident suggestion while nothing is open to pay out: the queue says so, not only the refusal.
    expect(row!.proposal!.confidence).toBeLessThanOrEqual(0.3);
    expect(row!.proposal!.reasons.join(' ')).toMatch(/no open credit of 0000100001 .* to pay out/);
    const approve = () =>
      core.handle('proposal.approve', { transactionId: row!.transactionId, proposalId: row!.proposal!.id }, alice);
    const before = posted.length;
    // A bulk approval says so before it is sent, rather than promise a posting that is refused.
    const bulk = () => core.handle('proposals.bulkPreview', { transactionIds: [row!.transactionId] }, alice);
    expect(await bulk()).toMatchObject({
      count: 1,
      post: 0,
      blocked: 1,
      totals: [],
      cannotApprove: [
        { reason: 'a refund its open credits in SAP do not cover: open it to see what is missing', count: 1 },
      ],
    });
    expect(await refusal(approve())).toEqual({
      code: 'conflict',
      message: expect.stringMatching(
        /has no open credit of customer 0000100001 in company code 1000 .*credit memo for invoice 90001234.*100\.00 USD would stay an open debit/,
      ),
    });
    expect(posted).toHaveLength(before);
    // The credit memo for 100.00 is posted in SAP; the next sync matches the refund to it again, and it clears
    // against it.
    sapItems.push({ ...openItem('1700000001', '0000100001', -10000, '90001234'), documentType: 'DG' });
    await core.sync();
    const again = (await core.handle('queue.detail', { transactionId: row!.transactionId }, alice)).row;
    expect(again.proposal!.id).not.toBe(row!.proposal!.id);
    expect(again.proposal!.items).toEqual([
      expect.objectContaining({ docNo: '1700000001', amount: { minor: -10000, currency: 'USD' } }),
    ]);
    expect(again.proposal!.reasons.join(' ')).not.toMatch(/no open credit/);
    // Now it can be approved in bulk too, and the total it moves is money out.
    expect(await bulk()).toMatchObject({
      post: 1,
      blocked: 0,
      totals: [{ companyCode: '1000', currency: 'USD', count: 1, amount: usd(-10000) }],
    });
    const posting = await core.handle(
      'proposal.approve',
      { transactionId: row!.transactionId, proposalId: again.proposal!.id },
      alice,
    );
    expect(posting.state).toBe('posted');
    const lines = posted.at(-1)!;
    expect(lines.ACCOUNTRECEIVABLE).toEqual([
      expect.objectContaining({ CUSTOMER: '0000100001', ALLOC_NMBR: '90001234' }),
    ]);
    expect(lines.CURRENCYAMOUNT.map((c) => c.AMT_DOCCUR).sort()).toEqual(['-100.00', '100.00']);
    // Not counted twice once the refund is in the store too.
    expect((await core.handle('queue.detail', { transactionId: settled }, alice)).refundable).toEqual(usd(15000));
    expect(await core.handle('refunds.list', { states: ['refunded'] }, bob)).toEqual([done]);
  });

  it('a refund made at PayTrace itself, synced after its sale, names the sale and its customer', async () => {
    const { core, pt, settled } = await setUp();
    // Someone refunds 40.00 in PayTrace's own screens; the sale came in on an earlier sync.
    const refundId = pt.sandbox.sim.apply({
      op: 'refund',
      key: 'r1',
      at: '2025-03-10T22:00:00Z',
      ref: 's1',
      amount: '40.00',
    });
    await core.sync();
    const row = (await core.handle('queue.list', {}, alice)).find((r) => r.transactionId === refundId);
    expect(row).toMatchObject({ kind: 'refund', queueState: 'review' });
    // The customer the sale's proposal decided, in its company code (nothing of the customer is open any more).
    expect(row!.proposal).toMatchObject({ customer: '0000100001', companyCode: '1000', tier: 'suggest' });
    expect(row!.proposal!.reasons[0]).toMatch(
      new RegExp(`^refund of sale ${settled} \\(invoice 90001234\\) of 250\\.00 USD`),
    );
    expect(row!.proposal!.reasons.join(' ')).toMatch(/no open credit of 0000100001/);
    // Each detail links the other, and what is left to refund counts it, though PayTrace's export names no sale.
    const sale = await core.handle('queue.detail', { transactionId: settled }, alice);
    expect(sale.related).toEqual([
      expect.objectContaining({ transactionId: refundId, kind: 'refund', amount: usd(4000), queueState: 'review' }),
    ]);
    expect(sale.refundable).toEqual(usd(21000));
    const refund = await core.handle('queue.detail', { transactionId: refundId }, alice);
    expect(refund.related).toEqual([
      expect.objectContaining({ transactionId: settled, kind: 'sale', amount: usd(25000) }),
    ]);
    // The approver of a further request sees what PayTrace refunded before it: 210.00 of 250.00 was left.
    const asked = await core.handle(
      'refund.request',
      { transactionId: settled, amount: usd(5000), reason: 'Second chair returned' },
      alice,
    );
    const [waiting] = await core.handle('refunds.list', { states: ['requested'] }, bob);
    expect(waiting).toMatchObject({ id: asked.id, sale: { amount: usd(25000), leftBesides: usd(21000) } });
  });

  it('two refunds and one credit memo: the one whose match does not pay it out is refused, not posted as a debit', async () => {
    const { core, pt, posted, sapItems } = await setUp();
    const first = pt.sandbox.sim.apply({
      op: 'refund',
      key: 'r1',
      at: '2025-03-10T21:00:00Z',
      ref: 's1',
      amount: '100.00',
    });
    const second = pt.sandbox.sim.apply({
      op: 'refund',
      key: 'r2',
      at: '2025-03-10T22:00:00Z',
      ref: 's1',
      amount: '50.00',
    });
    sapItems.push({ ...openItem('1700000001', '0000100001', -10000, '90001234'), documentType: 'DG' });
    await core.sync();
    const rows = await core.handle('queue.list', {}, alice);
    const proposalOf = (id: number) => rows.find((r) => r.transactionId === id)!.proposal!;
    // The matcher gives the credit memo to the first refund, and says the second has none left.
    expect(proposalOf(first).items.map((i) => i.docNo)).toEqual(['1700000001']);
    expect(proposalOf(second).items).toEqual([]);
    expect(proposalOf(second).reasons.join(' ')).toMatch(/no open credit of 0000100001/);
    const approve = (id: number) =>
      core.handle('proposal.approve', { transactionId: id, proposalId: proposalOf(id).id }, alice);
    const before = posted.length;
    // Approving the second would take the memo the first's match pays out: refused, as its preview says.
    const detail = await core.handle('queue.detail', { transactionId: second }, alice);
    expect(detail.preview).toBeNull();
    expect(detail.previewProblem).toMatch(/has no open credit of customer 0000100001 in company code 1000/);
    expect(await refusal(approve(second))).toEqual({
      code: 'conflict',
      message: expect.stringMatching(/has no open credit of customer 0000100001/),
    });
    expect(posted).toHaveLength(before);
    expect((await approve(first)).state).toBe('posted');
    expect(posted).toHaveLength(before + 1);
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
    // No money moved: nothing more to give back.
    expect(
      await refusal(
        core.handle('refund.request', { transactionId: unsettled, amount: usd(7550), reason: 'Again' }, alice),
      ),
    ).toEqual({ code: 'conflict', message: `Sale ${unsettled} is voided at PayTrace; there is no money to refund.` });
  });

  it('an unsettled sale whose void waits is not posted meanwhile; a settled sale with a refund waiting is', async () => {
    const { core, posted, settled, unsettled } = await setUp();
    const rows = await core.handle('queue.list', {}, alice);
    const proposalOf = (id: number) => rows.find((r) => r.transactionId === id)!.proposal!;
    expect(proposalOf(unsettled).companyCode).toBe('1000');
    const voiding = await core.handle(
      'refund.request',
      { transactionId: unsettled, amount: usd(7550), reason: 'Order cancelled the same day' },
      alice,
    );
    await core.handle(
      'refund.request',
      { transactionId: settled, amount: usd(5000), reason: 'One chair returned' },
      alice,
    );

    const approve = (id: number) =>
      core.handle('proposal.approve', { transactionId: id, proposalId: proposalOf(id).id }, alice);
    expect(await refusal(approve(unsettled))).toEqual({
      code: 'conflict',
      message: `Refund request ${voiding.id} of 75.50 USD for sale ${unsettled}, by alice, waits for an approver: approved before the sale settles, PayTrace voids the whole sale, so it is not posted to SAP meanwhile. Decide the refund first (Refunds).`,
    });
    expect(posted).toEqual([]);
    // A settled sale's refund is money of its own, posted apart: the sale posts.
    expect(await approve(settled)).toMatchObject({ state: 'posted' });

    // Once the void is rejected, the sale is posted as usual.
    await core.handle('refund.reject', { refundId: voiding.id, reason: 'The customer kept the order' }, bob);
    expect(await approve(unsettled)).toMatchObject({ state: 'posted' });
    expect(posted).toHaveLength(2);
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

  const REFUND_PATH = ['/v1/transactions/refund'];
  const refundsWithReferences = (p: Harness, saleId: number) =>
    [...p.sandbox.sim.ledger.transactions.values()]
      .filter((t) => t.type === 'REFUND' && t.originalId === saleId)
      .map((t) => ({ id: t.id, minor: t.amountMinor, reference: t.customerReferenceId }));

  /**
   * PayTrace makes the refund but the answer is lost, and its export does not show the refund yet
   * (exports lag), so the look-up right after the send cannot find it: outcome unknown.
   */
  async function lostAndNotYetExported() {
    const s = await setUp();
    const asked = await s.core.handle(
      'refund.request',
      { transactionId: s.settled, amount: usd(4000), reason: 'Late delivery credit' },
      alice,
    );
    s.pt.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'after', paths: REFUND_PATH, exportLagMs: 120_000 });
    const unknown = await s.core.handle('refund.approve', { refundId: asked.id }, bob);
    expect(s.pt.sandbox.sim.faults.stats.resetsAfter).toBe(1);
    return { ...s, asked, unknown };
  }

  it('a refund made at PayTrace whose answer was lost and which the look-up cannot see yet is visibly of unknown outcome', async () => {
    const { store, core, pt, settled, asked, unknown } = await lostAndNotYetExported();
    expect(unknown).toMatchObject({
      state: 'unknown',
      paytraceTransactionId: null,
      attempt: 1,
      operation: 'refund',
      sentBy: 'bob',
      reference: expect.stringMatching(new RegExp(`^CDR${asked.id}-[0-9A-HJKMNP-TV-Z]{5}$`)),
    });
    expect(unknown.error).toMatch(
      /show none with reference CDR\d+-\w{5}\. It may have been done: nothing was sent again\./,
    );
    expect(unknown.checks.join(' ')).toContain(`customer reference ${unknown.reference}`);
    // PayTrace did make it, once, with ClearDesk's reference on it.
    expect(refundsWithReferences(pt, settled)).toEqual([
      { id: expect.any(Number), minor: 4000, reference: unknown.reference },
    ]);
    expect((await auditOf(store, settled)).at(-1)).toMatchObject({
      action: 'refund.unknown',
      actor: 'bob',
      detail: { outcome: 'unknown', reference: unknown.reference, attempt: 1 },
    });
    // Still in progress: nothing more of the sale can be asked back until it is resolved, and the
    // preparer cannot send it again (four eyes), nor can anyone confirm it while PayTrace is silent.
    expect(
      await refusal(
        core.handle('refund.request', { transactionId: settled, amount: usd(1000), reason: 'More' }, carol),
      ),
    ).toMatchObject({ code: 'conflict', message: /already has refund request \d+ \(unknown/ });
    expect(
      await refusal(core.handle('refund.resend', { refundId: asked.id, reason: 'Nothing in PayTrace' }, alice)),
    ).toMatchObject({ code: 'forbidden' });
    expect(await core.handle('refunds.list', { states: ['unknown'] }, bob)).toEqual([unknown]);
  });

  it('the next sync finds the lost refund by its reference and records it: one refund at PayTrace', async () => {
    const { store, core, pt, settled, asked, unknown } = await lostAndNotYetExported();
    await core.sync();
    expect((await core.handle('refunds.list', {}, bob))[0]!.state).toBe('unknown');

    pt.clock.advance(120_000); // the export shows it now
    await core.sync();
    const [made] = refundsWithReferences(pt, settled);
    const [resolved] = await core.handle('refunds.list', {}, bob);
    expect(resolved).toMatchObject({
      id: asked.id,
      state: 'refunded',
      paytraceTransactionId: made!.id,
      reference: unknown.reference,
      error: null,
      checks: [],
    });
    expect(refundsWithReferences(pt, settled)).toEqual([{ id: made!.id, minor: 4000, reference: unknown.reference }]);
    expect((await auditOf(store, settled)).at(-1)).toMatchObject({
      action: 'refund.resolved',
      actor: 'sync',
      detail: { refundId: asked.id, from: 'unknown', paytraceTransactionId: made!.id },
    });
    expect((await core.handle('queue.detail', { transactionId: settled }, alice)).refundable).toEqual(usd(21000));
  });

  it('"send again" looks the reference up first: a refund PayTrace made is recorded, never made twice', async () => {
    const { store, core, pt, settled, asked, unknown } = await lostAndNotYetExported();
    pt.clock.advance(120_000);
    const requests = pt.sandbox.sim.faults.stats.requests;
    const done = await core.handle(
      'refund.resend',
      { refundId: asked.id, reason: 'Checked PayTrace at 15:05, saw no refund' },
      carol,
    );
    const [made] = refundsWithReferences(pt, settled);
    expect(done).toMatchObject({ state: 'refunded', paytraceTransactionId: made!.id, attempt: 1 });
    expect(refundsWithReferences(pt, settled)).toEqual([{ id: made!.id, minor: 4000, reference: unknown.reference }]);
    expect(pt.sandbox.sim.faults.stats.requests).toBeGreaterThan(requests);
    expect((await auditOf(store, settled)).at(-1)).toMatchObject({
      action: 'refund.resolved',
      actor: 'carol',
      detail: { paytraceTransactionId: made!.id, how: expect.stringMatching(/nothing was sent$/) },
    });
  });

  it('"PayTrace shows it refunded": the id a person gives is checked at PayTrace before it is recorded', async () => {
    const { store, core, pt, settled, unsettled, asked } = await lostAndNotYetExported();
    pt.clock.advance(120_000);
    const [made] = refundsWithReferences(pt, settled);
    expect(
      await refusal(
        core.handle(
          'refund.confirm',
          { refundId: asked.id, paytraceTransactionId: unsettled, reason: 'Sale in PayTrace' },
          bob,
        ),
      ),
    ).toMatchObject({ code: 'conflict', message: /is a sale, not a refund\. Nothing was changed\./ });
    expect(
      await refusal(
        core.handle(
          'refund.confirm',
          { refundId: asked.id, paytraceTransactionId: 999999999, reason: 'Typed wrong' },
          bob,
        ),
      ),
    ).toMatchObject({ code: 'not_found' });
    const done = await core.handle(
      'refund.confirm',
      {
        refundId: asked.id,
        paytraceTransactionId: made!.id,
        reason: 'PayTrace lists a refund of 40.00 with our reference',
      },
      bob,
    );
    expect(done).toMatchObject({ state: 'refunded', paytraceTransactionId: made!.id });
    expect(refundsWithReferences(pt, settled)).toHaveLength(1);
    expect((await auditOf(store, settled)).at(-1)).toMatchObject({
      action: 'refund.confirmed',
      actor: 'bob',
      detail: {
        paytraceTransactionId: made!.id,
        reason: 'PayTrace lists a refund of 40.00 with our reference',
        checked: expect.stringContaining(`with reference ${done.reference}`),
      },
    });
  });

  it('a refund PayTrace never received stays unknown until a second approver sends it again, with a new reference', async () => {
    const { store, core, pt, settled } = await setUp();
    const asked = await core.handle(
      'refund.request',
      { transactionId: settled, amount: usd(4000), reason: 'Late delivery credit' },
      alice,
    );
    pt.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'before', paths: REFUND_PATH });
    const unknown = await core.handle('refund.approve', { refundId: asked.id }, bob);
    expect(unknown).toMatchObject({ state: 'unknown', attempt: 1 });
    expect(pt.sandbox.sim.faults.stats.resetsBefore).toBe(1);
    expect(refundsWithReferences(pt, settled)).toEqual([]);

    // A sync sees no refund with the reference: the request waits for a person, nothing is sent.
    pt.clock.advance(15 * 60_000);
    await core.sync();
    expect((await core.handle('refunds.list', {}, bob))[0]).toMatchObject({ state: 'unknown', attempt: 1 });
    expect(refundsWithReferences(pt, settled)).toEqual([]);

    expect(await refusal(core.handle('refund.resend', { refundId: asked.id, reason: 'x' }, bob))).toMatchObject({
      code: 'invalid_request',
    });
    const done = await core.handle(
      'refund.resend',
      { refundId: asked.id, reason: 'No refund of 40.00 in PayTrace since the approval' },
      bob,
    );
    expect(done).toMatchObject({
      state: 'refunded',
      attempt: 2,
      sentBy: 'bob',
      reference: `${unknown.reference}-2`,
      error: null,
    });
    expect(refundsWithReferences(pt, settled)).toEqual([
      { id: done.paytraceTransactionId, minor: 4000, reference: `${unknown.reference}-2` },
    ]);
    expect((await auditOf(store, settled)).map((a) => a.action)).toEqual([
      'refund.requested',
      'refund.approved',
      'refund.unknown',
      'refund.resent',
      'refund.sent',
    ]);
    // Once refunded it cannot be sent again.
    expect(
      await refusal(core.handle('refund.resend', { refundId: asked.id, reason: 'Once more please' }, carol)),
    ).toMatchObject({ code: 'conflict' });
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
    const again = await core.handle(
      'refund.request',
      { transactionId: settled, amount: usd(25000), reason: 'Replacement refused' },
      alice,
    );
    expect(again.state).toBe('requested');
    // Its preparer may withdraw it: the trail says withdrawn, with her reason.
    await core.handle('refund.reject', { refundId: again.id, reason: 'Customer took the replacement' }, alice);
    expect((await auditOf(store, settled)).at(-1)).toEqual({
      action: 'refund.withdrawn',
      actor: 'alice',
      detail: expect.objectContaining({ reason: 'Customer took the replacement', preparedBy: 'alice' }),
    });
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
    await pt.client.refundForTransaction({ transactionId: settled, amount: usd(100), reference: 'BY-HAND-1' });
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
