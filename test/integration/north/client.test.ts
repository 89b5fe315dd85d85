// The North disputes client against the North simulator over real HTTP on loopback: paging to the last page, a
// 429 with Retry-After waited out, a 5xx tried again, an expired token asked for again, a malformed record rejected
// with its reason while the rest are kept, and the simulator refusing a wrong client (401, 404, 400).
import { afterEach, describe, expect, it } from 'vitest';
import { NorthClient } from '../../../electron/connectors/north';
import {
  NORTH_SANDBOX_CLIENT,
  NORTH_SANDBOX_MERCHANT,
  seedNorthCases,
  startNorthSandbox,
  type NorthSimSale,
  type RunningNorthSandbox,
} from '../../../electron/sandbox/north';
import type { PolicyOptions } from '../../../electron/resilience';

const FAST: Partial<PolicyOptions> = {
  baseDelayMs: 5,
  maxDelayMs: 40,
  maxRetryAfterMs: 1_500,
  maxAttempts: 6,
  breaker: { failureThreshold: 20, openMs: 200 },
};

let now = Date.parse('2026-11-30T15:00:00Z');
const clock = () => now;

/** 30 sales on the days before 2026-11-30, card last four and invoice each their own. */
function sales(n = 30): NorthSimSale[] {
  return Array.from({ length: n }, (_, i) => ({
    transactionId: 5000 + i,
    amount: `${100 + i}.${String(i % 100).padStart(2, '0')}`,
    currency: 'USD',
    invoice: `INV-${9000 + i}`,
    date: new Date(Date.parse('2026-11-10T00:00:00Z') + i * 86_400_000 * 0.6).toISOString().slice(0, 10),
    brand: i % 2 === 0 ? 'Visa' : 'MasterCard',
    bin: i % 2 === 0 ? '411111' : '555555',
    last4: String(1000 + i),
    authCode: `A${i}`,
  }));
}

const running: RunningNorthSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  now = Date.parse('2026-11-30T15:00:00Z');
});

async function sandbox(count = 20): Promise<RunningNorthSandbox> {
  const s = await startNorthSandbox({ now: clock });
  s.sim.addCases(seedNorthCases(sales(), { seed: 7, count }));
  running.push(s);
  return s;
}

function client(s: RunningNorthSandbox, over: { pageSize?: number; merchantId?: string; clientSecret?: string } = {}) {
  return new NorthClient(
    {
      baseUrl: s.url,
      clientId: NORTH_SANDBOX_CLIENT.clientId,
      clientSecret: over.clientSecret ?? NORTH_SANDBOX_CLIENT.clientSecret,
      merchantId: over.merchantId ?? NORTH_SANDBOX_MERCHANT,
      pageSize: over.pageSize ?? 3,
      timeoutMs: 10_000,
    },
    { now: clock, policyOptions: FAST },
  );
}

