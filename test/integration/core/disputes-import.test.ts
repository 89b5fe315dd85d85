// The job disputes.import (electron/core/disputes/north-import.ts) over a real store (SQLite and PostgreSQL), the
// North client and the North simulator over real HTTP, and the alerts owner with a real SMTP server: North's cases
// are imported and matched to their sales; importing again adds nothing; days later a case moved on (represented,
// decided) is updated; the second run reads from the day before the first; the chargeback-deadline alert goes out
// once per case and date, carrying no card data; unconfigured North reads nothing and says so.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { Alerts } from '../../../electron/core/alerts/alerts';
import {
  DEADLINES_JOB,
  DISPUTES_IMPORT_JOB,
  runDeadlineCheck,
  runDisputesImport,
  type DisputeJobHost,
} from '../../../electron/core/disputes/north-import';
import { JobScheduler } from '../../../electron/core/jobs/scheduler';
import { readSettings, updateSettings } from '../../../electron/core/settings';
import { NorthClient } from '../../../electron/connectors/north';
import { alertMailSource } from '../../../electron/hosts/alert-mail';
import {
  NORTH_SANDBOX_CLIENT,
  NORTH_SANDBOX_MERCHANT,
  caseOn,
  seedNorthCases,
  startNorthSandbox,
  type NorthSimSale,
  type RunningNorthSandbox,
} from '../../../electron/sandbox/north';
import { EnvVault } from '../../../electron/secrets';
import type { Store } from '../../../electron/store';
import type { NorthDisputeSource } from '../../../shared/ports';
import { FakeTime } from '../../support/fake-time';
import { startSmtp, type TestSmtp } from '../../support/smtp';
import { describeEachDialect } from '../../support/store';
import { transactionRow } from '../../support/store-rows';

const PASSWORD = 'smtp-Pass-north-42';
const admin = { name: 'ada.admin', roles: ['admin' as const] };

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp({ user: 'alerts', password: PASSWORD });
});
afterAll(async () => {
  await smtp?.close();
});
const running: RunningNorthSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** 12 sales, one a day from 2026-11-16, each with its own card last four (the full number never reaches the store). */
const SALES: NorthSimSale[] = Array.from({ length: 12 }, (_, i) => ({
  transactionId: 7000 + i,
  amount: `${200 + i}.50`,
  currency: 'USD',
  invoice: `INV-${8000 + i}`,
  date: `2026-11-${String(16 + i).padStart(2, '0')}`,
  brand: 'Visa',
  bin: '411111',
  last4: String(2000 + i),
  authCode: `AU${i}`,
}));

async function seedSales(store: Store): Promise<void> {
  await store.db
    .insertInto('transactions')
    .values(
      SALES.map((s) =>
        transactionRow({
          transaction_id: s.transactionId,
          amount_minor: Math.round(Number(s.amount.replace('.', ''))),
          invoice_id: s.invoice,
          masked_card: `xxxxxxxxxxxx${s.last4}`,
          created_at_utc: `${s.date}T15:00:00.000Z`,
          content_hash: `h${s.transactionId}`,
        }),
      ),
    )
    .execute();
}

