// What the poster does when SAP refuses outright rather than going quiet: the posting fails
// visibly (dead letter, transaction 'failed', SAP's words kept), and nothing is left 'sending'.
import { afterEach, expect, it } from 'vitest';
import {
  createRfcSapSystem,
  createSapPolicy,
  connectionParameters,
  sapErpSystem,
  SapCallError,
  type SapSystem,
} from '../../../electron/connectors/sap';
import { Poster, PostingTakenError } from '../../../electron/core/posting/poster';
import { createSandboxRfc, seedLedger, SapLedger } from '../../../electron/sandbox/sap';
import { buildFiDocument, postingReference, type FiDocument, type GlRule } from '../../../shared/posting';
import { payment } from '../../support/payments';
import { describeEachDialect } from '../../support/store';
import { migrate, type Store } from '../../../electron/store';
import { containsPan } from '../../../shared/security';
import { findCardData } from '../../support/card-scan';
import { testSeed } from '../sap/fixture';

const clock = { now: () => new Date('2026-11-20T12:00:00Z') };
const rules: GlRule[] = [
  { companyCode: '*', transactionType: 'sale', paymentMethod: '*', account: '0000113100' },
  { companyCode: '*', transactionType: 'suspense', paymentMethod: '*', account: '0000113999' },
];

function document(transactionId: number): FiDocument {
  return buildFiDocument(
    {
      kind: 'payment',
      companyCode: '1000',
      documentDate: '2026-11-20',
      postingDate: '2026-11-20',
      reference: postingReference(transactionId, 'payment'),
      customer: '0000100001',
      amount: { minor: 10000, currency: 'USD' },
      items: [{ assignment: '90001234', reference: '90001234', amount: { minor: 10000, currency: 'USD' } }],
      source: { transactionId, invoiceId: '90001234', paymentMethod: 'visa' },
    },
    { rules },
  );
}

let sap: SapSystem | null = null;
afterEach(async () => {
  await sap?.close();
  sap = null;
});

function sapSystem(): { sap: SapSystem; ledger: SapLedger } {
  const ledger = new SapLedger({ now: () => clock.now() });
  seedLedger(ledger, testSeed());
  const rfc = createSandboxRfc(ledger, { users: { CLEARDESK: 'sandbox' } });
  sap = createRfcSapSystem(
    rfc,
    connectionParameters({ ashost: '127.0.0.1', sysnr: '00', client: '100', user: 'CLEARDESK' }, 'sandbox'),
  );
  return { sap, ledger };
}

