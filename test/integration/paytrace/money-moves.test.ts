// A refund, void or capture whose answer is lost is looked up at PayTrace, over real HTTP against
// the simulator. A refund carries ClearDesk's reference in customer_reference_id and is looked up
// by it; refunds and voids are never sent a second time by the client, whatever the look-up finds:
// when it cannot tell, the outcome is unknown (an ambiguous PayTraceError) for a person to settle.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMoney } from '../../../shared/money';
import { PayTraceError, payTraceRefunds } from '../../../electron/connectors/paytrace';
import { GatewayRefusal } from '../../../shared/ports';
import type { ScenarioPaymentOp } from '../../../electron/sandbox/scenario/types';
import { clientFor, type Harness, harness } from './helpers';

const sale = (key: string, at: string, amount: string, op: 'sale' | 'authorize' = 'sale'): ScenarioPaymentOp => ({
  op,
  key,
  at,
  amount,
  invoice_id: `INV-${key}`,
  customer_reference_id: `PO-${key}`,
  description: `Order ${key}`,
  customer_id: '',
  billing_name: 'Acme Supply',
  email: '',
  card: 'visa',
});

const REFUND_PATH = ['/v1/transactions/refund'];

describe('money-moving calls after a lost answer', () => {
  let h: Harness;
  let settledSale: number;
  let openSale: number;
  let auth: number;

  const setUp = async (sandbox: { refundTakesReferences?: boolean } = {}) => {
    h = await harness({ start: '2025-03-10T23:00:00Z', sandbox });
    const sim = h.sandbox.sim;
    settledSale = sim.apply(sale('s1', '2025-03-10T16:00:00Z', '250.00'));
    sim.apply({ op: 'settle', key: 'b1', at: '2025-03-10T17:00:00Z' });
    openSale = sim.apply(sale('s2', '2025-03-10T18:00:00Z', '75.50'));
    auth = sim.apply(sale('a1', '2025-03-10T18:30:00Z', '120.00', 'authorize'));
  };
  beforeEach(async () => setUp());
  afterEach(async () => h.sandbox.close());

  const refundsOf = (id: number) =>
    [...h.sandbox.sim.ledger.transactions.values()].filter((t) => t.type === 'REFUND' && t.originalId === id);
  const refundRequests = () => h.sandbox.sim.faults.stats;
  const lost = (e: unknown) => e instanceof PayTraceError && e.failure.ambiguous;

  it("sends the reference in customer_reference_id; PayTrace's export shows it on the refund, beside the sale's invoice", async () => {
    const r = await h.client.refundForTransaction({
      transactionId: settledSale,
      amount: parseMoney('10.00', 'USD'),
      reference: 'CDR1-K7Q2M',
    });
    expect(r.recovered).toBe(false);
    const record = (await h.client.exportById(r.transactionId)) as Record<string, unknown>;
    expect(record).toMatchObject({
      transaction_type: 'REFUND',
      customer_reference_id: 'CDR1-K7Q2M',
      invoice_id: 'INV-s1',
      amount: 10,
    });
    const found = await h.client.findRefunds(['CDR1-K7Q2M'], { from: h.clock.now(), to: h.clock.now() });
    expect(found.map((t) => [t.source.transaction_id, t.customerReferenceId, t.kind])).toEqual([
      [r.transactionId, 'CDR1-K7Q2M', 'refund'],
    ]);
    // The sale keeps its own customer reference: nothing but the refund carries ClearDesk's.
    expect(await h.client.findRefunds(['PO-s1'], { from: h.clock.now(), to: h.clock.now() })).toEqual([]);
  });

  it('a refund PayTrace made but whose answer was lost (connection reset) is found by its reference, not repeated', async () => {
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'after', paths: REFUND_PATH });
    const r = await h.client.refundForTransaction({
      transactionId: settledSale,
      amount: parseMoney('100.00', 'USD'),
      reference: 'CDR2-AB3CD',
    });
    expect(r.recovered).toBe(true);
    expect(refundsOf(settledSale).map((t) => [t.id, t.amountMinor, t.customerReferenceId])).toEqual([
      [r.transactionId, 10000, 'CDR2-AB3CD'],
    ]);
    expect(refundRequests().resetsAfter).toBe(1);
  });

  it('a refund that timed out while PayTrace made it is found, not repeated', async () => {
    h.sandbox.sim.faults.set({ latencyMs: 1500, paths: REFUND_PATH });
    const impatient = clientFor(h.sandbox, h.clock, { timeoutMs: 400 });
    const r = await impatient.refundForTransaction({ transactionId: settledSale, reference: 'CDR3-AB3CD' });
    expect(r.recovered).toBe(true);
    h.sandbox.sim.faults.reset();
    expect(refundsOf(settledSale).map((t) => t.amountMinor)).toEqual([25000]);
  }, 20_000);

  it('a refund dropped before PayTrace saw it is not sent again: its outcome is unknown', async () => {
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'before', paths: REFUND_PATH });
    const e = await h.client
      .refundForTransaction({ transactionId: settledSale, amount: parseMoney('10.00', 'USD'), reference: 'CDR4-AB3CD' })
      .catch((x: unknown) => x);
    expect(lost(e)).toBe(true);
    expect((e as Error).message).toMatch(
      /the answer was lost \(.+\) and PayTrace's refunds of 2025-03-09\.\.2025-03-11 show none with reference CDR4-AB3CD\. It may have been done: nothing was sent again\./,
    );
    expect(refundsOf(settledSale)).toEqual([]);
    expect(refundRequests().resetsBefore).toBe(1);
  });

  it('a refund PayTrace made whose export lags behind stays unknown, and is found once the export shows it', async () => {
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'after', paths: REFUND_PATH, exportLagMs: 120_000 });
    const e = await h.client
      .refundForTransaction({ transactionId: settledSale, amount: parseMoney('40.00', 'USD'), reference: 'CDR5-AB3CD' })
      .catch((x: unknown) => x);
    expect(lost(e)).toBe(true);
    expect(refundsOf(settledSale).map((t) => t.amountMinor)).toEqual([4000]);
    h.clock.advance(120_000);
    const found = await h.client.findRefunds(['CDR5-AB3CD'], { from: h.clock.now(), to: h.clock.now() });
    expect(found.map((t) => t.source.transaction_id)).toEqual([refundsOf(settledSale)[0]!.id]);
  });

  it('a second partial refund of the same amount is told from the first by its reference', async () => {
    const first = await h.client.refundForTransaction({
      transactionId: settledSale,
      amount: parseMoney('20.00', 'USD'),
      reference: 'CDR6-AB3CD',
    });
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'after', paths: REFUND_PATH });
    const second = await h.client.refundForTransaction({
      transactionId: settledSale,
      amount: parseMoney('20.00', 'USD'),
      reference: 'CDR7-AB3CD',
    });
    expect(second.recovered).toBe(true);
    expect(second.transactionId).not.toBe(first.transactionId);
    expect(refundsOf(settledSale).map((t) => t.id)).toEqual([first.transactionId, second.transactionId]);
  });

  it('a refund found with its reference but of another amount is not taken for this one', async () => {
    await h.client.refundForTransaction({
      transactionId: settledSale,
      amount: parseMoney('5.00', 'USD'),
      reference: 'CDR8-AB3CD',
    });
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'before', paths: REFUND_PATH });
    const e = await h.client
      .refundForTransaction({ transactionId: settledSale, amount: parseMoney('6.00', 'USD'), reference: 'CDR8-AB3CD' })
      .catch((x: unknown) => x);
    expect(lost(e)).toBe(true);
    expect((e as Error).message).toMatch(/has reference CDR8-AB3CD but is of 5\.00 USD, not 6\.00 USD/);
  });

  it('when PayTrace does not keep the reference, the look-up misses and the outcome stays unknown: no second refund', async () => {
    await h.sandbox.close();
    await setUp({ refundTakesReferences: false });
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'after', paths: REFUND_PATH });
    const e = await h.client
      .refundForTransaction({ transactionId: settledSale, amount: parseMoney('30.00', 'USD'), reference: 'CDR9-AB3CD' })
      .catch((x: unknown) => x);
    expect(lost(e)).toBe(true);
    expect(refundsOf(settledSale).map((t) => [t.amountMinor, t.customerReferenceId])).toEqual([[3000, 'PO-s1']]);
  });

  it('the gateway port reports a lost, unresolved refund as a refusal whose outcome is unknown', async () => {
    const gateway = payTraceRefunds(h.client);
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'before', paths: REFUND_PATH });
    const e = await gateway.refund(settledSale, parseMoney('1.00', 'USD'), 'CDR10-AB3CD').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GatewayRefusal);
    expect((e as GatewayRefusal).outcomeUnknown).toBe(true);
    const refused = await gateway.refund(openSale, parseMoney('1.00', 'USD'), 'CDR11-AB3CD').catch((x: unknown) => x);
    expect(refused).toMatchObject({ outcomeUnknown: false, message: expect.stringMatching(/817/) });
  });

  it('a void whose answer was lost is confirmed by the sale it voided', async () => {
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'after', paths: ['/v1/transactions/void'] });
    const v = await h.client.voidTransaction(openSale);
    expect(v).toEqual({ transactionId: openSale, recovered: true });
    expect(h.sandbox.sim.ledger.transactions.get(openSale)!.state).toBe('voided');
  });

  it('a void dropped before PayTrace saw it is not sent again: the sale still pending leaves its outcome unknown', async () => {
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'before', paths: ['/v1/transactions/void'] });
    const e = await h.client.voidTransaction(openSale).catch((x: unknown) => x);
    expect(lost(e)).toBe(true);
    expect((e as Error).message).toMatch(/PayTrace still shows sale \d+ as pending, not voided/);
    expect(h.sandbox.sim.ledger.transactions.get(openSale)!.state).toBe('pending');
  });

  it('a void lost on its way while the sale settled was certainly not done: refused, not unknown', async () => {
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'before', paths: ['/v1/transactions/void'] });
    const voiding = h.client.voidTransaction(openSale).catch((x: unknown) => x);
    h.clock.advance(5 * 3_600_000); // past 20:00 Pacific: tonight's automatic settlement runs before the look-up
    const e = await voiding;
    expect(e).toBeInstanceOf(PayTraceError);
    expect(lost(e)).toBe(false);
    expect(e).toMatchObject({ kind: 'validation' });
    expect((e as Error).message).toMatch(/has settled sale \d+ in batch \d+, so it was not voided: nothing was voided/);
    expect(h.sandbox.sim.ledger.transactions.get(openSale)!.state).toBe('settled');
  });

  it('a capture whose answer was lost is confirmed by export/by_id', async () => {
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'after', paths: ['/v1/transactions/authorization/capture'] });
    const c = await h.client.capture({ transactionId: auth, amount: parseMoney('100.00', 'USD') });
    expect(c.recovered).toBe(true);
    expect(h.sandbox.sim.ledger.transactions.get(auth)!).toMatchObject({ state: 'pending', amountMinor: 10000 });
  });

  it('refunding an unsettled sale says to void it instead (817)', async () => {
    const e = await h.client
      .refundForTransaction({ transactionId: openSale, reference: 'CDR12-AB3CD' })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PayTraceError);
    expect(e).toMatchObject({ kind: 'validation', codes: ['817'], httpStatus: 400 });
    expect((e as Error).message).toMatch(/Only settled transactions can be refunded\. Please try to void/);
  });

  it('refunds never exceed the sale, and a reference PayTrace cannot hold is refused before sending', async () => {
    await h.client.refundForTransaction({
      transactionId: settledSale,
      amount: parseMoney('200.00', 'USD'),
      reference: 'CDR13-AB3CD',
    });
    const e = await h.client
      .refundForTransaction({
        transactionId: settledSale,
        amount: parseMoney('50.01', 'USD'),
        reference: 'CDR14-AB3CD',
      })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'validation' });
    const tooLong = await h.client
      .refundForTransaction({ transactionId: settledSale, reference: `CDR15-${'X'.repeat(50)}` })
      .catch((x: unknown) => x);
    expect(tooLong).toMatchObject({ kind: 'validation', message: expect.stringMatching(/reference of 1 to 50/) });
    const full = await h.client.refundForTransaction({ transactionId: settledSale, reference: 'CDR16-AB3CD' });
    expect(h.sandbox.sim.ledger.transactions.get(full.transactionId)!.amountMinor).toBe(5000);
  });
});
