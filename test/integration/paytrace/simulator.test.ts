// The simulator's own rules: tokens, the cut-off, batches, the vault, the admin route.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScenarioPaymentOp } from '../../../electron/sandbox/scenario/types';
import { DEMO_USER, ManualClock, type RunningSandbox, startPayTraceSandbox } from '../../../electron/sandbox/paytrace';

const sale = (key: string, at: string, amount = '10.00'): ScenarioPaymentOp => ({
  op: 'sale',
  key,
  at,
  amount,
  invoice_id: key,
  customer_reference_id: '',
  description: '',
  customer_id: '',
  billing_name: 'Acme',
  email: '',
  card: 'amex',
});

describe('PayTrace simulator', () => {
  let sb: RunningSandbox;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock(Date.parse('2025-07-01T16:00:00Z'));
    sb = await startPayTraceSandbox({ seed: 9, clock });
  });
  afterEach(async () => sb.close());

  const post = async (path: string, body: unknown, token?: string, form = false) => {
    const res = await fetch(sb.url + path, {
      method: 'POST',
      headers: {
        'Content-Type': form ? 'application/x-www-form-urlencoded' : 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
  };
  const token = async () =>
    (await post('/oauth/token', { grant_type: 'password', ...DEMO_USER }, undefined, true)).body.access_token as string;

  it('issues bearer tokens for 7200 s by form or JSON and refuses them after expiry or invalidation', async () => {
    const form = await post('/oauth/token', { grant_type: 'password', ...DEMO_USER }, undefined, true);
    expect(form.body).toMatchObject({
      token_type: 'bearer',
      expires_in: 7200,
      access_token: expect.stringMatching(/^\w+:\w+:\w+$/),
    });
    const json = await post('/oauth/token', { grant_type: 'password', ...DEMO_USER });
    expect(json.status).toBe(200);
    const t = form.body.access_token as string;
    expect((await post('/v1/transactions/export/by_id', { transaction_id: 1 }, t)).status).toBe(200);
    clock.advance(7200_000);
    expect(await post('/v1/transactions/export/by_id', { transaction_id: 1 }, t)).toMatchObject({
      status: 401,
      body: { error: 'invalid_token' },
    });
    const t2 = await token();
    await post('/_sandbox/faults', { invalidateTokensNow: true });
    expect((await post('/v1/customer/export', {}, t2)).status).toBe(401);
    expect((await post('/v1/ping', {})).status).toBe(200);
  });

  it('settles pending transactions at 20:00 Los Angeles time into numbered batches; declines and voids stay out', () => {
    const sim = sb.sim;
    const a = sim.apply(sale('a', '2025-07-01T17:00:00Z'));
    const d = sim.apply({ ...sale('d', '2025-07-01T17:05:00Z', '0.29') });
    const v = sim.apply(sale('v', '2025-07-01T17:10:00Z'));
    sim.apply({ op: 'void', key: 'v-void', at: '2025-07-01T17:20:00Z', ref: 'v' });
    clock.set('2025-07-02T02:59:59Z'); // 19:59:59 PDT
    sim.now();
    expect(sim.ledger.batches).toHaveLength(0);
    clock.set('2025-07-02T03:00:00Z');
    sim.now();
    expect(sim.ledger.batches).toEqual([
      { number: 1, settledAt: Date.parse('2025-07-02T03:00:00Z'), transactionIds: [a] },
    ]);
    expect(sim.ledger.transactions.get(d)!.state).toBe('declined');
    expect(sim.ledger.transactions.get(v)!.state).toBe('voided');
  });

  it('exports lag only when asked to: with a lag, a young transaction is hidden; without, even a later-dated one shows', async () => {
    const t = await token();
    const ids = () =>
      post('/v1/transactions/export/by_date_range', { start_date: '07/01/2025', end_date: '07/01/2025' }, t).then((r) =>
        (r.body.transactions as { transaction_id: number }[]).map((x) => x.transaction_id),
      );
    const now = sb.sim.apply(sale('now', '2025-07-01T16:00:00Z'));
    const later = sb.sim.apply(sale('later', '2025-07-01T16:30:00Z'));
    expect(await ids()).toEqual([now, later]);
    sb.sim.faults.set({ exportLagMs: 60_000 });
    expect(await ids()).toEqual([]);
    clock.advance(60_000);
    expect(await ids()).toEqual([now]);
    clock.advance(30 * 60_000);
    expect(await ids()).toEqual([now, later]);
  });

  it('answers validation errors with the v1 envelope and HTTP 400', async () => {
    const t = await token();
    const r = await post(
      '/v1/transactions/sale/keyed',
      { amount: '5.00', credit_card: { number: '54545454545454', expiration_month: 14, expiration_year: 1999 } },
      t,
    );
    expect(r).toMatchObject({
      status: 400,
      body: {
        success: false,
        response_code: 1,
        status_message: 'One or more errors has occurred.',
        errors: { 35: expect.any(Array), 43: expect.any(Array) },
      },
    });
  });

  it('keeps only the masked number of a keyed sale, and the vault rejects duplicates (171) and unknowns (30)', async () => {
    const t = await token();
    const r = await post(
      '/v1/transactions/sale/keyed',
      {
        amount: 12.5,
        credit_card: { number: '4012000098765439', expiration_month: 12, expiration_year: 2030 },
        csc: '999',
        invoice_id: 'K1',
      },
      t,
    );
    expect(r.body).toMatchObject({ success: true, response_code: 101, masked_card_number: 'xxxxxxxxxxxx5439' });
    expect(JSON.stringify([...sb.sim.ledger.transactions.values()])).not.toMatch(/4012000098765439|"999"/);
    const customer = {
      customer_id: 'C1',
      credit_card: { number: '4012000098765439', expiration_month: 12, expiration_year: 30 },
      billing_address: { name: 'Acme' },
    };
    expect((await post('/v1/customer/create', customer, t)).body).toMatchObject({
      response_code: 160,
      customer_id: 'C1',
    });
    expect((await post('/v1/customer/create', customer, t)).body).toMatchObject({
      errors: { 171: ['Please provide a unique customer ID.'] },
    });
    expect((await post('/v1/customer/update', { customer_id: 'C1', new_id: 'C2' }, t)).body).toMatchObject({
      response_code: 161,
      customer_id: 'C2',
    });
    expect(
      (await post('/v1/transactions/sale/by_customer', { customer_id: 'C1', amount: '1.00' }, t)).body,
    ).toMatchObject({ errors: { 30: ['Customer ID, C1, was not found or is incomplete.'] } });
    expect((await post('/v1/customer/delete', { customer_id: 'C2' }, t)).body).toMatchObject({ response_code: 162 });
  });

  it('throttles on demand with Retry-After', async () => {
    await post('/_sandbox/faults', { throttleNext: 1, retryAfterSeconds: 3 });
    const r = await post('/v1/ping', {});
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('3');
  });
});