function setup(store: Store, time: FakeTime, north: RunningNorthSandbox | null) {
  const alerts = new Alerts({
    store: store.repos,
    clock: time,
    mail: alertMailSource({
      env: {
        CLEARDESK_SMTP_URL: `smtp://alerts@127.0.0.1:${smtp.port}`,
        CLEARDESK_SMTP_PASSWORD: PASSWORD,
        CLEARDESK_ALERT_FROM: 'cleardesk@example.com',
        CLEARDESK_ALERT_EMAIL: 'admin@example.com',
      },
      vault: () => new EnvVault({}),
      profile: 'default',
    }),
  });
  const client = north
    ? new NorthClient(
        {
          baseUrl: north.url,
          clientId: NORTH_SANDBOX_CLIENT.clientId,
          clientSecret: NORTH_SANDBOX_CLIENT.clientSecret,
          merchantId: NORTH_SANDBOX_MERCHANT,
          pageSize: 4,
        },
        { now: () => time.now().getTime(), policyOptions: { baseDelayMs: 5, maxDelayMs: 40 } },
      )
    : null;
  const asked: (string | null)[] = [];
  const northSource: NorthDisputeSource = async (connection) => {
    asked.push(connection?.merchantId ?? null);
    if (!client) return null;
    const intake = client.intake();
    return {
      ...intake,
      read: async (options) => {
        sinces.push(options?.since ?? null);
        return intake.read(options);
      },
    };
  };
  const sinces: (string | null)[] = [];
  let changed = 0;
  const host: DisputeJobHost = {
    store: store.repos,
    clock: time,
    fallbackZone: 'UTC',
    northSource,
    raise: (a) => alerts.raise(a),
    changed: () => void (changed += 1),
  };
  const scheduler = new JobScheduler({
    store: store.repos,
    clock: time,
    timers: time,
    jobs: [
      {
        name: DISPUTES_IMPORT_JOB,
        title: 'Chargebacks from North',
        schedule: '20 * * * *',
        run: (ctx) => runDisputesImport(host, ctx),
      },
      {
        name: DEADLINES_JOB,
        title: 'Chargeback deadlines',
        schedule: '0 7 * * *',
        run: (ctx) => runDeadlineCheck(host, ctx),
      },
    ],
    instanceId: 'a',
    fallbackZone: 'UTC',
    random: () => 0,
  });
  return { scheduler, sinces, asked, changed: () => changed };
}

const deadlineMails = (from: number) =>
  smtp.received.slice(from).filter((m) => m.subject.includes('must be answered by'));

