// docs/ARCHITECTURE.md, "Posting exactly once", extended to what SAP does after it took a posting
// (issue 11, points 2, 4 and 10), with the same count as exactly-once.test.ts: every approved payment
// ends in exactly one document in SAP (0 duplicates), and none is lost (0 losses: it is posted, or
// visibly pending in SAP with its reason until SAP posts it, and the store agrees with SAP).
//
// - IDoc transport: the IDoc waits in 64 for RBDAPP01, stops in 51 and is reprocessed by BD87, is set
//   to 68 or deleted and then sent again, or posts at once (53) — each with the poster stopped right
//   after it wrote 'sending', stopped while the XML port had accepted the IDoc, or with the port's
//   answer lost; recovered by the same poster or by a restarted one, several times before and after
//   SAP acts.
// - RFC transport with SAP's update task (updateTaskMs > 0): the connection breaks before the COMMIT,
//   after it, or while the update task writes the document, or the poster stops during the COMMIT;
//   recoveries run at several moments before and after the grace period, which counts from the failed
//   call (or, when the process stopped during the call, from its start plus the call timeout).
//
// A "stopped" poster is one whose work ends at that point (its promise never settles) and is replaced
// by a new Poster on the same store — a restart. The connectors are reused; the SIGKILLed child
// processes are exactly-once.test.ts's part.
import { afterEach, expect, it } from 'vitest';
import {
  connectionParameters,
  createRfcSapSystem,
  sapErpSystem,
  type SapSystem,
} from '../../../electron/connectors/sap';
import { createSapSystem } from '../../../electron/connectors/sap/factory';
import { Poster, SapUnreachableError } from '../../../electron/core/posting/poster';
import {
  createSandboxRfc,
  SapLedger,
  seedLedger,
  startSapSandbox,
  type SapSandbox,
} from '../../../electron/sandbox/sap';
import type { Store } from '../../../electron/store';
import type { PostingTarget } from '../../../shared/ports';
import { buildFiDocument, postingReference, type FiDocument, type GlRule } from '../../../shared/posting';
import { payment } from '../../support/payments';
import { describeEachDialect, type StoreHarness } from '../../support/store';
import { testSeed } from '../sap/fixture';

const T0 = Date.parse('2026-11-20T12:00:00Z');
const BUDAT = '20261120';
const PAYMENTS_PER_RUN = 3;
const TARGET = 1; // the fault hits the middle payment of each IDoc run
/** RFC runs: the last payment, so that a recovery right after the failure meets SAP's update task still writing. */
const RFC_TARGET = 2;
const GRACE_MS = 60_000;
const CALL_TIMEOUT_MS = 30_000;
const rules: GlRule[] = [
  { companyCode: '*', transactionType: 'sale', paymentMethod: '*', account: '0000113100' },
  { companyCode: '*', transactionType: 'suspense', paymentMethod: '*', account: '0000113999' },
];

function document(transactionId: number, amountMinor: number): FiDocument {
  return buildFiDocument(
    {
      kind: 'payment',
      companyCode: '1000',
      documentDate: '2026-11-20',
      postingDate: '2026-11-20',
      reference: postingReference(transactionId, 'payment'),
      customer: '0000100001',
      amount: { minor: amountMinor, currency: 'USD' },
      items: [],
      source: { transactionId, invoiceId: '', paymentMethod: 'visa' },
    },
    { rules },
  );
}

const opened: { close(): Promise<void> }[] = [];
const ledgers: SapLedger[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
  for (const l of ledgers.splice(0)) l.stop();
});

/** ClearDesk's time, moved by the test; SAP's update task and IDoc processing run on real time. */
function movableClock() {
  let offset = 0;
  return { now: () => new Date(T0 + offset), set: (ms: number) => (offset = ms), get: () => offset };
}

type Clock = ReturnType<typeof movableClock>;

/** Where the poster process stops (its work ends there) or its connection breaks. */
type Fault =
  | 'none'
  /** Stopped after it wrote 'sending', before SAP was called. */
  | 'kill-after-local-sending'
  /** Stopped while the call was in flight: SAP did the work, nobody read the answer. */
  | 'kill-in-flight'
  /** The answer is lost, the process lives on (IDoc: the port saved the IDoc; RFC: a FaultPoint). */
  | 'drop';

