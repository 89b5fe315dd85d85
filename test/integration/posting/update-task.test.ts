// SAP's update task and the grace period (issue 11, points 4 and 10): COMMIT WORK AND WAIT hands the
// document to the update task; when the connection breaks meanwhile, the caller hears of the failure at
// once and the document appears in BKPF only later. So a reference looked up right after the failure
// is not found, and sending again would post twice. The poster waits a grace period that runs from when
// the call failed (not from when the posting was written) before it looks. And a parked document under
// the reference (BKPF-BSTAT 'V') is no posting: the lookup asks for BSTAT ' '.
import { afterEach, expect, it } from 'vitest';
import {
  createRfcSapSystem,
  connectionParameters,
  sapErpSystem,
  type SapSystem,
} from '../../../electron/connectors/sap';
import { Poster } from '../../../electron/core/posting/poster';
import { createSandboxRfc, seedLedger, SapLedger, type SandboxRfc } from '../../../electron/sandbox/sap';
import type { Store } from '../../../electron/store';
import { buildFiDocument, postingReference, type FiDocument, type GlRule } from '../../../shared/posting';
import { payment } from '../../support/payments';
import { describeEachDialect } from '../../support/store';
import { testSeed } from '../sap/fixture';

const T0 = Date.parse('2026-11-20T12:00:00Z');
const GRACE_MS = 60_000;
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
      items: [],
      source: { transactionId, invoiceId: '', paymentMethod: 'visa' },
    },
    { rules },
  );
}

const systems: SapSystem[] = [];
const ledgers: SapLedger[] = [];
afterEach(async () => {
  for (const s of systems.splice(0)) await s.close();
  for (const l of ledgers.splice(0)) l.stop();
});

/** A clock the test moves: ClearDesk's time; SAP's update task runs on real time. */
function movableClock() {
  let offset = 0;
  return { now: () => new Date(T0 + offset), set: (ms: number) => (offset = ms) };
}

function sapWorld(updateTaskMs: number): { ledger: SapLedger; rfc: SandboxRfc; sap: SapSystem } {
  const ledger = new SapLedger({ now: () => new Date(T0), updateTaskMs });
  ledgers.push(ledger);
  seedLedger(ledger, testSeed());
  const rfc = createSandboxRfc(ledger, { users: { CLEARDESK: 'sandbox' } });
  const sap = createRfcSapSystem(
    rfc,
    connectionParameters({ ashost: '127.0.0.1', sysnr: '00', client: '100', user: 'CLEARDESK' }, 'sandbox'),
  );
  systems.push(sap);
  return { ledger, rfc, sap };
}

async function approved(store: Store, id: number, at: string): Promise<void> {
  await store.repos.payments.ingest([payment(id, { status: 'settled', batch: 1 })], at);
  await store.repos.payments.transition(id, { event: 'approved', actor: 'clerk.a', action: 'proposal.approved', at });
}

const inBkpf = (ledger: SapLedger, id: number) =>
  [...ledger.documents.values()].filter((d) => d.header.XBLNR === postingReference(id, 'payment'));

