// A business day under faults (docs/ARCHITECTURE.md, "Tests and benchmarks", the business day): the
// scheduler's own jobs on a controlled clock from 08:00 to 18:00 in the company's zone, the PayTrace
// simulator (real HTTP) with sales arriving over the day, the SAP simulator's Gateway service (real
// HTTP, OData) taking the automatic tier's postings, and a TCP fault proxy in front of each that
// injects, at set times, latency, resets while the request and while the answer travel, half-open
// connections, 5xx and 429 bursts with Retry-After, and a PayTrace token that stops being valid.
// At the end: every PayTrace transaction stored once (ids and count against the simulator), every
// posting in SAP's ledger once (no XBLNR twice, none lost: every posted payment has its document
// and every proposal of the automatic tier was posted), every failed run in the history with its
// error, and each alert sent once per window, not per retry.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayTraceClient, payTraceGateway } from '../../../electron/connectors/paytrace';
import {
  createSapPolicy,
  createSapSystem,
  loadGlRules,
  sapErpSystem,
  type SapSystem,
} from '../../../electron/connectors/sap';
import { Core } from '../../../electron/core/core';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import { secondApprovalReasons } from '../../../electron/core/review/actions';
import { updateSettings } from '../../../electron/core/settings';
import { nextSlot, type Timing } from '../../../electron/core/jobs/timing';
import { alertMailSource } from '../../../electron/hosts/alert-mail';
import { DEMO_USER, ManualClock, type RunningSandbox, startPayTraceSandbox } from '../../../electron/sandbox/paytrace';
import { type SapSandbox, startSapSandbox } from '../../../electron/sandbox/sap';
import { generateScenario } from '../../../electron/sandbox/scenario';
import type { Scenario } from '../../../electron/sandbox/scenario/types';
import { vaultForHost } from '../../../electron/secrets';
import { migrate, openStore, type JobRunRecord, type Store } from '../../../electron/store';
import { PAYMENT_STATES } from '../../../shared/domain';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import type { Actor } from '../../../electron/core/ports';
import { testAuditKeys } from '../../support/audit-key';
import { FakeTime, until } from '../../support/fake-time';
import { type FaultProxy, type RequestHead, startFaultProxy } from '../../support/fault-proxy';
import { startSmtp, type TestSmtp } from '../../support/smtp';

const DAY = '2026-11-16'; // a Monday
const ZONE = 'America/Los_Angeles';
/** 07:55 in Los Angeles (PST): the scheduler starts before the first business-hours sync. */
const START = '2026-11-16T15:55:00.000Z';
/** 18:05: the last sync (17:30) has run. */
const END = '2026-11-17T02:05:00.000Z';
const SYNC_EVERY = 30;
/** Attempts SAP's policy makes at a read: a fault outlasts them when armed for this many requests. */
const SAP_ATTEMPTS = 4;
const admin: Actor = { name: 'ada.admin', roles: ['admin'] };

