// SAP is the truth about what was posted: before a posting is first sent, its reference is looked
// up in SAP, so a store that forgot a posting (restored from a backup, a lost WAL, a second
// installation) never posts a document twice. A run of postings looks its references up in one
// read per company code.
import { afterEach, expect, it } from 'vitest';
import {
  createRfcSapSystem,
  createSapPolicy,
  loadGlRules,
  sapErpSystem,
  type SapSystem,
} from '../../../electron/connectors/sap';
import type { Policy } from '../../../electron/resilience';
import { Core } from '../../../electron/core/core';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import type { Actor } from '../../../electron/core/ports';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { createSandboxRfc, type SandboxRfc } from '../../../electron/sandbox/sap/rfc';
import { seedLedger } from '../../../electron/sandbox/sap/seed';
import type { Store } from '../../../electron/store';
import type { PaymentTransaction } from '../../../shared/domain';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import { testSeed } from '../sap/fixture';
import { sale } from '../core/core-fixture';
import { describeEachDialect } from '../../support/store';

const clerk: Actor = { name: 'mia.clerk', roles: ['clerk'] };
const NOW = '2026-11-25T20:00:00.000Z';
const connection = { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK', passwd: 'secret', lang: 'EN' };

const systems: SapSystem[] = [];
afterEach(async () => {
  for (const s of systems.splice(0)) await s.close();
});

/** One SAP (its ledger outlives the ClearDesk stores in a test), and what each RFC call was. */
function sapWorld() {
  const ledger = new SapLedger({ now: () => new Date(NOW) });
  seedLedger(ledger, testSeed());
  const rfc: SandboxRfc = createSandboxRfc(ledger, { users: { CLEARDESK: 'secret' } });
  const calls: string[] = [];
  rfc.faults.hooks = {
    beforeCall: (c) => {
      calls.push(c.rfm === 'RFC_READ_TABLE' ? `RFC_READ_TABLE ${String(c.params.QUERY_TABLE)}` : c.rfm);
    },
  };
  return { ledger, rfc, calls };
}

async function coreOn(
  store: Store,
  sap: ReturnType<typeof sapWorld>,
  paytrace: PaymentTransaction[],
  policy?: Policy,
  more: Partial<ConstructorParameters<typeof Core>[0]> = {},
) {
  const system = createRfcSapSystem(sap.rfc, connection, { today: () => '2026-11-25', ...(policy ? { policy } : {}) });
  systems.push(system);
  return new Core({
    store: store.repos,
    gateway: { fetchTransactions: async () => ({ transactions: paytrace, rejected: [] }) },
    erp: sapErpSystem(system, 'sandbox'),
    companyCodes: ['1000'],
    matcher: (input) => matchPayments(input, DEFAULT_RULES),
    buildDocument: createDocumentBuilder({ rules: await loadGlRules(), assignmentFrom: 'invoice' }),
    clock: { now: () => new Date(NOW) },
    session: { sandbox: true, dataDir: '/tmp', version: 'test' },
    ...more,
  });
}

const documentsFor = (ledger: SapLedger, reference: string) =>
  [...ledger.documents.values()].filter((d) => d.header.XBLNR === reference);

describeEachDialect('SAP is the truth about what was posted', (h) => {
  it('a store that forgot a posting SAP holds records the document found instead of posting it again', async () => {
    const sap = sapWorld();
    const payments = [sale(8201, 10000, { invoiceId: '90001234' })];
    // The first installation posts it...
    const first = await coreOn(await h.migrated(), sap, payments);
    await first.sync({ since: '2026-11-01' });
    const [row] = await first.handle('queue.list', {}, clerk);
    const posted = await first.handle(
      'proposal.approve',
      { transactionId: 8201, proposalId: row!.proposal!.id },
      clerk,
    );
    expect(posted.state).toBe('posted');
    const original = documentsFor(sap.ledger, 'PT8201P');
    expect(original).toHaveLength(1);

    // ...and a store that never heard of it (a backup from before, a second installation) meets the
    // same payment. SAP cleared the invoice, so the matcher proposes the payment on account; the
    // clerk approves it all the same.
    const store = await h.migrated();
    const second = await coreOn(store, sap, payments);
    await second.sync({ since: '2026-11-01' });
    const [again] = await second.handle('queue.list', {}, clerk);
    expect(again!.queueState).toBe('review');
    const recovered = await second.handle(
      'proposal.approve',
      { transactionId: 8201, proposalId: again!.proposal!.id },
      clerk,
    );
    expect(recovered).toMatchObject({
      state: 'posted',
      sapDocument: { BELNR: original[0]!.header.BELNR, BUKRS: '1000', GJAHR: '2026' },
    });
    expect(documentsFor(sap.ledger, 'PT8201P')).toHaveLength(1);
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('subject', '=', 'paytrace:8201')
      .where('action', '=', 'posting.recovered')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({
      BELNR: original[0]!.header.BELNR,
      recovered: expect.stringMatching(/restored from a backup/),
    });
  });

  it("one posting SAP does not answer stops only itself; once SAP's breaker opens the rest wait in review for the next sync", async () => {
    const sap = sapWorld();
    const payments = [
      sale(8401, 10000, { invoiceId: '90001234' }),
      sale(8402, 25000, { invoiceId: '90001235' }),
      sale(8403, 7550, { invoiceId: '90001236', billingName: 'Globex' }),
    ];
    let now = Date.parse(NOW);
    // The breaker opens on the first failure, so the first posting SAP does not answer opens it.
    const policy = createSapPolicy({
      clock: { now: () => new Date(now) },
      sleep: () => Promise.resolve(),
      breaker: { failureThreshold: 1, openMs: 60_000 },
    });
    const store = await h.migrated();
    const core = await coreOn(store, sap, payments, policy);
    let dropped = 0;
    sap.rfc.faults.hooks = {
      beforeCall: (c) => {
        sap.calls.push(c.rfm);
        if (c.rfm === 'BAPI_ACC_DOCUMENT_POST' && dropped++ === 0) return 'drop';
      },
    };
    sap.calls.length = 0;
    await expect(core.sync({ since: '2026-11-01', autoPost: (t, p) => core.autoPost(t, p) })).rejects.toThrow(
      /SAP did not answer while posting reference PT8401P/,
    );
    expect(policy.circuitState).toBe('open');
    // One posting was sent; the two behind it were neither approved nor sent, and the run's log says why.
    expect(sap.calls.filter((c) => c === 'BAPI_ACC_DOCUMENT_POST')).toHaveLength(1);
    expect(await store.repos.postings.find(8401, 'payment')).toMatchObject({ state: 'sending' }); // outcome unknown
    expect(await store.repos.postings.find(8402, 'payment')).toBeNull();
    for (const id of [8402, 8403]) expect((await store.repos.payments.get(id))?.state).toBe('review');
    const runId = (await store.repos.syncRuns.latestId())!;
    const log = await store.repos.syncRuns.readLog(runId);
    expect(log.map((l) => l.message)).toContainEqual(
      expect.stringMatching(/2 automatic postings \(transactions 8402, 8403\) not sent: .*circuit breaker is open/),
    );

    // After the cool-down SAP answers again: the next sync resolves 8401 and posts the two that waited.
    now += 60_000;
    await core.sync({ since: '2026-11-01', autoPost: (t, p) => core.autoPost(t, p) });
    for (const id of [8401, 8402, 8403]) {
      expect((await store.repos.payments.get(id))?.state).toBe('posted');
      expect(documentsFor(sap.ledger, `PT${id}P`)).toHaveLength(1);
    }
    expect(policy.circuitState).toBe('closed');
  });

  it("with a wait allowed, the run waits out the breaker's cool-down, sends one posting as its trial, and goes on", async () => {
    const sap = sapWorld();
    const payments = [
      sale(8411, 10000, { invoiceId: '90001234' }),
      sale(8412, 25000, { invoiceId: '90001235' }),
      sale(8413, 7550, { invoiceId: '90001236', billingName: 'Globex' }),
    ];
    let now = Date.parse(NOW);
    const policy = createSapPolicy({
      clock: { now: () => new Date(now) },
      sleep: () => Promise.resolve(),
      breaker: { failureThreshold: 1, openMs: 30_000 },
    });
    const store = await h.migrated();
    const slept: number[] = [];
    const core = await coreOn(store, sap, payments, policy, {
      breakerWaitMs: 60_000,
      // The run's waits pass on the SAP policy's clock.
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    let dropped = 0;
    const posts: string[] = [];
    sap.rfc.faults.hooks = {
      beforeCall: (c) => {
        if (c.rfm !== 'BAPI_ACC_DOCUMENT_POST') return;
        posts.push(String((c.params.DOCUMENTHEADER as { REF_DOC_NO?: string }).REF_DOC_NO));
        if (dropped++ === 0) return 'drop';
      },
    };
    await expect(core.sync({ since: '2026-11-01', autoPost: (t, p) => core.autoPost(t, p) })).rejects.toThrow(
      /SAP did not answer while posting reference PT8411P/,
    );
    // The first posting opened the breaker; the run waited its 30 s once, 8412 went as the trial, SAP took
    // it (the breaker closed) and 8413 followed. The unanswered one waits for the next sync to resolve it.
    expect(slept).toEqual([30_000]);
    expect(posts).toEqual(['PT8411P', 'PT8412P', 'PT8413P']);
    expect(policy.circuitState).toBe('closed');
    expect(await store.repos.postings.find(8411, 'payment')).toMatchObject({ state: 'sending' });
    for (const id of [8412, 8413]) {
      expect((await store.repos.payments.get(id))?.state).toBe('posted');
      expect(documentsFor(sap.ledger, `PT${id}P`)).toHaveLength(1);
    }
  });

  it('a wait allowed is spent once: a trial SAP does not answer leaves the rest for the next sync', async () => {
    const sap = sapWorld();
    const payments = [
      sale(8421, 10000, { invoiceId: '90001234' }),
      sale(8422, 25000, { invoiceId: '90001235' }),
      sale(8423, 7550, { invoiceId: '90001236', billingName: 'Globex' }),
    ];
    let now = Date.parse(NOW);
    const policy = createSapPolicy({
      clock: { now: () => new Date(now) },
      sleep: () => Promise.resolve(),
      breaker: { failureThreshold: 1, openMs: 30_000 },
    });
    const store = await h.migrated();
    const slept: number[] = [];
    const core = await coreOn(store, sap, payments, policy, {
      breakerWaitMs: 45_000,
      clock: { now: () => new Date(now) },
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    const posts: string[] = [];
    sap.rfc.faults.hooks = {
      beforeCall: (c) => {
        if (c.rfm !== 'BAPI_ACC_DOCUMENT_POST') return;
        posts.push(String((c.params.DOCUMENTHEADER as { REF_DOC_NO?: string }).REF_DOC_NO));
        return 'drop'; // SAP is down for the whole run
      },
    };
    await expect(core.sync({ since: '2026-11-01', autoPost: (t, p) => core.autoPost(t, p) })).rejects.toThrow(
      /SAP did not answer while posting reference PT8421P/,
    );
    // One wait of 30 s, one trial (unanswered, the breaker opened again); 15 s of the 45 left is not a cool-down.
    expect(slept).toEqual([30_000]);
    expect(posts).toEqual(['PT8421P', 'PT8422P']);
    expect(policy.circuitState).toBe('open');
    expect((await store.repos.payments.get(8423))?.state).toBe('review');
    expect(await store.repos.postings.find(8423, 'payment')).toBeNull();
    const log = await store.repos.syncRuns.readLog((await store.repos.syncRuns.latestId())!);
    expect(log.map((l) => l.message)).toContainEqual(
      expect.stringMatching(/1 automatic posting \(transactions 8423\) not sent: .*circuit breaker is open/),
    );
  });

  it('the automatic tier looks its references up in one read, then posts only what SAP does not hold', async () => {
    const sap = sapWorld();
    const payments = [
      sale(8301, 10000, { invoiceId: '90001234' }),
      sale(8302, 25000, { invoiceId: '90001235' }),
      sale(8303, 7550, { invoiceId: '90001236', billingName: 'Globex' }),
    ];
    // 8302 was posted by another installation already.
    const other = await coreOn(await h.migrated(), sap, [payments[1]!]);
    await other.sync({ since: '2026-11-01' });
    const [row] = await other.handle('queue.list', {}, clerk);
    await other.handle('proposal.approve', { transactionId: 8302, proposalId: row!.proposal!.id }, clerk);
    expect(documentsFor(sap.ledger, 'PT8302P')).toHaveLength(1);

    const store = await h.migrated();
    const core = await coreOn(store, sap, payments);
    sap.calls.length = 0;
    const summary = await core.sync({ since: '2026-11-01', autoPost: (t, p) => core.autoPost(t, p) });
    const lookups = sap.calls.filter((c) => c === 'RFC_READ_TABLE BKPF');
    const autoPosted = (await store.db.selectFrom('postings').select(['transaction_id', 'state']).execute()).map(
      (p) => [Number(p.transaction_id), p.state],
    );
    // Every automatic-tier payment ends posted, each in SAP once; the one SAP held is recorded, not sent.
    expect(autoPosted.sort()).toEqual([
      [8301, 'posted'],
      [8302, 'posted'],
      [8303, 'posted'],
    ]);
    for (const id of [8301, 8302, 8303]) expect(documentsFor(sap.ledger, `PT${id}P`)).toHaveLength(1);
    expect(summary.posted).toBe(3);
    // One read of BKPF for the whole run (after the probe of its fields, once per connection).
    expect(lookups).toHaveLength(2);
    expect(sap.calls.filter((c) => c === 'BAPI_ACC_DOCUMENT_POST')).toHaveLength(2);
  });
});