describeEachDialect('the update task, the grace period and BSTAT', (h) => {
  it('SAP simulator: a COMMIT whose connection breaks in the update task is written later; looking at once would post twice', async () => {
    const store = await h.migrated();
    const clock = movableClock();
    const world = sapWorld(150);
    await approved(store, 701, clock.now().toISOString());
    world.rfc.faults.dropAt('commit-during-update');
    // No grace at all: the lookup runs before the update task has written the document.
    const poster = new Poster<FiDocument>(store.repos, sapErpSystem(world.sap, 'sandbox'), clock, {}, 0);
    await expect(
      poster.post({ transactionId: 701, event: 'payment', document: document(701), approvedBy: 'clerk.a' }),
    ).rejects.toMatchObject({ name: 'SapUnreachableError' });
    expect(inBkpf(world.ledger, 701)).toHaveLength(0);
    expect(world.ledger.updatesRunning).toBe(1);
    await poster.recoverPending();
    await expect.poll(() => world.ledger.updatesRunning, { timeout: 3000, interval: 10 }).toBe(0);
    expect(inBkpf(world.ledger, 701)).toHaveLength(2);
  });

  it('waits out the grace period from when the call failed, then finds the document the update task wrote: once', async () => {
    const store = await h.migrated();
    const clock = movableClock();
    const world = sapWorld(150);
    await approved(store, 702, clock.now().toISOString());
    world.rfc.faults.dropAt('commit-during-update');
    // The commit is slow: it fails 50 s after the posting was written.
    world.rfc.faults.hooks = {
      beforeCall: (c) => {
        if (c.rfm === 'BAPI_TRANSACTION_COMMIT') clock.set(50_000);
      },
    };
    const poster = new Poster<FiDocument>(store.repos, sapErpSystem(world.sap, 'sandbox'), clock, {}, GRACE_MS);
    await expect(
      poster.post({ transactionId: 702, event: 'payment', document: document(702), approvedBy: 'clerk.a' }),
    ).rejects.toMatchObject({ name: 'SapUnreachableError' });
    const sending = await store.repos.postings.find(702, 'payment');
    expect(sending).toMatchObject({ state: 'sending', outcomeUnknownAt: new Date(T0 + 50_000).toISOString() });

    // 70 s after the start but 20 s after the failure: still inside the grace period, nothing is looked up.
    clock.set(70_000);
    expect(await poster.recoverPending()).toMatchObject({ waiting: 1, found: 0, resent: 0 });
    await expect(
      poster.post({ transactionId: 702, event: 'payment', document: document(702), approvedBy: 'clerk.a' }),
    ).rejects.toThrow(/outcome has been unknown for less than 60 s/);

    await expect.poll(() => world.ledger.updatesRunning, { timeout: 3000, interval: 10 }).toBe(0);
    clock.set(111_000);
    expect(await poster.recoverPending()).toMatchObject({ waiting: 0, found: 1, resent: 0 });
    const [doc] = inBkpf(world.ledger, 702);
    expect(inBkpf(world.ledger, 702)).toHaveLength(1);
    expect(await store.repos.postings.find(702, 'payment')).toMatchObject({
      state: 'posted',
      belnr: doc!.header.BELNR,
      outcomeUnknownAt: null,
    });
  });

  it('a parked document under the reference (BSTAT V) is not taken for the posting: the payment is posted', async () => {
    const store = await h.migrated();
    const clock = movableClock();
    const world = sapWorld(0);
    await approved(store, 703, clock.now().toISOString());
    // Someone parked a document with the same reference in SAP (FV70): it has a number but posts nothing.
    const doc = document(703);
    const parked = world.ledger.park(
      {
        header: { ...doc.DOCUMENTHEADER, USERNAME: 'CLERK' },
        gl: doc.ACCOUNTGL.map((l) => ({ ...l })),
        ar: doc.ACCOUNTRECEIVABLE.map((l) => ({ ...l })),
        amounts: doc.CURRENCYAMOUNT.map((l) => ({ ...l })),
      },
      'CLERK',
    );
    expect(parked.ok).toBe(true);
    expect(inBkpf(world.ledger, 703).map((d) => d.header.BSTAT)).toEqual(['V']);
    expect(await world.sap.findDocumentByReference('1000', 'PT703P')).toBeNull();

    const poster = new Poster<FiDocument>(store.repos, sapErpSystem(world.sap, 'sandbox'), clock);
    const posted = await poster.post({ transactionId: 703, event: 'payment', document: doc, approvedBy: 'clerk.a' });
    const real = inBkpf(world.ledger, 703).filter((d) => d.header.BSTAT === '');
    expect(real).toHaveLength(1);
    expect(posted).toMatchObject({ state: 'posted', belnr: real[0]!.header.BELNR });
  });
});