describe('North disputes client', () => {
  it('reads every page of every state, and each case once', async () => {
    const s = await sandbox(20);
    const { batch, pages } = await client(s, { pageSize: 3 }).readCases({ since: '2026-11-01' });
    const visible = s.sim.cases.filter((c) => c.receivedDay <= '2026-11-30');
    expect(visible.length).toBeGreaterThan(6);
    expect(batch.cases.map((c) => c.dispute.caseNumber).sort()).toEqual(visible.map((c) => c.caseNumber).sort());
    expect(batch.rejected).toEqual([]);
    // More pages than one per state: the paging was followed.
    expect(pages).toBeGreaterThan(3);
    expect(s.sim.stats.pages).toBe(pages);
    const one = batch.cases[0]!.dispute;
    expect(one.processor).toBe('north');
    expect(one.merchantId).toBe(NORTH_SANDBOX_MERCHANT);
    expect(one.cardLast4).toMatch(/^\d{4}$/);
    expect(JSON.stringify(batch)).not.toMatch(/411111\d{6}|555555\d{6}/);
  });

  it('reads from `since` only (incremental), clamped to the 18 months North serves', async () => {
    const s = await sandbox(20);
    const c = client(s, { pageSize: 50 });
    const since = '2026-11-25';
    const { batch, fromDate } = await c.readCases({ since });
    expect(fromDate).toBe(since);
    const expected = s.sim.cases.filter((x) => x.receivedDay >= since && x.receivedDay <= '2026-11-30');
    expect(batch.cases.map((x) => x.dispute.caseNumber).sort()).toEqual(expected.map((x) => x.caseNumber).sort());
    expect(expected.length).toBeLessThan(s.sim.cases.filter((x) => x.receivedDay <= '2026-11-30').length);
    const old = await c.readCases({ since: '2020-01-01' });
    expect(old.fromDate).toBe('2025-05-31');
  });

  it('waits out a 429 with its Retry-After, tries a 503 again, and says so', async () => {
    const s = await sandbox(6);
    const c = client(s, { pageSize: 50 });
    s.sim.throttleNext(1, 1);
    const started = Date.now();
    const first = await c.readCases({ since: '2026-11-01' });
    // The one Retry-After second was honoured (the backoff alone would be under 40 ms).
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(first.notes.some((n) => n.includes('HTTP 429'))).toBe(true);
    expect(s.sim.stats.throttled).toBe(1);
    s.sim.failNext(2, 503);
    const second = await c.readCases({ since: '2026-11-01' });
    expect(second.notes.filter((n) => n.includes('HTTP 503'))).toHaveLength(2);
    expect(second.batch.cases.length).toBe(first.batch.cases.length);
  });

  it('asks for a new token when North answers 401, and stops on credentials North refuses', async () => {
    const s = await sandbox(6);
    const c = client(s, { pageSize: 50 });
    await c.readCases({ since: '2026-11-01' });
    expect(s.sim.stats.tokens).toBe(1);
    s.sim.expireTokens();
    const again = await c.readCases({ since: '2026-11-01' });
    expect(s.sim.stats.tokens).toBe(2);
    expect(s.sim.stats.unauthorised).toBe(1);
    expect(again.batch.cases.length).toBeGreaterThan(0);
    // A token past its lifetime is renewed before it is used (the client's own clock).
    now += 2 * 3600_000;
    await c.readCases({ since: '2026-11-01' });
    expect(s.sim.stats.tokens).toBe(3);

    const wrong = client(s, { clientSecret: 'not-the-secret' });
    const error = await wrong.readCases({ since: '2026-11-01' }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/North refused the client id and secret.*HTTP 401/);
    expect(String(error)).not.toContain('not-the-secret');
  });

  it('rejects a malformed record with its reason and keeps the rest', async () => {
    const s = await sandbox(6);
    s.sim.extraRecords.push(
      { state: 'open', record: { caseNumber: 'BAD-1', stage: 'Mystery Stage', disputeAmount: '10.00' } },
      { state: 'open', record: { caseNumber: 'BAD-2', stage: 'First Chargeback', disputeAmount: 'ten dollars' } },
      {
        state: 'closed',
        record: { caseNumber: 'BAD-3', stage: 'Representment', status: 'Frobnicated', disputeAmount: '1.00' },
      },
    );
    const { batch } = await client(s, { pageSize: 2 }).readCases({ since: '2026-11-01' });
    expect(batch.rejected.map((r) => r.ref).sort()).toEqual([
      'North case BAD-1',
      'North case BAD-2',
      'North case BAD-3',
    ]);
    expect(batch.rejected.find((r) => r.ref.endsWith('BAD-1'))!.reason).toContain('stage "Mystery Stage"');
    expect(batch.rejected.find((r) => r.ref.endsWith('BAD-2'))!.reason).toContain('disputeAmount');
    expect(batch.rejected.find((r) => r.ref.endsWith('BAD-3'))!.reason).toContain('status "Frobnicated"');
    expect(batch.cases.length).toBe(s.sim.cases.filter((c) => c.receivedDay <= '2026-11-30').length);
  });

  it('a wrong merchant id is refused, not retried', async () => {
    const s = await sandbox(3);
    const error = await client(s, { merchantId: '123' })
      .readCases({ since: '2026-11-01' })
      .catch((e: unknown) => e);
    expect(String(error)).toMatch(/merchant id.*HTTP 404/);
    expect(s.sim.stats.pages).toBe(0);
  });
});

describe('North simulator refuses a wrong client', () => {
  const path = `/merchant-risk-management/disputes/mid/${NORTH_SANDBOX_MERCHANT}/chargebacks`;

  async function token(s: RunningNorthSandbox): Promise<string> {
    const r = await fetch(`${s.url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: NORTH_SANDBOX_CLIENT.clientId,
        client_secret: NORTH_SANDBOX_CLIENT.clientSecret,
      }),
    });
    expect(r.status).toBe(200);
    return ((await r.json()) as { access_token: string }).access_token;
  }

  it('401 without or with an expired token, 404 for another merchant, 400 for bad parameters', async () => {
    const s = await sandbox(3);
    const get = (p: string, bearer?: string) =>
      fetch(`${s.url}${p}`, bearer ? { headers: { Authorization: `Bearer ${bearer}` } } : {});
    expect((await get(`${path}?state=open&fromDate=2026-11-01`)).status).toBe(401);
    const t = await token(s);
    expect((await get(`${path}?state=open&fromDate=2026-11-01`, t)).status).toBe(200);
    expect(
      (await get(`/merchant-risk-management/disputes/mid/42/chargebacks?state=open&fromDate=2026-11-01`, t)).status,
    ).toBe(404);
    for (const q of [
      'fromDate=2026-11-01',
      'state=won&fromDate=2026-11-01',
      'state=open',
      'state=open&fromDate=2026-02-30',
      'state=open&fromDate=2024-01-01',
      'state=open&fromDate=2026-11-20&toDate=2026-11-01',
      'state=open&fromDate=2026-11-01&page=0',
      'state=open&fromDate=2026-11-01&pageSize=500',
      'state=open&fromDate=2026-11-01&offset=5',
    ])
      expect([q, (await get(`${path}?${q}`, t)).status]).toEqual([q, 400]);
    now += 3601_000;
    expect((await get(`${path}?state=open&fromDate=2026-11-01`, t)).status).toBe(401);
  });
});
