// The RFC transport's poolSize: at most that many sessions in use at once, the rest wait their
// turn; without it, node-rfc's Pool (and the sandbox's) opens a session per concurrent operation.
import { describe, expect, it } from 'vitest';
import { createRfcSapSystem } from '../../../electron/connectors/sap/rfc/rfc-system';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { createSandboxRfc } from '../../../electron/sandbox/sap/rfc';
import { seedLedger } from '../../../electron/sandbox/sap/seed';
import { money } from '../../../shared/money';
import { type FiDocument, buildFiDocument, parseGlRules, postingReference } from '../../../shared/posting';
import glRules from '../../../resources/gl-rules.json';
import { testSeed } from './fixture';

const rules = parseGlRules(glRules);
const connection = { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK', passwd: 'secret', lang: 'EN' };

const payment = (txn: number): FiDocument =>
  buildFiDocument(
    {
      kind: 'payment',
      companyCode: '1000',
      documentDate: '2026-11-20',
      postingDate: '2026-11-20',
      reference: postingReference(txn, 'payment'),
      customer: '0000100001',
      amount: money(100, 'USD'),
      items: [],
      source: { transactionId: txn, invoiceId: '', paymentMethod: 'visa' },
    },
    { rules },
  );

async function postConcurrently(poolSize: number | undefined, count: number) {
  const ledger = new SapLedger();
  seedLedger(ledger, testSeed());
  const rfc = createSandboxRfc(ledger, { users: { CLEARDESK: 'secret' }, latencyMs: 10 });
  const sap = createRfcSapSystem(rfc, connection, { poolSize, today: () => '2026-11-25' });
  const sessions = new Set<number>();
  let inFlight = 0;
  let peak = 0;
  rfc.faults.hooks = {
    beforeCall: ({ clientId }) => {
      sessions.add(clientId);
      peak = Math.max(peak, ++inFlight);
    },
    afterCall: () => {
      inFlight--;
    },
  };
  const results = await Promise.all(Array.from({ length: count }, (_, i) => sap.postDocument(payment(5000 + i))));
  await sap.close();
  const posted = [...ledger.documents.values()]
    .filter((d) => d.header.XBLNR.startsWith('PT'))
    .map((d) => d.header.XBLNR);
  return { results, sessions: sessions.size, peak, posted };
}

describe('RFC transport pool size', () => {
  it('with poolSize 2, six concurrent postings share two sessions, two at a time, each posted once', async () => {
    const r = await postConcurrently(2, 6);
    expect(r.results.every((x) => x.ok)).toBe(true);
    expect(r.sessions).toBe(2);
    expect(r.peak).toBe(2);
    expect(r.posted.sort()).toEqual(Array.from({ length: 6 }, (_, i) => `PT${5000 + i}P`));
  });

  it('without poolSize, every concurrent operation gets its own session (node-rfc Pool semantics)', async () => {
    const r = await postConcurrently(undefined, 6);
    expect(r.results.every((x) => x.ok)).toBe(true);
    expect(r.sessions).toBe(6);
    expect(r.posted).toHaveLength(6);
  });

  it('rejects a pool size that is not a whole number of at least 1', () => {
    const rfc = createSandboxRfc(new SapLedger());
    expect(() => createRfcSapSystem(rfc, connection, { poolSize: 0 })).toThrow(RangeError);
    expect(() => createRfcSapSystem(rfc, connection, { poolSize: 2.5 })).toThrow(RangeError);
  });
});