describeEachDialect('poster and a definite SAP refusal', (h) => {
  it("a field SAP does not know (RFC_INVALID_PARAMETER) fails the posting with SAP's words, once", async () => {
    const store = await h.migrated();
    const { db } = store;
    const { sap: system } = sapSystem();
    const target = {
      ...bind(system),
      isOutcomeUnknown: (e: unknown) => !(e instanceof SapCallError) || e.communication,
    };
    await approvedPayments(store, [501]);
    const doc = document(501);
    (doc.DOCUMENTHEADER as unknown as Record<string, string>).ZZ_NOT_IN_ECC = 'x';
    const poster = new Poster(store.repos, target, clock);
    const row = await poster.post({ transactionId: 501, event: 'payment', document: doc, approvedBy: 'clerk.a' });
    expect(row.state).toBe('failed');
    expect(row.messages).toContain("field 'ZZ_NOT_IN_ECC' not found");
    const tx = await db
      .selectFrom('transactions')
      .select(['queue_state', 'state_reason'])
      .where('transaction_id', '=', 501)
      .executeTakeFirstOrThrow();
    expect(tx.queue_state).toBe('failed');
    expect(tx.state_reason).toContain('ZZ_NOT_IN_ECC');
    const dead = await db.selectFrom('dead_letters').selectAll().where('source', '=', 'posting').execute();
    expect(dead).toHaveLength(1);
    expect(await poster.recoverPending()).toEqual({
      found: 0,
      resent: 0,
      failed: 0,
      unreachable: 0,
      pending: 0,
      waiting: 0,
    });

    // Corrected and approved again: posted once.
    await approve(store, 501);
    const again = await poster.post({
      transactionId: 501,
      event: 'payment',
      document: document(501),
      approvedBy: 'clerk.a',
    });
    expect(again.state).toBe('posted');
    expect(await system.findDocumentByReference('1000', postingReference(501, 'payment'))).toMatchObject({
      BELNR: again.belnr,
    });
  });

  it("stores SAP's rejection verbatim except a card number it may quote", async () => {
    const store = await h.migrated();
    const { db } = store;
    await approvedPayments(store, [504]);
    // SAP echoing a text field in which someone typed a card number (4111 1111 1111 1111 is Luhn-valid).
    const quoting = {
      postDocument: async () => ({
        ok: false as const,
        messages: [{ TYPE: 'E', ID: 'ZZ', NUMBER: '001', MESSAGE: 'Item text 4111111111111111 not allowed' }],
      }),
      findDocumentByReference: async () => null,
    };
    const row = await new Poster(store.repos, quoting, clock).post({
      transactionId: 504,
      event: 'payment',
      document: document(504),
      approvedBy: 'clerk.a',
    });
    expect(row.state).toBe('failed');
    expect(row.messages).toContain('Item text');
    expect(containsPan(row.messages)).toBe(false);
    const tx = await db
      .selectFrom('transactions')
      .select('state_reason')
      .where('transaction_id', '=', 504)
      .executeTakeFirstOrThrow();
    expect(containsPan(tx.state_reason ?? '')).toBe(false);
    const dead = await db.selectFrom('dead_letters').select(['error']).execute();
    expect(dead.every((d) => !containsPan(d.error))).toBe(true);
  });

  it("masks card data in SAP's words on success too, however it is written", async () => {
    const store = await h.migrated();
    await approvedPayments(store, [505]);
    const quoting = {
      postDocument: async () => ({
        ok: true as const,
        key: { BELNR: '1400000008', BUKRS: '1000', GJAHR: '2026' },
        messages: [
          { TYPE: 'S', ID: 'RW', NUMBER: '605', MESSAGE: 'Document posted successfully: BKPFF 140000000810002026 T90' },
          { TYPE: 'W', ID: 'ZZ', NUMBER: '002', MESSAGE: 'Item text "card 4111.1111.1111.1111 cvv 123" kept' },
        ],
      }),
      findDocumentByReference: async () => null,
    };
    const row = await new Poster(store.repos, quoting, clock).post({
      transactionId: 505,
      event: 'payment',
      document: document(505),
      approvedBy: 'clerk.a',
    });
    expect(row.state).toBe('posted');
    expect(row.belnr).toBe('1400000008');
    expect(row.messages).toContain('Item text \\"card ************1111 cvv ***\\" kept');
    // SAP's object key (BELNR + BUKRS + GJAHR, 18 digits) passes the card-number test here: it is masked, and the
    // document key is kept apart.
    expect(row.messages).toContain('BKPFF **************2026 T90');
    expect(findCardData(row.messages)).toEqual([]);
  });

  it('without the classification, the same error keeps the posting "sending" for recovery (safe default)', async () => {
    const store = await h.migrated();
    const { db } = store;
    const { sap: system } = sapSystem();
    await approvedPayments(store, [502]);
    const doc = document(502);
    (doc.DOCUMENTHEADER as unknown as Record<string, string>).ZZ_NOT_IN_ECC = 'x';
    const poster = new Poster(store.repos, bind(system), clock);
    await expect(
      poster.post({ transactionId: 502, event: 'payment', document: doc, approvedBy: 'clerk.a' }),
    ).rejects.toThrow(/did not answer/);
    const p = await db
      .selectFrom('postings')
      .select('state')
      .where('transaction_id', '=', 502)
      .executeTakeFirstOrThrow();
    expect(p.state).toBe('sending');
  });

  it('two ClearDesk instances sharing the store: only one resolves an interrupted posting; the other waits out the lease', async () => {
    const options = await h.fresh();
    const first = await h.open(options);
    await migrate(first);
    const second = await h.open(options);
    const { sap: system, ledger } = sapSystem();
    await approvedPayments(first, [505]);
    const reference = postingReference(505, 'payment');
    await first.db
      .insertInto('postings')
      .values({
        reference,
        transaction_id: 505,
        event: 'payment',
        state: 'sending',
        company_code: '1000',
        document: JSON.stringify(document(505)),
        belnr: null,
        gjahr: null,
        messages: '[]',
        attempts: 1,
        approved_by: 'clerk.a',
        created_at: clock.now().toISOString(),
        updated_at: clock.now().toISOString(),
      })
      .execute();
    const a = new Poster(first.repos, bind(system), clock, {}, 0, 'desk-a');
    const b = new Poster(second.repos, bind(system), clock, {}, 0, 'desk-b');
    const results = await Promise.all([a.recoverPending(), b.recoverPending()]);
    const inSap = [...ledger.documents.values()].filter((d) => d.header.XBLNR === reference);
    expect(inSap).toHaveLength(1);
    expect(results.map((r) => r.resent + r.found).reduce((x, y) => x + y)).toBe(1);
    const row = await first.db
      .selectFrom('postings')
      .select(['state', 'belnr', 'claimed_by'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'posted', belnr: inSap[0]!.header.BELNR, claimed_by: null });
  });

  it('two instances approving the same new payments at the same moment: each posted once, the other told so (no database error)', async () => {
    const options = await h.fresh();
    const first = await h.open(options);
    await migrate(first);
    const second = await h.open(options);
    const { sap: system, ledger } = sapSystem();
    const ids = [511, 512, 513, 514, 515];
    await approvedPayments(first, ids);
    const a = new Poster(first.repos, bind(system), clock, {}, 0, 'desk-a');
    const b = new Poster(second.repos, bind(system), clock, {}, 0, 'desk-b');
    // Both connections open before the race, so both instances look before either writes.
    await Promise.all([first, second].map((s) => s.db.selectFrom('postings').select('reference').execute()));
    const outcomes = await Promise.allSettled(
      ids.flatMap((id) =>
        [a, b].map((p) => p.post({ transactionId: id, event: 'payment', document: document(id), approvedBy: 'clerk' })),
      ),
    );
    const refused = outcomes
      .filter((o): o is PromiseRejectedResult => o.status === 'rejected')
      .map((o) => o.reason as Error);
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) {
      expect(e).toBeInstanceOf(PostingTakenError);
      expect(e).toMatchObject({ code: 'conflict' });
      expect(e.message).toMatch(
        /^Another ClearDesk instance sharing this database is posting PT\d+P right now; it sends it to SAP once\./,
      );
    }
    for (const id of ids) {
      expect(
        [...ledger.documents.values()].filter((d) => d.header.XBLNR === postingReference(id, 'payment')),
        `transaction ${id}`,
      ).toHaveLength(1);
    }
    const states = await first.db.selectFrom('postings').select('state').where('transaction_id', 'in', ids).execute();
    expect(states.map((r) => r.state)).toEqual(ids.map(() => 'posted'));
  });

  it('a claim left by a crashed instance is taken over once the lease has passed', async () => {
    const store = await h.migrated();
    const { db } = store;
    const { sap: system, ledger } = sapSystem();
    await approvedPayments(store, [506]);
    const reference = postingReference(506, 'payment');
    await db
      .insertInto('postings')
      .values({
        reference,
        transaction_id: 506,
        event: 'payment',
        state: 'sending',
        company_code: '1000',
        document: JSON.stringify(document(506)),
        belnr: null,
        gjahr: null,
        messages: '[]',
        attempts: 1,
        approved_by: 'clerk.a',
        created_at: clock.now().toISOString(),
        updated_at: clock.now().toISOString(),
        claimed_by: 'desk-crashed',
        claimed_at: clock.now().toISOString(),
      })
      .execute();
    expect(await new Poster(store.repos, bind(system), clock, {}, 0, 'desk-b').recoverPending()).toMatchObject({
      resent: 0,
      unreachable: 1,
    });
    const later = { now: () => new Date(clock.now().getTime() + 6 * 60_000) };
    expect(await new Poster(store.repos, bind(system), later, {}, 0, 'desk-b').recoverPending()).toMatchObject({
      resent: 1,
    });
    expect([...ledger.documents.values()].filter((d) => d.header.XBLNR === reference)).toHaveLength(1);
  });

  it('waits out the grace period before looking up an interrupted posting', async () => {
    const store = await h.migrated();
    const { db } = store;
    const { sap: system } = sapSystem();
    await approvedPayments(store, [503]);
    await db
      .insertInto('postings')
      .values({
        reference: postingReference(503, 'payment'),
        transaction_id: 503,
        event: 'payment',
        state: 'sending',
        company_code: '1000',
        document: JSON.stringify(document(503)),
        belnr: null,
        gjahr: null,
        messages: '[]',
        attempts: 1,
        approved_by: 'clerk.a',
        created_at: clock.now().toISOString(),
        updated_at: new Date(clock.now().getTime() - 10_000).toISOString(),
      })
      .execute();
    const poster = new Poster(store.repos, bind(system), clock, {}, 60_000);
    expect(await poster.recoverPending()).toEqual({
      found: 0,
      resent: 0,
      failed: 0,
      unreachable: 0,
      pending: 0,
      waiting: 1,
    });
    const later = new Poster(
      store.repos,
      bind(system),
      { now: () => new Date(clock.now().getTime() + 60_000) },
      {},
      60_000,
    );
    expect(await later.recoverPending()).toEqual({
      found: 0,
      resent: 1,
      failed: 0,
      unreachable: 0,
      pending: 0,
      waiting: 0,
    });
  });
});

