// Damaged records, broken pages and proxy errors end as clear errors or dead-letter entries;
// everything readable still arrives.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PayTraceError } from '../../../electron/connectors/paytrace';
import { generateBusinessDay } from '../../../electron/sandbox/paytrace';
import { clientFor, cardNumbersIn, type Harness, harness } from './helpers';

const DAY = '2025-03-10';

describe('bad input from the gateway', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ sandbox: { seed: 5 } });
    for (const op of generateBusinessDay({ seed: 5, date: DAY, transactions: 400, settlements: ['12:00'] }))
      h.sandbox.sim.apply(op);
    h.clock.set('2025-03-11T06:30:00Z');
  });
  afterEach(async () => h.sandbox.close());

  it('dead-letters malformed records with the transaction and field named, and returns the rest', async () => {
    h.sandbox.sim.faults.set({ malformedRate: 0.05 });
    const total = h.sandbox.sim.ledger.transactions.size;
    const { transactions, rejected } = await h.client.fetchTransactions({ from: DAY, to: DAY });
    expect(rejected.length).toBeGreaterThan(5);
    expect(transactions.length + rejected.length).toBe(total);
    const reasons = new Set(
      rejected.map((r) => r.error.replace(/^PayTrace transaction (?:\(no transaction_id\)|\d+): (\S+).*$/, '$1')),
    );
    expect(reasons).toEqual(new Set(['transaction_id', 'amount', 'status_code']));
    const noId = rejected.find((r) => r.transactionId === null)!;
    expect(noId.error).toMatch(/^PayTrace transaction \(no transaction_id\): transaction_id/);
    const threeDecimals = rejected.find((r) => /amount .*has 3 decimals; the currency allows 2/.test(r.error));
    expect(threeDecimals?.transactionId).toEqual(expect.any(Number));
    expect(rejected.some((r) => /amount "abc" is not a USD amount/.test(r.error))).toBe(true);
    expect(rejected.some((r) => /status_code "Q" is not a known status/.test(r.error))).toBe(true);
    // A record that carried a full card number is accepted, masked.
    expect(cardNumbersIn({ transactions, rejected })).toEqual([]);
  });

  it('retries through an HTML 502 and says what it saw when it persists', async () => {
    h.sandbox.sim.faults.set({ badGatewayRate: 1 });
    const impatient = clientFor(h.sandbox, h.clock, {}, { maxAttempts: 2 });
    const e = await impatient.fetchTransactions({ from: DAY, to: DAY }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PayTraceError);
    expect(e).toMatchObject({ kind: 'unavailable', httpStatus: 502 });
    expect((e as Error).message).toMatch(/non-JSON page \("502 Bad Gateway"\)/);
    h.sandbox.sim.faults.set({ badGatewayRate: 0.4 });
    const ok = await h.client.fetchTransactions({ from: DAY, to: DAY });
    expect(ok.transactions).toHaveLength(h.sandbox.sim.ledger.transactions.size);
  });

  it('re-asks for truncated and empty pages, and fails clearly when they never come whole', async () => {
    h.sandbox.sim.faults.set({ truncateNext: 2, emptyNext: 2 });
    const ok = await h.client.fetchTransactions({ from: DAY, to: DAY });
    expect(ok.transactions).toHaveLength(h.sandbox.sim.ledger.transactions.size);
    expect(h.sandbox.sim.faults.stats).toMatchObject({ truncated: 2, empty: 2 });

    h.sandbox.sim.faults.set({ truncateExportRate: 1, emptyExportRate: 0 });
    const impatient = clientFor(h.sandbox, h.clock, {}, { maxAttempts: 2 });
    const e = await impatient.fetchTransactions({ from: DAY, to: DAY }).catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'protocol' });
    expect((e as Error).message).toMatch(/cut short and cannot be split further; records may be missing/);
  });

  it('says the credentials are wrong, without repeating them', async () => {
    const wrong = clientFor(h.sandbox, h.clock, { password: 'Sup3r-Secret-Passw0rd' });
    const e = await wrong.fetchTransactions({ from: DAY, to: DAY }).catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'auth', codes: ['invalid_grant'] });
    expect((e as Error).message).toMatch(/rejected the API user name or password/);
    expect(JSON.stringify(e)).not.toContain('Sup3r-Secret-Passw0rd');
    expect(String((e as Error).stack)).not.toContain('Sup3r-Secret-Passw0rd');
    expect((e as Error).cause).toBeUndefined();
  });

  it('does not leak credentials when the network fails', async () => {
    await h.sandbox.close();
    const c = clientFor(h.sandbox, h.clock, { password: 'Sup3r-Secret-Passw0rd' }, { maxAttempts: 1 });
    const e = await c.exportById(1).catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'unavailable' });
    expect((e as Error).message).toMatch(/could not reach PayTrace \(ECONNREFUSED/);
    expect(JSON.stringify(e) + String((e as Error).stack)).not.toMatch(/Sup3r|Bearer|password=/);
  });
});
