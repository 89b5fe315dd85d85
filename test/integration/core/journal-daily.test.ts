// The daily journal report job (electron/core/jobs/journal-daily.ts;
// docs/ARCHITECTURE.md, "Jobs on a schedule") on a fake clock over a real store, a real report folder, a real anchor folder and a real SMTP
// server: at 06:00 in the company's zone on a business day it exports the previous business day's journal
// (CSV and XLSX, carrying the audit head), anchors the head, records the counts and mails the files to the
// subscribers; after ClearDesk was closed it exports each missed business day once; exporting a day
// again leaves one file set.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Alerts, subscribe } from '../../../electron/core/alerts/alerts';
import { readAuditHeadFile } from '../../../electron/core/audit/read-head';
import { CoreEvents } from '../../../electron/core/events';
import {
  daysToExport,
  journalHolidays,
  JOURNAL_JOB,
  previousBusinessDay,
  runJournalDaily,
} from '../../../electron/core/jobs/journal-daily';
import { JobScheduler, type JobDefinition } from '../../../electron/core/jobs/scheduler';
import { updateSettings } from '../../../electron/core/settings';
import { alertMailSource } from '../../../electron/hosts/alert-mail';
import { folderAnchors } from '../../../electron/hosts/audit-anchors';
import { reportFolders } from '../../../electron/hosts/report-folder';
import { EnvVault } from '../../../electron/secrets';
import type { Store } from '../../../electron/store';
import type { SyncProgress } from '../../../shared/api';
import { FakeTime, until } from '../../support/fake-time';
import { startSmtp, type TestSmtp } from '../../support/smtp';
import { describeEachDialect } from '../../support/store';
import { populateJournal } from '../reports/journal-fixture';

const ZONE = 'America/New_York';
const PASSWORD = 'smtp-Pass-journal-31';
const admin = { name: 'ada.admin', roles: ['admin' as const] };

let smtp: TestSmtp;
let root: string;
beforeAll(async () => {
  smtp = await startSmtp({ user: 'alerts', password: PASSWORD });
  root = mkdtempSync(join(tmpdir(), 'cleardesk-journal-daily-'));
});
afterAll(async () => {
  await smtp?.close();
  rmSync(root, { recursive: true, force: true });
});

it('picks the previous business day, and every missed one after the last exported', () => {
  expect(previousBusinessDay('2026-11-26')).toBe('2026-11-25'); // Thursday -> Wednesday
  expect(previousBusinessDay('2026-11-30')).toBe('2026-11-27'); // Monday -> Friday
  expect(daysToExport('2026-11-30', null)).toEqual({ days: ['2026-11-27'], skipped: 0 });
  expect(daysToExport('2026-12-02', '2026-11-25').days).toEqual([
    '2026-11-26',
    '2026-11-27',
    '2026-11-30',
    '2026-12-01',
  ]);
  expect(daysToExport('2026-12-02', '2026-12-01').days).toEqual([]);
  const long = daysToExport('2027-03-01', '2026-11-25');
  expect(long.days).toHaveLength(25);
  expect(long.days.at(-1)).toBe('2027-02-26');
  expect(long.skipped).toBeGreaterThan(0);
});

it('skips the days that are a holiday of every company code', () => {
  const rows = [
    { companyCode: '*', date: '2026-11-26' }, // Thanksgiving, every company code
    { companyCode: '1000', date: '2026-11-27' }, // the day after, 1000 only
    { companyCode: '2000', date: '2026-11-27' },
    { companyCode: '1000', date: '2026-12-01' }, // 2000 works
  ];
  const holidays = journalHolidays(rows, ['1000', '2000']);
  expect([...holidays].sort()).toEqual(['2026-11-26', '2026-11-27']);
  expect([...journalHolidays(rows, [])]).toEqual(['2026-11-26']); // no company codes known: '*' rows alone
  expect(previousBusinessDay('2026-11-30', holidays)).toBe('2026-11-25'); // Monday -> Wednesday
  expect(daysToExport('2026-12-02', '2026-11-25', holidays).days).toEqual(['2026-11-30', '2026-12-01']);
  expect(daysToExport('2026-11-30', null, holidays)).toEqual({ days: ['2026-11-25'], skipped: 0 });
});

