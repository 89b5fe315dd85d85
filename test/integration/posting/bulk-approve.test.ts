// Bulk approval over the real RFC path to the SAP simulator: 200 payments selected as "all
// matching" a view are approved at once. What one person may post is in SAP exactly once; what
// the four-eyes rules give to a second person is prepared, not posted, and a second approver's
// bulk approval posts it, once. SAP is asked for every reference once before the run.
import { afterEach, expect, it, vi } from 'vitest';
import { createRfcSapSystem, loadGlRules, sapErpSystem, type SapSystem } from '../../../electron/connectors/sap';
import { Core } from '../../../electron/core/core';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import { BULK_LOOK_AHEAD } from '../../../electron/core/review/bulk';
import type { Actor } from '../../../electron/core/ports';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { createSandboxRfc } from '../../../electron/sandbox/sap/rfc';
import { seedLedger } from '../../../electron/sandbox/sap/seed';
import type { Store } from '../../../electron/store';
import { ApiError, type EventOf } from '../../../shared/api';
import type { PaymentTransaction } from '../../../shared/domain';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import { invoice, testSeed } from '../sap/fixture';
import { sale } from '../core/core-fixture';
import { describeEachDialect } from '../../support/store';

const mia: Actor = { name: 'mia.clerk', roles: ['clerk'] };
const bob: Actor = { name: 'bob.approver', roles: ['approver'] };
const viewer: Actor = { name: 'vic', roles: [] as never[] };
const NOW = '2026-11-25T20:00:00.000Z';

let sap: SapSystem | null = null;
afterEach(async () => {
  await sap?.close();
  sap = null;
});

/** 200 payments, each paying its own invoice: every 20th (ids ...000, ...020, ...) is 12,000.00, above the 10,000.00 limit. */
function payments(): { paytrace: PaymentTransaction[]; invoices: ReturnType<typeof invoice>[]; big: Set<number> } {
  const paytrace: PaymentTransaction[] = [];
  const invoices: ReturnType<typeof invoice>[] = [];
  const big = new Set<number>();
  for (let n = 0; n < 200; n++) {
    const id = 70000 + n;
    const inCc2000 = n % 4 === 3;
    const minor = n % 20 === 0 ? 1_200_000 : 10_000 + n * 101;
    if (minor > 1_000_000) big.add(id);
    const ref = `95${String(n).padStart(6, '0')}`;
    invoices.push(
      invoice(inCc2000 ? '2000' : '1000', inCc2000 ? '0000200001' : '0000100001', ref, 'USD', (minor / 100).toFixed(2)),
    );
    paytrace.push(
      sale(id, minor, {
        invoiceId: ref,
        billingName: inCc2000 ? 'Initech' : 'Acme Corp',
        createdAt: { utc: `2026-11-20T${String(10 + (n % 10)).padStart(2, '0')}:00:00.000Z`, original: '' },
      }),
    );
  }
  return { paytrace, invoices, big };
}

async function world(store: Store, paytrace: PaymentTransaction[], invoices: ReturnType<typeof invoice>[]) {
  const ledger = new SapLedger({ now: () => new Date(NOW) });
  const seed = testSeed();
  seedLedger(ledger, { ...seed, invoices: [...seed.invoices, ...invoices] });
  const rfc = createSandboxRfc(ledger, { users: { CLEARDESK: 'secret' } });
  sap = createRfcSapSystem(
    rfc,
    { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK', passwd: 'secret', lang: 'EN' },
    { today: () => '2026-11-25' },
  );
  const core = new Core({
    store: store.repos,
    gateway: { fetchTransactions: async () => ({ transactions: paytrace, rejected: [] }) },
    erp: sapErpSystem(sap, 'sandbox'),
    companyCodes: ['1000', '2000'],
    matcher: (input) => matchPayments(input, DEFAULT_RULES),
    buildDocument: createDocumentBuilder({ rules: await loadGlRules(), assignmentFrom: 'invoice' }),
    clock: { now: () => new Date(NOW) },
    session: { sandbox: true, dataDir: '/tmp', version: 'test' },
  });
  await core.sync({ since: '2026-11-01' });
  return { core, ledger };
}

/** ClearDesk's payment documents for a transaction in the simulator's ledger. */
const documentsOf = (ledger: SapLedger, id: number) =>
  [...ledger.documents.values()].filter((d) => d.header.XBLNR === `PT${id}P`);

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) =>
      e instanceof ApiError ? { code: e.code, message: e.message } : { code: 'thrown', message: String(e) },
  );