/**
 * One poster "process". Its kills end its work for good (the promise never settles) and resolve
 * `died`, so the test goes on with a new process on the same store.
 */
class PosterProcess {
  readonly poster: Poster<FiDocument>;
  private killed!: () => void;
  readonly died = new Promise<'killed'>((resolve) => (this.killed = () => resolve('killed')));

  constructor(
    store: Store,
    target: PostingTarget<FiDocument>,
    clock: Clock,
    kill: { fault: Fault; reference: string; fired: boolean },
    graceMs: number,
  ) {
    const stop = (reference: string, at: Fault): Promise<void> | void => {
      if (kill.fired || kill.fault !== at || kill.reference !== reference) return;
      kill.fired = true;
      this.killed();
      return new Promise<void>(() => {});
    };
    const killable: PostingTarget<FiDocument> = new Proxy(target, {
      get: (t, key, receiver) => {
        if (key === 'postDocument') {
          return async (doc: FiDocument, options?: Parameters<PostingTarget<FiDocument>['postDocument']>[1]) => {
            const call = t.postDocument(doc, options);
            if (kill.fired || kill.fault !== 'kill-in-flight' || kill.reference !== doc.DOCUMENTHEADER.REF_DOC_NO)
              return call;
            await call.catch(() => undefined); // SAP finishes the call; the process is gone before it reads the answer
            return stop(doc.DOCUMENTHEADER.REF_DOC_NO, 'kill-in-flight') as never;
          };
        }
        const value: unknown = Reflect.get(t, key, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
      },
    });
    this.poster = new Poster<FiDocument>(
      store.repos,
      killable,
      clock,
      { afterLocalSending: (reference) => stop(reference, 'kill-after-local-sending') },
      graceMs,
      'local',
      5 * 60_000,
      CALL_TIMEOUT_MS,
    );
  }

  /** Posts, or reports that the process died or SAP did not answer. */
  async post(id: number, amountMinor: number): Promise<'killed' | 'unreachable' | 'done'> {
    const posting = this.poster
      .post({ transactionId: id, event: 'payment', document: document(id, amountMinor), approvedBy: 'clerk.a' })
      .then(
        () => 'done' as const,
        (e: unknown) => {
          if (e instanceof SapUnreachableError) return 'unreachable' as const;
          throw e;
        },
      );
    return Promise.race([posting, this.died]);
  }
}

async function approved(store: Store, id: number, amountMinor: number, at: string): Promise<void> {
  await store.repos.payments.ingest(
    [payment(id, { status: 'settled', batch: 1, amount: { minor: amountMinor, currency: 'USD' } })],
    at,
  );
  await store.repos.payments.transition(id, { event: 'approved', actor: 'clerk.a', action: 'proposal.approved', at });
}

interface Tally {
  runs: number;
  postings: number;
  duplicates: number;
  losses: number;
  kills: number;
  drops: number;
  restarts: number;
  problems: string[];
}
const tally = (): Tally => ({
  runs: 0,
  postings: 0,
  duplicates: 0,
  losses: 0,
  kills: 0,
  drops: 0,
  restarts: 0,
  problems: [],
});

/** Documents SAP has posted under a reference (BKPF, BSTAT ' ', not reversed). */
const postedDocs = (ledger: SapLedger, reference: string) =>
  [...ledger.documents.values()].filter((d) => d.header.XBLNR === reference && d.header.BSTAT === '');

/**
 * The count for one payment at one moment. Final: it must be posted once, locally with SAP's BELNR.
 * Before SAP acted: posted once, or visibly pending with SAP's IDoc and a reason (or, inside the grace
 * period, 'sending' with its outcome unknown), and never in SAP twice.
 */
async function check(
  t: Tally,
  run: string,
  store: Store,
  ledger: SapLedger,
  id: number,
  final: boolean,
  /** RFC runs: a posting may still be 'sending' while a recovery waits out its grace period. */
  graceMayHold = false,
): Promise<void> {
  const reference = postingReference(id, 'payment');
  const docs = postedDocs(ledger, reference);
  const posting = await store.repos.postings.find(id, 'payment');
  const tx = await store.db
    .selectFrom('transactions')
    .select(['queue_state', 'state_reason'])
    .where('transaction_id', '=', id)
    .executeTakeFirst();
  const what = `${run} ${reference}: SAP ${docs.map((d) => d.header.BELNR).join(',') || 'none'}, local ${posting?.state ?? 'none'} ${posting?.belnr ?? ''} idoc ${posting?.idocNumber ?? '-'}/${posting?.idocStatus ?? '-'}, queue ${tx?.queue_state}`;
  if (docs.length > 1) {
    if (final) t.duplicates += docs.length - 1; // counted once per payment, at the end of its run
    t.problems.push(`duplicate: ${what}`);
  }
  const recorded =
    posting?.state === 'posted' &&
    tx?.queue_state === 'posted' &&
    docs.some((d) => d.header.BELNR === posting.belnr && d.header.GJAHR === posting.gjahr);
  const agrees = docs.length === 1 && recorded;
  if (final) {
    if (!recorded) {
      t.losses += 1;
      t.problems.push(`lost: ${what}`);
    }
    return;
  }
  const held = ledger.idocs
    .byReference(reference)
    .some((c) => c.STATUS !== '53' && c.STATUS !== '68' && c.STATUS !== '70');
  const visiblyPending =
    docs.length === 0 &&
    held &&
    posting?.state === 'pending' &&
    tx?.queue_state === 'pending' &&
    (tx.state_reason ?? '').includes('In SAP, pending');
  const inGrace = graceMayHold && posting?.state === 'sending' && docs.length <= 1;
  if (docs.length <= 1 && !agrees && !visiblyPending && !inGrace) {
    t.losses += 1;
    t.problems.push(`not visible: ${what}`);
  }
}

// ---------------------------------------------------------------------------------------------
// IDoc

type IdocSap = 'posts-at-once' | 'held-64' | 'held-51' | 'set-68' | 'deleted';

const IDOC_SAP: { sap: IdocSap; expectPending: boolean }[] = [
  { sap: 'posts-at-once', expectPending: false },
  { sap: 'held-64', expectPending: true },
  { sap: 'held-51', expectPending: true },
  { sap: 'set-68', expectPending: true },
  { sap: 'deleted', expectPending: true },
];
const IDOC_FAULTS: Fault[] = ['none', 'kill-after-local-sending', 'kill-in-flight', 'drop'];
const RECOVERIES_BEFORE = 2;
const RECOVERIES_AFTER = 2;

async function idocWorld(): Promise<{ sandbox: SapSandbox; erp: PostingTarget<FiDocument> }> {
  const sandbox = await startSapSandbox({ seed: testSeed(), users: { CLEARDESK: 's3cret' } });
  opened.push(sandbox);
  const connection = { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK', passwd: 's3cret', lang: 'EN' };
  const rfc: SapSystem = createRfcSapSystem(sandbox.rfc, connection, { today: () => '2026-11-25' });
  opened.push(rfc);
  const idoc = await createSapSystem(
    {
      transport: 'idoc',
      rfc: { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK' },
      url: sandbox.url,
      client: '100',
      user: 'CLEARDESK',
      password: 's3cret',
      companyCodes: ['1000'],
    },
    { idoc: { pollMs: 20, statusTimeoutMs: 150 } },
  );
  opened.push(idoc);
  return { sandbox, erp: sapErpSystem(rfc, 'sandbox', { idoc: { system: idoc, companyCodes: new Set(['1000']) } }) };
}

async function idocMatrix(h: StoreHarness): Promise<Tally> {
  const t = tally();
  const { sandbox, erp } = await idocWorld();
  const { ledger } = sandbox;
  const { GJAHR, MONAT } = ledger.fiscalPeriodOf('1000', BUDAT);
  let n = 0;
  for (const { sap, expectPending } of IDOC_SAP) {
    for (const fault of IDOC_FAULTS) {
      for (const restart of [false, true]) {
        n += 1;
        const run = `idoc:${sap}:${fault}:${restart ? 'restarted' : 'same'}`;
        t.runs += 1;
        const store = await h.migrated();
        const clock = movableClock();
        const ids = Array.from({ length: PAYMENTS_PER_RUN }, (_, i) => 810_000 + n * 10 + i);
        const amount = (i: number) => 1000 + n * 37 + i * 113;
        for (const [i, id] of ids.entries()) await approved(store, id, amount(i), clock.now().toISOString());
        const kill = { fault, reference: postingReference(ids[TARGET]!, 'payment'), fired: false };

        // What SAP does with the IDocs of this run until it acts.
        if (sap === 'held-64') ledger.idocs.knobs.trigger = 'background';
        if (sap === 'held-51' || sap === 'set-68' || sap === 'deleted') ledger.closePeriod('1000', GJAHR, MONAT);
        try {
          let proc = new PosterProcess(store, erp, clock, kill, 0);
          const fresh = () => {
            t.restarts += 1;
            proc = new PosterProcess(store, erp, clock, kill, 0);
          };
          for (const [i, id] of ids.entries()) {
            if (fault === 'drop' && i === TARGET) sandbox.http.faults.dropAt('after-commit');
            const outcome = await proc.post(id, amount(i));
            if (outcome === 'killed') {
              t.kills += 1;
              fresh();
            }
            if (outcome === 'unreachable') {
              if (fault !== 'drop' || i !== TARGET) t.problems.push(`${run}: ${id} unreachable unexpectedly`);
              t.drops += 1;
            }
          }
          if (fault !== 'none' && fault !== 'drop' && !kill.fired) t.problems.push(`${run}: the kill did not fire`);

          // Syncs and restarts while SAP holds what it took: nothing is sent again, everything visible.
          // Each recovery runs later than any call could still be running (a stopped process left no
          // failure time: its grace runs from its start plus the call timeout).
          const later = () => clock.set(clock.get() + CALL_TIMEOUT_MS + 1);
          for (let r = 0; r < RECOVERIES_BEFORE; r += 1) {
            later();
            if (restart) fresh();
            await proc.poster.recoverPending();
            for (const id of ids) await check(t, `${run} before SAP acted`, store, ledger, id, false);
          }
          if (expectPending) {
            for (const id of ids) {
              const reference = postingReference(id, 'payment');
              if (postedDocs(ledger, reference).length > 0)
                t.problems.push(`${run}: ${reference} posted while SAP held it`);
              if (ledger.idocs.byReference(reference).length !== 1)
                t.problems.push(`${run}: ${reference} sent again while SAP held it`);
            }
          }

          // SAP acts.
          const held = ids.flatMap((id) =>
            ledger.idocs.byReference(postingReference(id, 'payment')).filter((c) => c.STATUS !== '53'),
          );
          if (sap === 'held-64') {
            ledger.idocs.knobs.trigger = 'immediately';
            ledger.idocs.runRbdapp01();
          } else if (sap === 'held-51') {
            ledger.openPeriod('1000', GJAHR, MONAT);
            ledger.idocs.reprocess();
          } else if (sap === 'set-68' || sap === 'deleted') {
            for (const c of held) {
              if (sap === 'set-68') ledger.idocs.noFurtherProcessing(c.DOCNUM);
              else ledger.idocs.delete(c.DOCNUM);
            }
            ledger.openPeriod('1000', GJAHR, MONAT);
          }

          for (let r = 0; r < RECOVERIES_AFTER; r += 1) {
            later();
            if (restart) fresh();
            await proc.poster.recoverPending();
          }
          // And SAP's jobs run once more (RBDMANI2 on anything still in 51): nothing old may post beside the new.
          ledger.idocs.reprocess();
          ledger.idocs.runRbdapp01();
          for (const id of ids) {
            t.postings += 1;
            await check(t, run, store, ledger, id, true);
            // SAP posted one IDoc; a second was sent only after SAP gave the first up (68 stays, deleted is gone).
            const idocs = ledger.idocs.byReference(postingReference(id, 'payment')).map((c) => c.STATUS);
            const wanted = sap === 'set-68' ? ['53', '68'] : ['53'];
            if (JSON.stringify([...idocs].sort()) !== JSON.stringify(wanted))
              t.problems.push(`${run}: IDocs ${idocs.join(',')} under ${id}, expected ${wanted.join(',')}`);
          }
        } finally {
          ledger.idocs.knobs.trigger = 'immediately';
          ledger.openPeriod('1000', GJAHR, MONAT);
        }
      }
    }
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// RFC with the update task

type RfcFault =
  | { kind: 'drop'; point: 'before-commit' | 'after-commit' | 'commit-during-update'; expect: 'found' | 'resent' }
  | { kind: 'kill-in-flight'; point: 'commit-during-update'; expect: 'found' };

const RFC_FAULTS: RfcFault[] = [
  { kind: 'drop', point: 'before-commit', expect: 'resent' },
  { kind: 'drop', point: 'after-commit', expect: 'found' },
  { kind: 'drop', point: 'commit-during-update', expect: 'found' },
  { kind: 'kill-in-flight', point: 'commit-during-update', expect: 'found' },
];
/** When recoveries run, in ms after the failure (or, for a stopped process, after start + call timeout); r: restarted first. */
const SCHEDULES: { at: number; restart?: boolean }[][] = [
  [{ at: 0 }, { at: 1_000 }, { at: GRACE_MS + 1 }],
  [{ at: GRACE_MS - 1 }, { at: GRACE_MS }],
  [
    { at: 20_000, restart: true },
    { at: 40_000, restart: true },
    { at: GRACE_MS + 5_000, restart: true },
  ],
  [{ at: GRACE_MS * 3 }],
];
const UPDATE_TASK_MS = 120;
/** SAP's commit takes this long on ClearDesk's clock before the connection breaks (inside the call timeout). */
const COMMIT_TAKES_MS = 20_000;

async function rfcMatrix(h: StoreHarness): Promise<Tally> {
  const t = tally();
  let n = 0;
  for (const fault of RFC_FAULTS) {
    for (const schedule of SCHEDULES) {
      n += 1;
      const run = `rfc:${fault.kind}:${fault.point}:${schedule.map((s) => `${s.restart ? 'r' : ''}${s.at}`).join('/')}`;
      t.runs += 1;
      const store = await h.migrated();
      const clock = movableClock();
      const ledger = new SapLedger({ now: () => new Date(T0), updateTaskMs: UPDATE_TASK_MS });
      ledgers.push(ledger);
      seedLedger(ledger, testSeed());
      const rfc = createSandboxRfc(ledger, { users: { CLEARDESK: 'sandbox' } });
      const sap = createRfcSapSystem(
        rfc,
        connectionParameters({ ashost: '127.0.0.1', sysnr: '00', client: '100', user: 'CLEARDESK' }, 'sandbox'),
      );
      opened.push(sap);
      const erp = sapErpSystem(sap, 'sandbox');
      const ids = Array.from({ length: PAYMENTS_PER_RUN }, (_, i) => 910_000 + n * 10 + i);
      const amount = (i: number) => 2000 + n * 41 + i * 97;
      for (const [i, id] of ids.entries()) await approved(store, id, amount(i), clock.now().toISOString());
      const target = ids[RFC_TARGET]!;
      const kill = {
        fault: (fault.kind === 'kill-in-flight' ? 'kill-in-flight' : 'none') as Fault,
        reference: postingReference(target, 'payment'),
        fired: false,
      };

      let proc = new PosterProcess(store, erp, clock, kill, GRACE_MS);
      let failedAt = 0;
      for (const [i, id] of ids.entries()) {
        if (i === RFC_TARGET) {
          rfc.faults.dropAt(fault.point);
          rfc.faults.hooks = {
            beforeCall: (c) => {
              if (c.rfm === 'BAPI_TRANSACTION_COMMIT') clock.set(COMMIT_TAKES_MS);
            },
          };
        }
        const outcome = await proc.post(id, amount(i));
        rfc.faults.hooks = {};
        if (i !== RFC_TARGET) {
          if (outcome !== 'done') t.problems.push(`${run}: ${id} ${outcome}`);
          continue;
        }
        if (fault.kind === 'drop') {
          if (outcome !== 'unreachable') t.problems.push(`${run}: the drop did not reach the poster (${outcome})`);
          t.drops += 1;
          failedAt = fault.point === 'before-commit' ? clock.get() : COMMIT_TAKES_MS;
          const sending = await store.repos.postings.find(target, 'payment');
          if (sending?.outcomeUnknownAt !== new Date(T0 + failedAt).toISOString())
            t.problems.push(`${run}: outcome unknown at ${sending?.outcomeUnknownAt}, not when the call failed`);
        } else {
          if (outcome !== 'killed') t.problems.push(`${run}: the kill did not fire (${outcome})`);
          t.kills += 1;
          failedAt = CALL_TIMEOUT_MS; // no failure recorded: the grace runs from the start plus the call timeout
          proc = new PosterProcess(store, erp, clock, kill, GRACE_MS);
          t.restarts += 1;
        }
      }

      const recovered = { found: 0, resent: 0, waiting: 0 };
      for (const step of schedule) {
        if (step.restart) {
          proc = new PosterProcess(store, erp, clock, kill, GRACE_MS);
          t.restarts += 1;
        }
        // A lookup once the grace period is over finds what the update task wrote (SAP's update task is
        // shorter than the grace period; that is what the period is for).
        if (step.at >= GRACE_MS)
          await expect.poll(() => ledger.updatesRunning, { timeout: 5000, interval: 10 }).toBe(0);
        clock.set(failedAt + step.at);
        const counts = await proc.poster.recoverPending();
        recovered.found += counts.found;
        recovered.resent += counts.resent;
        recovered.waiting += counts.waiting;
        if (step.at < GRACE_MS && (counts.found > 0 || counts.resent > 0))
          t.problems.push(`${run}: looked up at ${step.at} ms, inside the grace period`);
        for (const id of ids) await check(t, `${run} at ${step.at}`, store, ledger, id, false, true);
      }
      await expect.poll(() => ledger.updatesRunning, { timeout: 5000, interval: 10 }).toBe(0);
      const wanted = { found: fault.expect === 'found' ? 1 : 0, resent: fault.expect === 'resent' ? 1 : 0 };
      if (recovered.found !== wanted.found || recovered.resent !== wanted.resent)
        t.problems.push(`${run}: recovery ${JSON.stringify(recovered)}, expected ${JSON.stringify(wanted)}`);
      for (const id of ids) {
        t.postings += 1;
        await check(t, run, store, ledger, id, true);
      }
    }
  }
  return t;
}

function report(name: string, h: StoreHarness, t: Tally, expectedRuns: number): void {
  console.log(
    `exactly-once (${name}, ${h.dialect}): ${t.runs} runs, ${t.postings} postings, ${t.duplicates} duplicates, ${t.losses} losses ` +
      `(${t.kills} stopped posters, ${t.drops} lost answers, ${t.restarts} poster restarts)`,
  );
  expect(t.problems).toEqual([]);
  expect(t.duplicates).toBe(0);
  expect(t.losses).toBe(0);
  expect(t.runs).toBe(expectedRuns);
  expect(t.postings).toBe(expectedRuns * PAYMENTS_PER_RUN);
}

describeEachDialect('posting exactly once while SAP holds, reprocesses or is still writing what it took', (h) => {
  it('IDoc: held in 64 or 51, set to 68, deleted or posted at once, with the poster stopped, cut off and restarted', async () => {
    const t = await idocMatrix(h);
    report('IDoc', h, t, IDOC_SAP.length * IDOC_FAULTS.length * 2);
    expect(t.kills).toBe(IDOC_SAP.length * 2 * 2);
    expect(t.drops).toBe(IDOC_SAP.length * 2);
  }, 240_000);

  it('RFC with the update task: the COMMIT cut off or the poster stopped, recovered before and after the grace period', async () => {
    const t = await rfcMatrix(h);
    report('RFC update task', h, t, RFC_FAULTS.length * SCHEDULES.length);
  }, 120_000);
});