describe('a business day of scheduled syncs and automatic postings under faults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-business-day-'));
  let scenario: Scenario;
  let paytrace: RunningSandbox;
  let ptClock: ManualClock;
  let sapSim: SapSandbox;
  let ptProxy: FaultProxy;
  let sapProxy: FaultProxy;
  let sap: SapSystem;
  let smtp: TestSmtp;
  let store: Store;
  let core: Core;
  const time = new FakeTime(Date.parse(START));
  let applied = 0;

  /** PayTrace's day up to the clock: the sales, captures and voids that have happened by now. */
  const arrive = (now: number): void => {
    ptClock.set(now);
    while (applied < scenario.payments.length && Date.parse(scenario.payments[applied]!.at) <= now)
      paytrace.sim.apply(scenario.payments[applied++]!);
  };

  beforeAll(async () => {
    scenario = generateScenario({
      seed: 20261116,
      customers: 14,
      invoicesPerCustomer: 3,
      payments: 36,
      currency: 'USD',
      startDate: DAY,
      days: 1,
      foreignCompanyCodes: false,
      notAfter: END,
    });
    // PayTrace's day: the scenario's sales, and a batch closed every hour from 10:00 to 17:00.
    const closes = Array.from({ length: 8 }, (_, i) => ({
      op: 'settle' as const,
      key: `close-${i}`,
      at: new Date(Date.parse('2026-11-16T18:00:00Z') + i * 3_600_000).toISOString(),
    }));
    scenario = {
      ...scenario,
      payments: [...scenario.payments.filter((op) => op.op !== 'settle'), ...closes].sort(
        (a, b) => Date.parse(a.at) - Date.parse(b.at),
      ),
    };
    ptClock = new ManualClock(Date.parse(START));
    paytrace = await startPayTraceSandbox({
      port: 0,
      seed: 20261116,
      clock: ptClock,
      zone: ZONE,
      // The merchant closes a batch every hour from 10:00 (the ops below), so sales settle through the day.
      autoSettle: { enabled: false },
    });
    sapSim = await startSapSandbox({ port: 0, seed: scenario, users: { CLEARDESK: 'sandbox-sap' } });
    ptProxy = await startFaultProxy({ target: { port: Number(new URL(paytrace.url).port) } });
    sapProxy = await startFaultProxy({ target: { port: Number(new URL(sapSim.url).port) } });
    smtp = await startSmtp({ user: 'alerts', password: 'smtp-Pass-day-16' });

    const client = new PayTraceClient(
      {
        baseUrl: ptProxy.url,
        username: DEMO_USER.username,
        password: DEMO_USER.password,
        integratorId: 'CLEARDESKTEST',
        zone: ZONE,
        currency: 'USD',
        timeoutMs: 2_000,
      },
      {
        now: () => time.now().getTime(),
        policyOptions: {
          baseDelayMs: 20,
          maxDelayMs: 200,
          maxRetryAfterMs: 1_500,
          maxAttempts: 5,
          breaker: { failureThreshold: 20, openMs: 60_000 },
        },
      },
    );
    sap = await createSapSystem(
      {
        transport: 'odata',
        rfc: { ashost: 'unused', sysnr: '00', client: '100', user: 'CLEARDESK' },
        url: sapProxy.url,
        client: '100',
        user: 'CLEARDESK',
        password: 'sandbox-sap',
        companyCodes: scenario.companyCodes.map((c) => c.BUKRS),
      },
      {
        callTimeoutSeconds: 3,
        // SAP's one policy (reads retried, postings sent once, one breaker) on the day's clock.
        policy: createSapPolicy({
          clock: time,
          maxAttempts: SAP_ATTEMPTS,
          baseDelayMs: 20,
          maxDelayMs: 200,
          maxRetryAfterMs: 1_500,
          breaker: { failureThreshold: 5, openMs: 60_000 },
        }),
      },
    );
    store = await openStore({ kind: 'sqlite', file: join(dir, 'cleardesk.sqlite') }, { auditKeys: testAuditKeys() });
    await migrate(store);
    const env = {
      CLEARDESK_VAULT: 'env',
      CLEARDESK_SMTP_URL: `smtp://alerts@127.0.0.1:${smtp.port}`,
      CLEARDESK_SMTP_PASSWORD: 'smtp-Pass-day-16',
      CLEARDESK_ALERT_FROM: 'cleardesk@example.com',
      CLEARDESK_ALERT_EMAIL: 'ar-admin@example.com',
    };
    core = new Core({
      store: store.repos,
      gateway: payTraceGateway(client),
      erp: sapErpSystem(sap, 'odata'),
      companyCodes: scenario.companyCodes.map((c) => c.BUKRS),
      matcher: (input) => matchPayments(input, DEFAULT_RULES),
      buildDocument: createDocumentBuilder({ rules: await loadGlRules(), assignmentFrom: 'invoice' }),
      clock: time,
      jobTimers: time,
      session: { sandbox: true, dataDir: dir, version: 'test' },
      recoveryGraceMs: 60_000,
      sapCallTimeoutMs: 3_000,
      instanceId: 'business-day',
      payTraceZone: ZONE,
      alertMail: alertMailSource({ env, vault: () => vaultForHost(env), profile: 'default' }),
    });
    await updateSettings(store.repos, time, admin, { autoPost: { enabled: true, maxAmount: null } });
  }, 60_000);

  afterAll(async () => {
    await core?.jobs.stop();
    await sap?.close();
    await store?.close();
    await Promise.all([ptProxy?.close(), sapProxy?.close(), paytrace?.close(), sapSim?.close(), smtp?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const runs = async (): Promise<JobRunRecord[]> => (await store.repos.jobs.history(null, 500)).reverse();
  const settled = async (): Promise<boolean> => (await runs()).every((r) => r.status !== 'running');

  /**
   * What the proxies inject, by the local time of the sync it is armed for. Latency lasts its step; a
   * fault waits armed until a request it matches takes it (a posting fault, for the next posting).
   */
  const exportCall = (r: RequestHead) => r.path.startsWith('/v1/transactions/export');
  const payTraceCall = (r: RequestHead) => r.path.startsWith('/v1/');
  const posting = (r: RequestHead) => r.method === 'POST' && r.body.includes('POST AccountingDocuments');
  const sapRead = (r: RequestHead) => r.method === 'GET' && r.path.includes('OpenItems');
  const FAULTS: Record<string, () => void> = {
    '08:30': () => ptProxy.setLatency(400),
    '09:00': () =>
      ptProxy.inject({ kind: 'status', status: 429, retryAfterSeconds: 1 }, { times: 2, match: payTraceCall }),
    // More 503s than the client's five attempts on each of the run's two export windows (yesterday
    // and today, read at once): the run fails, visibly, and is alerted once.
    '09:30': () =>
      ptProxy.inject({ kind: 'status', status: 503, retryAfterSeconds: 1 }, { times: 10, match: exportCall }),
    // SAP's Gateway loses the answer to a posting it made (the batch closed at 10:00 brings postings).
    '10:00': () => {
      ptProxy.inject({ kind: 'reset-response' }, { match: exportCall });
      sapProxy.inject({ kind: 'reset-response' }, { match: posting });
    },
    '10:30': () => ptProxy.expireTokens(),
    // A posting SAP never answers: only the call timeout ends it.
    '11:00': () => {
      ptProxy.inject({ kind: 'reset-request' }, { match: exportCall });
      ptProxy.inject({ kind: 'half-open' }, { match: exportCall });
      sapProxy.inject({ kind: 'half-open' }, { match: posting });
    },
    '11:30': () => ptProxy.inject({ kind: 'status', status: 502 }, { times: 2, match: payTraceCall }),
    '12:00': () => sapProxy.inject({ kind: 'status', status: 504 }, { match: posting }),
    // SAP down for two syncs in a row (503s that outlast the read's retries): two failed runs, one
    // e-mail (the second inside the window).
    '13:30': () => sapProxy.inject({ kind: 'status', status: 503 }, { times: SAP_ATTEMPTS, match: sapRead }),
    '14:00': () => sapProxy.inject({ kind: 'status', status: 503 }, { times: SAP_ATTEMPTS, match: sapRead }),
    '15:00': () => sapProxy.inject({ kind: 'reset-request' }, { match: posting }),
    '16:00': () => sapProxy.setLatency(300),
    // A reset and a 503 with Retry-After on SAP's reads that the read's retries ride out: the run ends well.
    '16:30': () => {
      sapProxy.inject({ kind: 'reset-request' }, { match: sapRead });
      sapProxy.inject({ kind: 'status', status: 503, retryAfterSeconds: 1 }, { match: sapRead });
    },
  };
  const localTime = (ms: number): string =>
    new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      ms,
    );

  it('runs the day', async () => {
    arrive(time.now().getTime());
    const syncTiming = {
      schedule: `*/${SYNC_EVERY} * * * *`,
      zone: ZONE,
      businessHours: { from: '08:00', to: '18:00', days: [1, 2, 3, 4, 5] },
    };
    const mirrorTiming = { schedule: '45 * * * *', zone: ZONE, businessHours: null };
    await core.jobs.start({
      'paytrace.sync': { schedule: syncTiming.schedule, jitterSeconds: 0, businessHours: syncTiming.businessHours },
      // Its own time, not the default's: at :45 it falls between this day's half-hourly syncs.
      'sap.mirror': { schedule: mirrorTiming.schedule, jitterSeconds: 0 },
    });
    /** How many times a job's schedule came from the start up to `until` (the scheduler must have run each). */
    const slotsUpTo = (timing: Timing, until: number): number => {
      let n = 0;
      for (let at = nextSlot(timing, new Date(START)); at && at.getTime() <= until; at = nextSlot(timing, at)) n++;
      return n;
    };
    // The sync has never run: it runs at start (catch-up) before the day's first time.
    await until(async () => (await runs()).length > 0 && (await settled()), 'the first sync ended', 60_000);
    const started = Date.now();
    for (let t = Date.parse(START); t < Date.parse(END);) {
      t = Math.min(t + 5 * 60_000, Date.parse(END));
      const iso = new Date(t).toISOString();
      ptProxy.setLatency(0);
      sapProxy.setLatency(0);
      FAULTS[localTime(t)]?.();
      arrive(t);
      time.advanceTo(iso);
      // Every run due by now has been recorded and has ended before the clock moves on (a loaded
      // machine may take a while to start one; each run's own timeouts are real time).
      const due = { sync: 1 + slotsUpTo(syncTiming, t), mirror: slotsUpTo(mirrorTiming, t) };
      await until(
        async () => {
          const all = await runs();
          return (
            all.filter((r) => r.job === 'paytrace.sync').length >= due.sync &&
            all.filter((r) => r.job === 'sap.mirror').length >= due.mirror &&
            all.every((r) => r.status !== 'running')
          );
        },
        `the runs due at ${iso} ended`,
        90_000,
      );
    }
    await core.jobs.stop();
    const history = await runs();
    console.info(
      `business day: ${history.length} runs in ${Date.now() - started} ms; ` +
        history.map((r) => `${r.job}@${localTime(Date.parse(r.startedAt))}:${r.status}`).join(' ') +
        `; PayTrace faults ${JSON.stringify(kinds(ptProxy))}; SAP faults ${JSON.stringify(kinds(sapProxy))}`,
    );
  }, 240_000);

  const kinds = (proxy: FaultProxy): Record<string, number> =>
    Object.fromEntries(
      (['latency', 'reset-request', 'reset-response', 'half-open', 'status', 'token-expired'] as const).map((k) => [
        k,
        proxy.count(k),
      ]),
    );

  it('injected every kind of fault on the way', () => {
    for (const kind of ['latency', 'reset-request', 'reset-response', 'half-open', 'status', 'token-expired'] as const)
      expect(ptProxy.count(kind), `PayTrace ${kind}`).toBeGreaterThan(0);
    expect(ptProxy.events.filter((e) => e.kind === 'status').map((e) => e.status)).toEqual(
      expect.arrayContaining([429, 502, 503]),
    );
    for (const kind of ['latency', 'reset-request', 'reset-response', 'half-open', 'status'] as const)
      expect(sapProxy.count(kind), `SAP ${kind}`).toBeGreaterThan(0);
  });

  it('stored every PayTrace transaction exactly once', async () => {
    expect(applied).toBe(scenario.payments.length); // the whole day arrived
    const simIds = [...paytrace.sim.ledger.transactions.keys()].sort((a, b) => a - b);
    expect(simIds.length).toBeGreaterThan(30);
    const ours = await store.repos.payments.getMany(simIds);
    expect(ours.map((p) => p.source.transaction_id).sort((a, b) => a - b)).toEqual(simIds);
    // Nothing else in the store: every payment is in one state, and the states add up to PayTrace's count.
    let stored = 0;
    for (const state of PAYMENT_STATES) stored += (await store.repos.payments.inState(state)).length;
    expect(stored).toBe(simIds.length);
    // Each was new once: the runs, failed ones included (their history keeps the counts they reached),
    // ingested exactly what PayTrace has, and a change PayTrace made (pending to settled) is one
    // update, however often the overlap window reads it again.
    const ingested = (await runs())
      .filter((r) => r.job === 'paytrace.sync')
      .reduce((n, r) => n + (r.counts.ingested ?? 0), 0);
    expect(ingested).toBe(simIds.length);
    let changed = 0;
    for (const p of ours) {
      const t = paytrace.sim.ledger.transactions.get(p.source.transaction_id)!;
      expect(p.status, `transaction ${t.id}`).toBe(t.state);
      const trail = await store.repos.audit.forSubject(`paytrace:${t.id}`);
      const changes = trail.filter((e) => e.action === 'transaction.changed').length;
      expect(changes, `transaction ${t.id}`).toBeLessThanOrEqual(1);
      changed += changes;
    }
    expect(changed).toBeGreaterThan(0);
  });

  it('has every posting in SAP exactly once, and none lost', async () => {
    const docs = [...sapSim.ledger.documents.values()].filter((d) => /^PT\d+P$/.test(d.header.XBLNR));
    const byRef = new Map<string, string[]>();
    for (const d of docs) byRef.set(d.header.XBLNR, [...(byRef.get(d.header.XBLNR) ?? []), d.header.BELNR]);
    const twice = [...byRef].filter(([, belnrs]) => belnrs.length > 1);
    expect(twice, 'references posted more than once').toEqual([]);
    const posted = await store.repos.payments.inState('posted');
    expect(posted.length).toBeGreaterThan(5);
    for (const p of posted) {
      const ref = `PT${p.source.transaction_id}P`;
      const posting = await store.repos.postings.get(ref);
      expect(posting, ref).toMatchObject({ state: 'posted' });
      expect(byRef.get(ref), ref).toEqual([posting!.belnr]);
    }
    // SAP holds nothing ClearDesk does not know as posted.
    expect([...byRef.keys()].sort()).toEqual(posted.map((p) => `PT${p.source.transaction_id}P`).sort());
    // Nothing stuck on the way: no posting left sending or failed, none of the automatic tier left waiting.
    expect(await store.repos.postings.unresolved()).toEqual([]);
    expect(await store.repos.payments.inState('approved')).toEqual([]);
    expect(await store.repos.payments.inState('failed')).toEqual([]);
    // What the automatic tier left in review, it left by its rules (four eyes), not for a failed run.
    for (const { id, transactionId } of await store.repos.proposals.automaticWaiting()) {
      const [proposal, payment] = [await store.repos.proposals.get(id), await store.repos.payments.get(transactionId)];
      expect(await secondApprovalReasons(store.repos, proposal!, payment!), `transaction ${transactionId}`).not.toEqual(
        [],
      );
    }
  });

  it('shows every failure in the run history with its error', async () => {
    const history = await runs();
    const failed = history.filter((r) => r.status === 'failed');
    const at = (r: JobRunRecord) => localTime(Date.parse(r.startedAt));
    // PayTrace's 503s at 09:30; each posting SAP did not answer (10:00 reset after SAP posted, 11:00
    // never answered, 12:00 a 504 page, 15:00 reset before SAP saw it); SAP's reads refused at 13:30 and 14:00.
    expect(failed.map((r) => `${r.job}@${at(r)}`)).toEqual(
      ['09:30', '10:00', '11:00', '12:00', '13:30', '14:00', '15:00'].map((t) => `paytrace.sync@${t}`),
    );
    expect(failed[0]!.error).toMatch(/PayTrace .* could not be read .*HTTP 503/);
    for (const r of [failed[1]!, failed[2]!, failed[3]!, failed[6]!])
      expect(r.error).toMatch(/SAP did not answer while posting reference PT\d+P .*cannot be posted twice/);
    expect(failed[2]!.error).toMatch(/timeout of 3000ms exceeded/);
    expect(failed[4]!.error).toMatch(/SAP refused reading .*HTTP 503/);
    for (const r of failed) expect(r.log.some((l) => l.level === 'error' && l.message === r.error)).toBe(true);
    // A failed run keeps the counts it reached.
    for (const r of failed) expect(Object.keys(r.counts), `${r.job}@${at(r)}`).toContain('posted');
    // A posting SAP did not answer stopped only itself: the rest of its run's automatic tier went out.
    const postingFailures = [failed[1]!, failed[2]!, failed[3]!, failed[6]!];
    expect(postingFailures.reduce((n, r) => n + (r.counts.posted ?? 0), 0)).toBeGreaterThan(0);
    for (const r of postingFailures)
      expect(r.log.some((l) => l.level === 'error' && /SAP did not answer while posting/.test(l.message))).toBe(true);
    // The other times of the day ran and ended well, each once: 08:00 to 17:30 every 30 minutes.
    const syncs = history.filter((r) => r.job === 'paytrace.sync' && r.trigger === 'schedule');
    expect(syncs.map(at)).toEqual(
      Array.from({ length: 20 }, (_, i) => `${String(8 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`),
    );
    expect(history.filter((r) => r.status === 'skipped')).toEqual([]);
    expect(await store.repos.syncRuns.failuresInRow(10)).toBe(0); // the day ended well
  });

  it('alerted each failure once, not once per retry', async () => {
    const history = (await store.repos.alerts.history(500)).reverse();
    const failures = history.filter((a) => a.kind === 'sync.failed');
    const failedRuns = (await runs()).filter((r) => r.status === 'failed');
    // One alert per failed run, raised when the run failed: not one per HTTP attempt or retry.
    expect(failures.map((a) => a.at)).toEqual(failedRuns.map((r) => r.finishedAt));
    expect(failures.map((a) => `${localTime(Date.parse(a.at))} ${a.dedupeKey}:${a.status}`)).toEqual([
      '09:30 sync.failed:paytrace:unreachable:sent',
      // A posting SAP did not answer is SAP unreachable (not a ClearDesk step), one alert per run.
      '10:00 sync.failed:sap:unreachable:sent',
      '11:00 sync.failed:sap:unreachable:sent', // 60 minutes on: the window has passed
      '12:00 sync.failed:sap:unreachable:sent',
      '13:30 sync.failed:sap:failed:sent',
      '14:00 sync.failed:sap:failed:suppressed', // inside the window: recorded, not e-mailed
      '15:00 sync.failed:sap:unreachable:sent',
    ]);
    // SAP failing from 13:30 to 14:00 is an outage of 30 minutes: one notice, and one when it works again.
    expect(
      history.filter((a) => a.kind.startsWith('system.')).map((a) => `${localTime(Date.parse(a.at))} ${a.kind}`),
    ).toEqual(['14:00 system.unreachable', '14:30 system.recovered']);
    const mails = smtp.received.filter((m) => /sync|PayTrace|SAP/i.test(m.subject));
    console.info(
      `alerts: ${history.map((a) => `${localTime(Date.parse(a.at))} ${a.dedupeKey}:${a.status}`).join(', ')}; mails: ${mails.map((m) => m.subject).join(' | ')}`,
    );
    // Every e-mail for one key is at least the window apart.
    const sent = history.filter((a) => a.status === 'sent');
    const keys = new Set(sent.map((a) => a.dedupeKey));
    for (const key of keys) {
      const times = sent.filter((a) => a.dedupeKey === key).map((a) => Date.parse(a.at));
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(60 * 60_000);
    }
    expect(smtp.received.length).toBe(sent.length);
  });
});