describeEachDialect('bulk approval', (h) => {
  it('200 payments as "all matching": the summary first, then each one-person payment in SAP exactly once, those above the limit prepared, a second approver posts them once', async () => {
    const store = await h.migrated();
    const { paytrace, invoices, big } = payments();
    // A payment nobody can place: no company code to post into, so it cannot be approved.
    paytrace.push(sale(70999, 4_321, { invoiceId: 'PO-NOBODY', billingName: 'Unknown Buyer' }));
    const { core, ledger } = await world(store, paytrace, invoices);
    const review = { states: ['new', 'review', 'prepared', 'failed'] as const };
    const ids = paytrace.map((p) => p.source.transaction_id);
    expect(
      (await core.handle('queue.window', { ...review, states: [...review.states], offset: 0, limit: 10 }, mia)).total,
    ).toBe(201);

    // The summary: counts, totals per company code and currency, and why a second person is needed.
    const preview = await core.handle('proposals.bulkPreview', { matching: { states: [...review.states] } }, mia);
    const expected = (cc: string) => paytrace.filter((p, i) => i < 200 && (i % 4 === 3 ? '2000' : '1000') === cc);
    expect(preview).toEqual({
      count: 201,
      post: 190,
      prepare: 10,
      blocked: 1,
      totals: ['1000', '2000'].map((cc) => ({
        companyCode: cc,
        currency: 'USD',
        count: expected(cc).length,
        amount: { minor: expected(cc).reduce((n, p) => n + p.amount.minor, 0), currency: 'USD' },
      })),
      secondPerson: [{ reason: 'above the 10,000.00 USD one person may post in company code 1000', count: 10 }],
      cannotApprove: [{ reason: expect.stringMatching(/no company code to post into|no proposal/), count: 1 }],
    });
    expect(documentsOf(ledger, 70001)).toEqual([]); // the summary sends nothing

    // Someone without a clerk's or approver's role is refused before anything happens.
    expect(await refusal(core.handle('proposals.bulkApprove', { transactionIds: ids }, viewer))).toMatchObject({
      code: 'forbidden',
    });

    const lookAhead = vi.spyOn(core.poster, 'lookAhead');
    const progress: EventOf<'bulk.progress'>[] = [];
    core.events.on('bulk.progress', (p) => progress.push(p));
    const result = await core.handle(
      'proposals.bulkApprove',
      { matching: { states: [...review.states] }, progressId: 'run-1' },
      mia,
    );
    expect(result.counts).toEqual({ posted: 190, prepared: 10, skipped: 1 });
    expect(result.results).toHaveLength(201);
    // Looked up in SAP ahead of their turn, in batches as the run goes (a look-ahead is trusted for a
    // minute): every posting's reference once.
    expect(lookAhead).toHaveBeenCalledTimes(Math.ceil(190 / BULK_LOOK_AHEAD));
    for (const [batch] of lookAhead.mock.calls) expect(batch.length).toBeLessThanOrEqual(BULK_LOOK_AHEAD);
    const looked = lookAhead.mock.calls.flatMap(([batch]) => batch.map((p) => p.reference));
    expect(new Set(looked).size).toBe(190);
    expect(looked).toHaveLength(190);
    expect(progress).toHaveLength(201);
    expect(progress.at(-1)).toEqual({
      progressId: 'run-1',
      done: 201,
      total: 201,
      posted: 190,
      prepared: 10,
      failed: 0,
    });

    for (const r of result.results) {
      if (r.transactionId === 70999) {
        expect(r).toMatchObject({ outcome: 'skipped', sapDocument: null });
        continue;
      }
      const docs = documentsOf(ledger, r.transactionId);
      if (big.has(r.transactionId)) {
        expect(r).toMatchObject({ outcome: 'prepared', sapDocument: null });
        expect(r.reason).toMatch(/12,000\.00 USD is more than the 10,000\.00 USD/);
        expect(docs).toEqual([]);
      } else {
        expect(r.outcome).toBe('posted');
        expect(docs).toHaveLength(1);
        expect(r.sapDocument).toEqual({
          BELNR: docs[0]!.header.BELNR,
          BUKRS: docs[0]!.header.BUKRS,
          GJAHR: docs[0]!.header.GJAHR,
        });
      }
    }

    // Approving the same ids again posts nothing twice: posted ones are skipped, the clerk cannot give a second approval.
    const again = await core.handle('proposals.bulkApprove', { transactionIds: ids }, mia);
    expect(again.counts).toEqual({ skipped: 201 });
    expect(again.results.find((r) => r.transactionId === [...big][0])!.reason).toBe(
      'mia.clerk may not do this; it needs the role approver.',
    );

    // The second person: an approver bulk-approves the prepared tab; each is posted once.
    const second = await core.handle('proposals.bulkPreview', { matching: { states: ['prepared'] } }, bob);
    expect(second).toMatchObject({ count: 10, post: 10, prepare: 0, blocked: 0, secondPerson: [] });
    const posted = await core.handle('proposals.bulkApprove', { matching: { states: ['prepared'] } }, bob);
    expect(posted.counts).toEqual({ posted: 10 });
    for (const id of ids.filter((i) => i !== 70999)) expect(documentsOf(ledger, id)).toHaveLength(1);
    const states = await core.handle('queue.window', { states: ['posted'], offset: 0, limit: 500 }, bob);
    expect(states.total).toBe(200);
  }, 120_000);

  it('a filtered view selects only its rows; park many with one reason, and what cannot be parked says why', async () => {
    const store = await h.migrated();
    const { paytrace, invoices } = payments();
    const { core, ledger } = await world(store, paytrace.slice(0, 8), invoices.slice(0, 8));
    // "Initech" filters to the company code 2000 payments (70003, 70007).
    const preview = await core.handle('proposals.bulkPreview', { matching: { text: 'initech' } }, mia);
    expect(preview).toMatchObject({ count: 2, post: 2, totals: [{ companyCode: '2000', count: 2 }] });
    const approved = await core.handle('proposals.bulkApprove', { matching: { text: 'initech' } }, mia);
    expect(approved.results.map((r) => [r.transactionId, r.outcome]).sort()).toEqual([
      [70003, 'posted'],
      [70007, 'posted'],
    ]);
    expect(documentsOf(ledger, 70001)).toEqual([]);

    const parked = await core.handle(
      'queue.bulkSetAside',
      { transactionIds: [70001, 70002, 70003], state: 'parked', reason: 'waiting for remittance advice' },
      mia,
    );
    expect(parked.done).toBe(2);
    expect(parked.failed).toBe(1);
    expect(parked.results.find((r) => r.transactionId === 70003)).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/posted/),
    });
    const tab = await core.handle('queue.window', { states: ['parked'], offset: 0, limit: 10 }, mia);
    expect(tab.rows.map((r) => [r.transactionId, r.stateReason]).sort()).toEqual([
      [70001, 'waiting for remittance advice'],
      [70002, 'waiting for remittance advice'],
    ]);
    // Neither or both selections is a bad request, said in words.
    expect(
      await refusal(core.handle('queue.bulkSetAside', { state: 'ignored', reason: 'duplicate' } as never, mia)),
    ).toEqual({ code: 'invalid_request', message: expect.stringMatching(/either by their ids or as all matching/) });
  }, 60_000);

  it('a likely duplicate (a second payment of one invoice) is not approved in bulk: a person places it', async () => {
    const store = await h.migrated();
    const { paytrace, invoices } = payments();
    // 70001 pays invoice 95000001; 70900 pays it again, the same amount, an hour later.
    const again = sale(70900, paytrace[1]!.amount.minor, {
      invoiceId: paytrace[1]!.invoiceId,
      billingName: 'Acme Corp',
      createdAt: { utc: '2026-11-20T22:00:00.000Z', original: '' },
    });
    const { core, ledger } = await world(store, [...paytrace.slice(0, 2), again], invoices.slice(0, 2));
    const ids = [70000, 70001, 70900];
    const preview = await core.handle('proposals.bulkPreview', { transactionIds: ids }, mia);
    expect(preview).toMatchObject({
      count: 3,
      blocked: 1,
      cannotApprove: [
        {
          reason: 'a likely duplicate of a payment already applied: open it and decide (on account or a refund)',
          count: 1,
        },
      ],
    });
    const approved = await core.handle('proposals.bulkApprove', { transactionIds: ids }, mia);
    expect(approved.results.find((r) => r.transactionId === 70900)).toMatchObject({ outcome: 'skipped' });
    expect(documentsOf(ledger, 70900)).toEqual([]);
    expect(documentsOf(ledger, 70001)).toHaveLength(1);
    expect((await core.handle('queue.detail', { transactionId: 70900 }, mia)).row.queueState).toBe('review');
  }, 60_000);

  it('an unexpected failure fails its row and stops the run: what was posted stays posted once, the rest is not tried and says why', async () => {
    const store = await h.migrated();
    const { paytrace, invoices } = payments();
    const { core, ledger } = await world(store, paytrace.slice(1, 13), invoices.slice(1, 13));
    const post = core.poster.post.bind(core.poster);
    vi.spyOn(core.poster, 'post').mockImplementation(async (request) => {
      if (request.transactionId === 70004) throw new Error('connection to the store lost');
      return post(request);
    });
    const ids = paytrace.slice(1, 13).map((p) => p.source.transaction_id);
    const result = await core.handle('proposals.bulkApprove', { transactionIds: ids }, mia);
    const failed = result.results.filter((r) => r.outcome === 'failed');
    expect(failed).toEqual([
      { transactionId: 70004, outcome: 'failed', reason: 'connection to the store lost', sapDocument: null },
    ]);
    const skipped = result.results.filter((r) => r.outcome === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    for (const r of skipped) {
      expect(r.reason).toBe('not tried: an earlier payment failed unexpectedly (connection to the store lost)');
      expect(documentsOf(ledger, r.transactionId)).toEqual([]);
    }
    for (const r of result.results.filter((x) => x.outcome === 'posted')) {
      expect(documentsOf(ledger, r.transactionId)).toHaveLength(1);
    }
    expect(result.results).toHaveLength(12);
  }, 60_000);
});
