// A business day of 5,000+ transactions exported completely and exactly once while the
// gateway throttles, fails, drops connections and expires tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentTransaction } from '../../../shared/domain';
import { generateBusinessDay, type SimTransaction } from '../../../electron/sandbox/paytrace';
import { cardNumbersIn, type Harness, harness } from './helpers';

const DAY = '2025-03-10';

describe('a busy business day exported under faults', () => {
  let h: Harness;
  let result: Awaited<ReturnType<Harness['client']['fetchTransactions']>>;
  let elapsedMs = 0;

  beforeAll(async () => {
    h = await harness({ sandbox: { seed: 20250310, exportCap: 2000 }, client: { exportCap: 2000 } });
    for (const op of generateBusinessDay({
      seed: 20250310,
      date: DAY,
      transactions: 5200,
      settlements: ['11:00', '15:30'],
    }))
      h.sandbox.sim.apply(op);
    h.clock.set('2025-03-11T06:30:00Z'); // 23:30 in Los Angeles: the 20:00 batch has closed
    h.sandbox.sim.faults.set({
      throttleNext: 3,
      throttleRate: 0.05,
      throttleBurst: 2,
      retryAfterSeconds: 1,
      errorRates: { 503: 0.15 },
      resetRate: 0.1,
      resetNext: 1,
      badGatewayRate: 0.05,
      truncateExportRate: 0.1,
      tokenMaxCalls: 4,
    });
    const started = Date.now();
    result = await h.client.fetchTransactions({ from: DAY, to: DAY });
    elapsedMs = Date.now() - started;
  }, 60_000);

  afterAll(async () => h?.sandbox.close());

  const ledger = (): SimTransaction[] => [...h.sandbox.sim.ledger.transactions.values()];

  it('had a day worth testing: 5,000+ transactions, several batches, faults that actually fired', () => {
    const sim = h.sandbox.sim;
    expect(sim.ledger.transactions.size).toBeGreaterThanOrEqual(5000);
    expect(sim.ledger.batches.length).toBeGreaterThanOrEqual(3);
    const states = new Set(ledger().map((t) => `${t.type}/${t.state}`));
    for (const s of [
      'SALE/settled',
      'SALE/declined',
      'SALE/voided',
      'REFUND/settled',
      'SALE/pending',
      'AUTHORIZATION/authorized',
    ])
      expect(states).toContain(s);
    const { stats } = sim.faults;
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.statusErrors + stats.badGateway).toBeGreaterThan(0);
    expect(stats.resetsBefore + stats.resetsAfter).toBeGreaterThan(0);
    console.info(
      `exported ${result.transactions.length} transactions in ${elapsedMs} ms, ${h.client.exportCalls} export calls; faults ${JSON.stringify(stats)}`,
    );
  });

  it('returns every transaction exactly once and rejects none', () => {
    expect(result.rejected).toEqual([]);
    const ids = result.transactions.map((t) => t.source.transaction_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(
      ledger()
        .map((t) => t.id)
        .sort((a, b) => a - b),
    );
  });

  it('agrees with the gateway on each settlement batch: count and total', () => {
    const mine = new Map<number, { count: number; sales: number; refunds: number }>();
    for (const t of result.transactions.filter((x) => x.status === 'settled')) {
      const b = mine.get(t.batch!) ?? { count: 0, sales: 0, refunds: 0 };
      b.count += 1;
      if (t.kind === 'refund') b.refunds += t.amount.minor;
      else b.sales += t.amount.minor;
      mine.set(t.batch!, b);
    }
    const theirs = new Map(
      h.sandbox.sim.ledger.batches.map((b) => {
        const members = b.transactionIds.map((id) => h.sandbox.sim.ledger.transactions.get(id)!);
        const sum = (type: 'REFUND' | 'OTHER') =>
          members.filter((t) => (type === 'REFUND') === (t.type === 'REFUND')).reduce((a, t) => a + t.amountMinor, 0);
        return [b.number, { count: members.length, sales: sum('OTHER'), refunds: sum('REFUND') }];
      }),
    );
    expect(mine).toEqual(theirs);
  });

  it('reads every status the way the gateway holds it', () => {
    const expected: Record<SimTransaction['state'], PaymentTransaction['status']> = {
      settled: 'settled',
      pending: 'pending',
      voided: 'voided',
      declined: 'declined',
      authorized: 'authorized',
    };
    const byId = new Map(result.transactions.map((t) => [t.source.transaction_id, t]));
    for (const t of ledger()) {
      const mine = byId.get(t.id)!;
      expect(mine.status).toBe(expected[t.state]);
      expect(mine.amount.minor).toBe(t.amountMinor);
      expect(mine.batch).toBe(t.batch);
      expect(mine.kind).toBe(
        t.type === 'REFUND'
          ? 'refund'
          : t.type === 'SALE'
            ? 'sale'
            : t.state === 'pending' || t.state === 'settled'
              ? 'capture'
              : 'authorization',
      );
    }
  });

  it('carries no card numbers, only masks', () => {
    expect(cardNumbersIn(result)).toEqual([]);
    expect(result.transactions.every((t) => /^\*{11,15}\d{4}$/.test(t.maskedCard))).toBe(true);
  });
});
