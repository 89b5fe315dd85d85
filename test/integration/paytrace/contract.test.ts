// The same assertions against the simulator and, when credentials are set, PayTrace's own
// sandbox. They are about PayTrace's shapes and rules, not the simulator's insides.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMoney } from '../../../shared/money';
import {
  PAYTRACE_SANDBOX_URL,
  PayTraceClient,
  PayTraceError,
  type PayTraceConfig,
  normalizeExportRecord,
} from '../../../electron/connectors/paytrace';
import { DEMO_USER, type RunningSandbox, startPayTraceSandbox } from '../../../electron/sandbox/paytrace';
import { cardNumbersIn } from './helpers';

interface Target {
  name: string;
  available: boolean;
  config(): Promise<PayTraceConfig>;
  close?(): Promise<void>;
}

const env = process.env;
const real = Boolean(env.PAYTRACE_SANDBOX_USER && env.PAYTRACE_SANDBOX_PASSWORD && env.PAYTRACE_INTEGRATOR_ID);
let sim: RunningSandbox | undefined;

const targets: Target[] = [
  {
    name: 'the ClearDesk simulator',
    available: true,
    config: async () => {
      sim = await startPayTraceSandbox({ seed: 3 });
      return {
        baseUrl: sim.url,
        username: DEMO_USER.username,
        password: DEMO_USER.password,
        integratorId: 'CLEARDESKTEST',
      };
    },
    close: async () => sim?.close(),
  },
  {
    name: real
      ? `PayTrace sandbox (${PAYTRACE_SANDBOX_URL})`
      : 'PayTrace sandbox — skipped: set PAYTRACE_SANDBOX_USER, PAYTRACE_SANDBOX_PASSWORD and PAYTRACE_INTEGRATOR_ID to run',
    available: real,
    config: async () => ({
      baseUrl: PAYTRACE_SANDBOX_URL,
      username: env.PAYTRACE_SANDBOX_USER!,
      password: env.PAYTRACE_SANDBOX_PASSWORD!,
      integratorId: env.PAYTRACE_INTEGRATOR_ID!,
    }),
  },
];

if (!real)
  console.info(
    'PayTrace contract: real-sandbox cases skipped (set PAYTRACE_SANDBOX_USER, PAYTRACE_SANDBOX_PASSWORD, PAYTRACE_INTEGRATOR_ID to run them).',
  );

const usd = (text: string) => parseMoney(text, 'USD');

for (const target of targets) {
  describe.skipIf(!target.available)(`PayTrace v1 contract: ${target.name}`, () => {
    let config: PayTraceConfig;
    let client: PayTraceClient;
    const customerId = `cd-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
    let saleId = 0;

    beforeAll(async () => {
      config = await target.config();
      client = new PayTraceClient(config, { policyOptions: { baseDelayMs: 50, maxAttempts: 3 } });
      await client.createCustomer({
        customerId,
        card: { number: '5499740000000057', expirationMonth: 12, expirationYear: 2030 },
        billingAddress: {
          name: 'ClearDesk Contract',
          street_address: '8320 E. West St.',
          city: 'Spokane',
          state: 'WA',
          zip: '85284',
        },
      });
    }, 60_000);
    afterAll(async () => {
      await client?.deleteCustomer(customerId).catch(() => undefined);
      await target.close?.();
    });

    it('refuses wrong credentials with invalid_grant', async () => {
      const wrong = new PayTraceClient(
        { ...config, password: 'definitely-wrong' },
        { policyOptions: { maxAttempts: 1 } },
      );
      await expect(wrong.exportById(1)).rejects.toMatchObject({ kind: 'auth', codes: ['invalid_grant'] });
    });

    it('keeps a vaulted card masked and refuses a duplicate customer id (171)', async () => {
      const [c] = await client.exportCustomers(customerId);
      expect(c).toMatchObject({ customer_id: customerId });
      expect((c!.credit_card as { masked_number: string }).masked_number).toMatch(/0057$/);
      expect(cardNumbersIn(c)).toEqual([]);
      const dup = await client
        .createCustomer({ customerId, card: { number: '5499740000000057', expirationMonth: 12, expirationYear: 2030 } })
        .catch((e: unknown) => e);
      expect(dup).toMatchObject({ kind: 'validation', codes: ['171'] });
    });

    it("charges a vaulted customer and exports the sale in PayTrace's record shape", async () => {
      const sale = await client.saleByCustomer({
        customerId,
        amount: usd('1.00'),
        invoiceId: `C${customerId.slice(-8)}`,
      });
      saleId = sale.transactionId;
      expect(saleId).toBeGreaterThan(0);
      const record = (await client.exportById(saleId)) as Record<string, unknown>;
      expect(record).toMatchObject({ transaction_id: saleId, transaction_type: 'SALE', status_code: 'Y' });
      expect(typeof record.amount).toBe('number');
      expect((record.credit_card as { masked_number: string }).masked_number).toMatch(/^\*{12}0057$/);
      expect((record.created as { at: string }).at).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/);
      expect(normalizeExportRecord(record, { zone: 'America/Los_Angeles', currency: 'USD' })).toMatchObject({
        kind: 'sale',
        status: 'pending',
        amount: { minor: 100 },
      });
      const today = await client.exportByDateRange({ startDate: client.today(), endDate: client.today(), customerId });
      expect(today.map((r) => (r as { transaction_id: number }).transaction_id)).toContain(saleId);
    });

    it('will not refund an unsettled sale (817) but voids it', async () => {
      const refused = await client
        .refundForTransaction({ transactionId: saleId, reference: 'CDR1-CNTRT' })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(PayTraceError);
      expect(refused).toMatchObject({ kind: 'validation', codes: ['817'] });
      await client.voidTransaction(saleId);
      const record = await client.exportById(saleId);
      expect(normalizeExportRecord(record, { zone: 'America/Los_Angeles', currency: 'USD' }).status).toBe('voided');
    });

    it('declines 0.29 with "EXPIRED CARD" and still gives a transaction id', async () => {
      const e = await client.saleByCustomer({ customerId, amount: usd('0.29') }).catch((x: unknown) => x);
      expect(e).toMatchObject({ kind: 'declined', responseCode: 102 });
      expect((e as PayTraceError).transactionId).toBeGreaterThan(0);
      expect((e as Error).message).toMatch(/EXPIRED CARD/);
    });

    it('does not know a customer it never had (30)', async () => {
      await expect(client.deleteCustomer(`${customerId}-nobody`)).rejects.toMatchObject({
        kind: 'validation',
        codes: ['30'],
      });
    });
  });
}