/** Payments a clerk approved: ingested, then moved to 'approved' as approving does, before the poster runs. */
describeEachDialect("poster and SAP's open circuit breaker", (h) => {
  it('sends nothing while the breaker is open: the payment stays approved; after the cool-down it posts', async () => {
    const store = await h.migrated();
    let now = clock.now().getTime();
    const policy = createSapPolicy({
      clock: { now: () => new Date(now) },
      maxAttempts: 1,
      breaker: { failureThreshold: 2, openMs: 30_000 },
    });
    const ledger = new SapLedger({ now: () => clock.now() });
    seedLedger(ledger, testSeed());
    const rfc = createSandboxRfc(ledger, { users: { CLEARDESK: 'sandbox' } });
    sap = createRfcSapSystem(
      rfc,
      connectionParameters({ ashost: '127.0.0.1', sysnr: '00', client: '100', user: 'CLEARDESK' }, 'sandbox'),
      { policy },
    );
    const calls: string[] = [];
    rfc.faults.hooks = {
      beforeCall: ({ rfm }) => {
        calls.push(rfm);
        return 'drop';
      },
    };
    for (let i = 0; i < 2; i++) await expect(sap.findDocumentByReference('1000', 'X')).rejects.toThrow();
    expect(policy.circuitState).toBe('open');
    rfc.faults.clear();
    calls.length = 0;
    rfc.faults.hooks = { beforeCall: ({ rfm }) => void calls.push(rfm) };

    await approvedPayments(store, [601]);
    const poster = new Poster(store.repos, sapErpSystem(sap, 'sandbox'), clock);
    const refused = poster.post({
      transactionId: 601,
      event: 'payment',
      document: document(601),
      approvedBy: 'clerk.a',
    });
    await expect(refused).rejects.toMatchObject({ name: 'SapUnreachableError', sent: false });
    await expect(refused).rejects.toThrow(/was not sent .*circuit breaker is open/);
    expect(calls).toEqual([]); // not even a lookup reached SAP
    expect(await store.repos.postings.find(601, 'payment')).toBeNull();
    expect((await store.repos.payments.get(601))?.state).toBe('approved');

    now += 30_000; // the cool-down has passed: the next posting is the probe
    const row = await poster.post({
      transactionId: 601,
      event: 'payment',
      document: document(601),
      approvedBy: 'clerk.a',
    });
    expect(row.state).toBe('posted');
    expect(calls).toContain('BAPI_ACC_DOCUMENT_POST');
    expect(policy.circuitState).toBe('closed');
  });
});

async function approvedPayments(store: Store, ids: readonly number[]): Promise<void> {
  await store.repos.payments.ingest(
    ids.map((id) => payment(id, { status: 'settled', batch: 1 })),
    clock.now().toISOString(),
  );
  for (const id of ids) await approve(store, id);
}

async function approve(store: Store, id: number): Promise<void> {
  await store.repos.payments.transition(id, {
    event: 'approved',
    actor: 'clerk.a',
    action: 'proposal.approved',
    at: clock.now().toISOString(),
  });
}

function bind(s: SapSystem) {
  return {
    postDocument: (d: FiDocument) => s.postDocument(d),
    findDocumentByReference: (c: string, r: string) => s.findDocumentByReference(c, r),
  };
}