function setup(store: Store, time: FakeTime, folder: string, anchorDir: string) {
  const mail = alertMailSource({
    env: {
      CLEARDESK_SMTP_URL: `smtp://alerts@127.0.0.1:${smtp.port}`,
      CLEARDESK_SMTP_PASSWORD: PASSWORD,
      CLEARDESK_ALERT_FROM: 'cleardesk@example.com',
      CLEARDESK_ALERT_EMAIL: 'admin@example.com',
    },
    vault: () => new EnvVault({}),
    profile: 'default',
  });
  const alerts = new Alerts({ store: store.repos, clock: time, mail });
  const events = new CoreEvents();
  const progress: SyncProgress[] = [];
  events.on('sync.progress', (p) => progress.push(p));
  const job: JobDefinition = {
    name: JOURNAL_JOB,
    title: 'Daily journal report',
    schedule: '0 6 * * 1-5',
    run: (ctx) =>
      runJournalDaily(
        {
          store: store.repos,
          clock: time,
          anchors: folderAnchors(anchorDir),
          reportFolders: reportFolders({ CLEARDESK_REPORT_DIR: folder }),
          fallbackZone: ZONE,
          mailFiles: (input) => alerts.mailFiles(input),
          progress: (p) => events.emit('sync.progress', p),
        },
        ctx,
      ),
  };
  const scheduler = () =>
    new JobScheduler({
      store: store.repos,
      clock: time,
      timers: time,
      jobs: [job],
      instanceId: 'a',
      fallbackZone: ZONE,
      random: () => 0,
    });
  return { scheduler, progress };
}

const runs = async (store: Store) => (await store.repos.jobs.history(JOURNAL_JOB, 50)).reverse();