describeEachDialect('disputes.import', (h) => {
  it('imports North once, updates what moved on, reads incrementally, and alerts each deadline once', async () => {
    const store = await h.migrated();
    await seedSales(store);
    const time = new FakeTime(Date.parse('2026-11-28T12:00:00Z'));
    const north = await startNorthSandbox({ now: () => time.now().getTime() });
    running.push(north);
    north.sim.addCases(seedNorthCases(SALES, { seed: 3, count: 8 }));
    await updateSettings(store.repos, time, admin, {
      disputes: {
        northMerchantId: NORTH_SANDBOX_MERCHANT,
        northBaseUrl: north.url,
        northAuthUrl: null,
        deadlineDays: 3,
      },
    });
    const { scheduler, sinces, asked } = setup(store, time, north);
    const mailsBefore = smtp.received.length;

    const visible = (day: string) => north.sim.cases.filter((c) => caseOn(c, day) !== null);
    const first = await scheduler.runNow(DISPUTES_IMPORT_JOB, 'test');
    expect(first.status).toBe('ok');
    expect(asked).toEqual([NORTH_SANDBOX_MERCHANT]);
    expect(sinces).toEqual([null]);
    const n = visible('2026-11-28').length;
    expect(n).toBeGreaterThan(2);
    expect(first.counts).toMatchObject({ imported: n, matched: n, updated: 0, rejected: 0, through: 20261128 });
    const stored = await store.repos.disputes.list();
    expect(stored).toHaveLength(n);
    for (const c of stored) {
      expect(c.source).toBe('north');
      expect(c.match).toMatchObject({ state: 'matched', method: 'transaction-id' });
    }

    // Due within 3 days and open: one alert each, by e-mail, without card data.
    const dueSoon = north.sim.cases.filter((c) => {
      const now = caseOn(c, '2026-11-28');
      return now?.state === 'open' && now.replyBy !== null && now.replyBy <= '2026-12-01';
    });
    expect(dueSoon.length).toBeGreaterThan(0);
    expect(first.counts.deadline_alerts).toBe(dueSoon.length);
    const mails = deadlineMails(mailsBefore);
    expect(mails.map((m) => m.subject).sort()).toEqual(
      dueSoon
        .map(
          (c) =>
            `ClearDesk: chargeback ${c.caseNumber} (north) must be answered by ${caseOn(c, '2026-11-28')!.replyBy}`,
        )
        .sort(),
    );
    for (const m of mails) expect(m.text).not.toMatch(/411111|\d{4}\*|\*{4}\d{4}|xxxx/);

    // The same day again: nothing new, nothing updated, no alert again.
    const again = await scheduler.runNow(DISPUTES_IMPORT_JOB, 'test');
    expect(again.counts).toMatchObject({ imported: 0, updated: 0, duplicates: n, deadline_alerts: 0 });
    expect(await store.repos.disputes.list()).toHaveLength(n);
    expect(deadlineMails(mailsBefore)).toHaveLength(dueSoon.length);
    // The daily check does not raise them again either.
    expect((await scheduler.runNow(DEADLINES_JOB, 'test')).counts).toMatchObject({ deadline_alerts: 0 });

    // Eight days later: cases were represented or decided, new ones arrived; the read starts at the older of the
    // day before the last run and the oldest undecided case.
    time.advanceTo('2026-12-06T12:00:00Z');
    const later = await scheduler.runNow(DISPUTES_IMPORT_JOB, 'test');
    expect(later.status).toBe('ok');
    const undecided = stored.filter((c) => c.dispute.status === 'open' || c.dispute.status === 'pending');
    const oldest = undecided.map((c) => c.dispute.receivedDate!).sort()[0]!;
    expect(sinces[2]).toBe(oldest < '2026-11-27' ? oldest : '2026-11-27');
    const moved = stored.filter((c) => {
      const sim = north.sim.cases.find((x) => x.caseNumber === c.dispute.caseNumber)!;
      return caseOn(sim, '2026-12-06')!.status.toLowerCase() !== c.dispute.status;
    });
    expect(moved.length).toBeGreaterThan(0);
    expect(later.counts.updated).toBe(moved.length);
    expect(later.counts.imported).toBe(visible('2026-12-06').length - n);
    for (const c of moved) {
      const now = (await store.repos.disputes.get('north', c.dispute.caseNumber))!;
      const sim = north.sim.cases.find((x) => x.caseNumber === c.dispute.caseNumber)!;
      expect(now.dispute.statusRaw).toBe(caseOn(sim, '2026-12-06')!.status);
    }
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['action', 'subject'])
      .where('action', '=', 'dispute.updated')
      .execute();
    expect(audit).toHaveLength(moved.length);
    // Alerts went out only for cases not alerted before (their own case and date).
    const all = deadlineMails(mailsBefore).map((m) => m.subject);
    expect(new Set(all).size).toBe(all.length);
    const history = await store.repos.alerts.history(100);
    expect(history.filter((r) => r.kind === 'chargeback.deadline')).toHaveLength(all.length);
  });

  it('takes North settings only whole and well-formed (admins only), with the deadline days at 3 until changed', async () => {
    const store = await h.migrated();
    const time = new FakeTime(Date.parse('2026-11-28T12:00:00Z'));
    const base = { northMerchantId: null, northBaseUrl: null, northAuthUrl: null, deadlineDays: 3 };
    expect((await readSettings(store.repos)).disputes).toEqual(base);
    await expect(
      updateSettings(store.repos, time, admin, { disputes: { ...base, northMerchantId: '900100200300' } }),
    ).rejects.toThrow(/both its merchant id and its base URL/);
    await expect(
      updateSettings(store.repos, time, admin, {
        disputes: { ...base, northMerchantId: 'MID-1', northBaseUrl: 'https://north.example.com' },
      }),
    ).rejects.toThrow(/merchant id is digits/);
    await expect(
      updateSettings(store.repos, time, admin, {
        disputes: { ...base, northMerchantId: '9001', northBaseUrl: 'https://user:pw@north.example.com' },
      }),
    ).rejects.toThrow(/without user/);
    await expect(
      updateSettings(store.repos, time, { name: 'mia.clerk', roles: ['clerk' as const] }, { disputes: base }),
    ).rejects.toThrow();
    const saved = await updateSettings(store.repos, time, admin, {
      disputes: { ...base, northMerchantId: '9001', northBaseUrl: 'https://north.example.com', deadlineDays: 5 },
    });
    expect(saved.disputes).toMatchObject({ northMerchantId: '9001', deadlineDays: 5 });
  });

  it('without North configured reads nothing, says so, and still checks the deadlines', async () => {
    const store = await h.migrated();
    const time = new FakeTime(Date.parse('2026-11-28T12:00:00Z'));
    const { scheduler, asked } = setup(store, time, null);
    const run = await scheduler.runNow(DISPUTES_IMPORT_JOB, 'test');
    expect(run.status).toBe('ok');
    expect(asked).toEqual([null]);
    expect(run.counts).toEqual({ deadlines_due: 0, deadline_alerts: 0 });
    expect(run.log.map((l) => l.message).join('\n')).toContain('North is not configured');
  });
});
