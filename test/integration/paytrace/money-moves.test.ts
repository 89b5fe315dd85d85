// A refund, void or capture whose answer is lost is looked up at PayTrace, never sent twice blind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMoney } from '../../../shared/money';
import { PayTraceError } from '../../../electron/connectors/paytrace';
import type { ScenarioPaymentOp } from '../../../electron/sandbox/scenario/types';
import { clientFor, type Harness, harness } from './helpers';

const sale = (key: string, at: string, amount: string, op: 'sale' | 'authorize' = 'sale'): ScenarioPaymentOp => ({
  op,
  key,
  at,
  amount,
  invoice_id: `INV-${key}`,
  customer_reference_id: '',
  description: '',
  customer_id: '',
  billing_name: 'Acme Supply',
  email: '',
  card: 'visa',
});

describe('money-moving calls after a lost answer', () => {
  let h: Harness;
  let settledSale: number;
  let openSale: number;
  let auth: number;

  beforeEach(async () => {
    h = await harness({ start: '2025-03-10T23:00:00Z' });
    const sim = h.sandbox.sim;
    settledSale = sim.apply(sale('s1', '2025-03-10T16:00:00Z', '250.00'));
    sim.apply({ op: 'settle', key: 'b1', at: '2025-03-10T17:00:00Z' });
    openSale = sim.apply(sale('s2', '2025-03-10T18:00:00Z', '75.50'));
    auth = sim.apply(sale('a1', '2025-03-10T18:30:00Z', '120.00', 'authorize'));
  });
  afterEach(async () => h.sandbox.close());

  const refundsOf = (id: number) =>
    [...h.sandbox.sim.ledger.transactions.values()].filter((t) => t.type === 'REFUND' && t.originalId === id);

  it('a refund PayTrace made but whose answer was lost (connection reset) is found, not repeated', async () => {
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'after', paths: ['/v1/transactions/refund'] });
    const r = await h.client.refundForTransaction({ transactionId: settledSale, amount: parseMoney('100.00', 'USD') });
    expect(r.recovered).toBe(true);
    expect(refundsOf(settledSale).map((t) => [t.id, t.amountMinor])).toEqual([[r.transactionId, 10000]]);
  });

  it('a refund that timed out while PayTrace made it is found, not repeated', async () => {
    h.sandbox.sim.faults.set({ latencyMs: 1500, paths: ['/v1/transactions/refund'] });
    const impatient = clientFor(h.sandbox, h.clock, { timeoutMs: 400 });
    const r = await impatient.refundForTransaction({ transactionId: settledSale });
    expect(r.recovered).toBe(true);
    h.sandbox.sim.faults.reset();
    expect(refundsOf(settledSale).map((t) => t.amountMinor)).toEqual([25000]);
  }, 20_000);

  it('a refund dropped before PayTrace saw it is sent again once', async () => {
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'before', paths: ['/v1/transactions/refund'] });
    const r = await h.client.refundForTransaction({ transactionId: settledSale, amount: parseMoney('10.00', 'USD') });
    expect(r.recovered).toBe(false);
    expect(refundsOf(settledSale)).toHaveLength(1);
  });

  it('a second partial refund of the same amount is a new refund, not mistaken for the first', async () => {
    await h.client.refundForTransaction({ transactionId: settledSale, amount: parseMoney('20.00', 'USD') });
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'after', paths: ['/v1/transactions/refund'] });
    const second = await h.client.refundForTransaction({
      transactionId: settledSale,
      amount: parseMoney('20.00', 'USD'),
    });
    expect(second.recovered).toBe(true);
    expect(refundsOf(settledSale).map((t) => t.id)).toEqual([expect.any(Number), second.transactionId]);
  });

  it('a void and a capture whose answers were lost are confirmed by export/by_id', async () => {
    h.sandbox.sim.faults.set({
      resetNext: 2,
      resetPhase: 'after',
      paths: ['/v1/transactions/void', '/v1/transactions/authorization/capture'],
    });
    const v = await h.client.voidTransaction(openSale);
    const c = await h.client.capture({ transactionId: auth, amount: parseMoney('100.00', 'USD') });
    expect([v.recovered, c.recovered]).toEqual([true, true]);
    expect(h.sandbox.sim.ledger.transactions.get(openSale)!.state).toBe('voided');
    expect(h.sandbox.sim.ledger.transactions.get(auth)!).toMatchObject({ state: 'pending', amountMinor: 10000 });
  });

  it('refunding an unsettled sale says to void it instead (817)', async () => {
    const e = await h.client.refundForTransaction({ transactionId: openSale }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PayTraceError);
    expect(e).toMatchObject({ kind: 'validation', codes: ['817'], httpStatus: 400 });
    expect((e as Error).message).toMatch(/Only settled transactions can be refunded\. Please try to void/);
  });

  it('refunds never exceed the sale', async () => {
    await h.client.refundForTransaction({ transactionId: settledSale, amount: parseMoney('200.00', 'USD') });
    const e = await h.client
      .refundForTransaction({ transactionId: settledSale, amount: parseMoney('50.01', 'USD') })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'validation' });
    const full = await h.client.refundForTransaction({ transactionId: settledSale });
    expect(h.sandbox.sim.ledger.transactions.get(full.transactionId)!.amountMinor).toBe(5000);
  });
});