describeEachDialect('journal.daily', (h) => {
  it('exports the previous business day at 06:00, catches up each missed day once, and one file set per day', async () => {
    const store = await h.migrated();
    await populateJournal(store); // postings on Wednesday 2026-11-25
    const folder = mkdtempSync(join(root, 'reports-'));
    const anchorDir = mkdtempSync(join(root, 'anchors-'));
    await updateSettings(store.repos, { now: () => new Date('2026-11-25T20:00:00Z') }, admin, {
      reports: { folder: null, email: true },
    });
    await subscribe(store.repos, { now: () => new Date('2026-11-25T20:00:00Z') }, 'mia.clerk', {
      email: 'mia@example.com',
      kinds: ['report.journal'],
    });
    const time = new FakeTime(Date.parse('2026-11-25T21:00:00Z'));
    const { scheduler, progress } = setup(store, time, folder, anchorDir);
    const mailsBefore = smtp.received.length;

    // Thursday 06:00 in New York: Wednesday's journal.
    const first = scheduler();
    await first.start();
    expect(await runs(store)).toEqual([]); // never ran and not run when new: no catch-up
    time.advanceTo('2026-11-26T11:00:00Z');
    await until(async () => (await runs(store)).some((r) => r.status !== 'running'), 'the first run ended');
    await first.stop();
    const [run1] = await runs(store);
    expect(run1).toMatchObject({ status: 'ok', trigger: 'schedule', error: null });
    expect(run1!.counts).toMatchObject({ days: 1, files: 2, anchored: 1, mailed: 1, through: 20261125 });
    expect(run1!.counts.lines).toBeGreaterThan(0);
    expect(readdirSync(folder).sort()).toEqual([
      'cleardesk-journal_2026-11-25.csv',
      'cleardesk-journal_2026-11-25.xlsx',
    ]);

    // Each file carries the audit head; the anchor written after the exports holds a later head.
    const csv = readFileSync(join(folder, 'cleardesk-journal_2026-11-25.csv'));
    const xlsx = readFileSync(join(folder, 'cleardesk-journal_2026-11-25.xlsx'));
    const headCsv = await readAuditHeadFile(csv, 'journal.csv');
    const headXlsx = await readAuditHeadFile(xlsx, 'journal.xlsx');
    expect(headCsv.seq).toBeGreaterThan(0);
    expect(headXlsx.seq).toBeGreaterThanOrEqual(headCsv.seq);
    const [anchor] = await folderAnchors(anchorDir).list(1);
    expect(anchor).toMatchObject({ trigger: 'scheduled', subject: `job:${run1!.id}` });
    expect(anchor!.seq).toBe((await store.repos.audit.head()).seq);
    const exported = (await store.repos.audit.forSubject('report:journal:2026-11-25..2026-11-25')).filter(
      (e) => e.action === 'report.exported',
    );
    expect(exported.map((e) => [e.actor, (e.detail as { fileName: string }).fileName])).toEqual([
      ['system:journal.daily', 'cleardesk-journal_2026-11-25.csv'],
      ['system:journal.daily', 'cleardesk-journal_2026-11-25.xlsx'],
    ]);

    // Mailed to the subscriber alone (the admin address is not subscribed to reports), with both files.
    const mails = smtp.received.slice(mailsBefore);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['mia@example.com']);
    expect(mails[0]!.subject).toContain('2026-11-25');
    expect(mails[0]!.raw).toContain('cleardesk-journal_2026-11-25.csv');
    expect(mails[0]!.raw).toContain('cleardesk-journal_2026-11-25.xlsx');
    const lines = run1!.counts.lines!;
    expect(progress.filter((p) => p.phase === 'export').map((p) => [p.done, p.total])).toEqual([
      [0, null],
      [lines, null],
      [2 * lines, null],
      [2 * lines, 2 * lines],
    ]);

    // Closed from Thursday until Wednesday 2026-12-02 10:00 New York: one catch-up run exports
    // Thursday, Friday, Monday and Tuesday, each once (not Saturday or Sunday).
    time.advanceTo('2026-12-02T15:00:00Z');
    const second = scheduler();
    await second.start();
    await until(async () => (await runs(store)).filter((r) => r.status !== 'running').length === 2, 'caught up');
    const [, run2] = await runs(store);
    expect(run2).toMatchObject({ status: 'ok', trigger: 'catch-up' });
    expect(run2!.counts).toMatchObject({ days: 4, files: 8, through: 20261201 });
    await second.stop();
    const setOf = (days: string[]) =>
      days.flatMap((d) => [`cleardesk-journal_${d}.csv`, `cleardesk-journal_${d}.xlsx`]).sort();
    const allDays = ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01'];
    expect(readdirSync(folder).sort()).toEqual(setOf(allDays));

    // Started again the same day: nothing missed, no run. Run now: Tuesday again, its files replaced.
    const third = scheduler();
    await third.start();
    const manual = await third.runNow(JOURNAL_JOB, 'ada.admin');
    await third.stop();
    expect(manual.status).toBe('ok');
    expect(manual.counts).toMatchObject({ days: 1, files: 2, through: 20261201 });
    expect((await runs(store)).map((r) => r.trigger)).toEqual(['schedule', 'catch-up', 'manual']);
    // The Run now's exports are the person's on the audit trail, the schedule's the job's.
    const tuesday = (await store.repos.audit.forSubject('report:journal:2026-12-01..2026-12-01')).filter(
      (e) => e.action === 'report.exported',
    );
    expect(tuesday.map((e) => e.actor)).toEqual([
      'system:journal.daily',
      'system:journal.daily',
      'ada.admin',
      'ada.admin',
    ]);
    expect(readdirSync(folder).sort()).toEqual(setOf(allDays));
    expect(smtp.received.length - mailsBefore).toBe(3);
  });

  it('without a report folder writes nothing and says so; a folder that does not exist fails the run with why', async () => {
    const store = await h.migrated();
    const time = new FakeTime(Date.parse('2026-11-26T12:00:00Z'));
    const anchorDir = mkdtempSync(join(root, 'anchors-'));
    const events = new CoreEvents();
    const alerts = new Alerts({ store: store.repos, clock: time, events });
    const host = (env: Record<string, string>) => ({
      store: store.repos,
      clock: time,
      anchors: folderAnchors(anchorDir),
      reportFolders: reportFolders(env),
      fallbackZone: ZONE,
      mailFiles: (input: Parameters<Alerts['mailFiles']>[0]) => alerts.mailFiles(input),
    });
    const job = (env: Record<string, string>): JobDefinition => ({
      name: JOURNAL_JOB,
      title: 'Daily journal report',
      schedule: '0 6 * * 1-5',
      run: (ctx) => runJournalDaily(host(env), ctx),
    });
    const none = new JobScheduler({
      store: store.repos,
      clock: time,
      timers: time,
      jobs: [job({})],
      instanceId: 'a',
      fallbackZone: ZONE,
    });
    const skipped = await none.runNow(JOURNAL_JOB, 'ada.admin');
    expect(skipped).toMatchObject({ status: 'ok', counts: { days: 0, files: 0 } });
    expect(skipped.log.map((l) => l.message).join('\n')).toMatch(/No report folder is configured/);
    expect(readdirSync(anchorDir)).toEqual([]);

    const missing = join(root, 'no-such-folder');
    const broken = new JobScheduler({
      store: store.repos,
      clock: time,
      timers: time,
      jobs: [job({ CLEARDESK_REPORT_DIR: missing })],
      instanceId: 'a',
      fallbackZone: ZONE,
    });
    const failed = await broken.runNow(JOURNAL_JOB, 'ada.admin');
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain(`The report folder ${missing} (CLEARDESK_REPORT_DIR) does not exist`);
  });
});
