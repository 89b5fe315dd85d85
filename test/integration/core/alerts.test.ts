// The alerts owner (electron/core/alerts) over a real store and a real SMTP server: who receives which
// kind, the window and the digest, a mail server that refuses (recorded with its error, the window let
// go), e-mail not configured, the checks after a sync, a broken audit log, the settings (admins only)
// and each user's own subscription.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALERT_KINDS, ApiError } from '../../../shared/api';
import { Alerts, subscribe, subscriptionOf } from '../../../electron/core/alerts/alerts';
import { chargebackDeadline, syncFailed } from '../../../electron/core/alerts/kinds';
import { CoreEvents } from '../../../electron/core/events';
import { readSettings, updateSettings } from '../../../electron/core/settings';
import { alertMailSource } from '../../../electron/hosts/alert-mail';
import { EnvVault } from '../../../electron/secrets';
import { SystemUnavailableError } from '../../../shared/ports';
import type { Store } from '../../../electron/store';
import { describeEachDialect } from '../../support/store';
import { transactionRow } from '../../support/store-rows';
import { startSmtp, type TestSmtp } from '../../support/smtp';

const PASSWORD = 'smtp-Pass-core-77aa';
const admin = { name: 'ada.admin', roles: ['admin' as const] };
const clerk = { name: 'mia.clerk', roles: ['clerk' as const] };

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp({ user: 'alerts', password: PASSWORD });
});
afterAll(async () => {
  await smtp?.close();
});

function clockAt(iso: string) {
  let now = Date.parse(iso);
  return { now: () => new Date(now), advanceMinutes: (m: number) => void (now += m * 60_000) };
}

function envFor(overrides: Record<string, string | undefined> = {}) {
  return {
    CLEARDESK_SMTP_URL: `smtp://alerts@127.0.0.1:${smtp.port}`,
    CLEARDESK_SMTP_PASSWORD: PASSWORD,
    CLEARDESK_ALERT_FROM: 'cleardesk@example.com',
    CLEARDESK_ALERT_EMAIL: 'admin@example.com',
    ...overrides,
  };
}

function alertsFor(
  store: Store,
  clock: ReturnType<typeof clockAt>,
  env: Record<string, string | undefined> = envFor(),
  events?: CoreEvents,
) {
  const mail = alertMailSource({ env, vault: () => new EnvVault({}), profile: 'default' });
  return new Alerts({ store: store.repos, clock, mail, ...(events ? { events } : {}) });
}

const unreachable = (error = 'PayTrace at https://api.paytrace.com could not be read (ECONNREFUSED).') =>
  syncFailed({ system: 'paytrace', unreachable: true, error, startedAt: '2026-12-01T10:00:00.000Z', inRow: 1 });

describeEachDialect('alerts', (h) => {
  it('sends once per window, counts repeats, and reports them as a digest in the next e-mail', async () => {
    const store = await h.migrated();
    const clock = clockAt('2026-12-01T10:00:00.000Z');
    const events = new CoreEvents();
    const seen: string[] = [];
    events.on('alert.raised', (e) => seen.push(e.subject));
    const alerts = alertsFor(store, clock, envFor(), events);
    const before = smtp.received.length;

    expect((await alerts.raise(unreachable())).status).toBe('sent');
    clock.advanceMinutes(10);
    expect((await alerts.raise(unreachable())).status).toBe('suppressed');
    expect((await alerts.raise(unreachable())).status).toBe('suppressed');
    const other = chargebackDeadline({
      caseId: 'CB-1',
      deadline: '2026-12-09',
      amount: { minor: 12_550, currency: 'USD' },
    });
    expect((await alerts.raise(other)).status).toBe('sent');

    const mails = smtp.received.slice(before);
    expect(mails.map((m) => m.subject)).toEqual([
      'ClearDesk: sync failed, PayTrace could not be reached',
      'ClearDesk: chargeback CB-1 must be answered by 2026-12-09',
    ]);
    expect(mails[1]!.text).toContain('125.50 USD');
    expect(mails[1]!.text).toContain('Held back since the last e-mail');
    expect(mails[1]!.text).toContain('- sync failed, PayTrace could not be reached: 2 more times');
    expect(seen).toHaveLength(2);

    clock.advanceMinutes(60);
    expect((await alerts.raise(unreachable())).status).toBe('sent');
    expect(smtp.received.slice(before)).toHaveLength(3);
    expect(smtp.received.at(-1)!.text).not.toContain('Held back');
    const history = await store.repos.alerts.history(10);
    expect(history.map((r) => r.status)).toEqual(['sent', 'sent', 'suppressed', 'suppressed', 'sent']);
  });

  it('records a mail server that refuses, with its error and never the password, and tries again next time', async () => {
    const store = await h.migrated();
    const clock = clockAt('2026-12-01T10:00:00.000Z');
    const wrong = 'wrong-Pass-5e5e5e';
    const refused = await alertsFor(store, clock, envFor({ CLEARDESK_SMTP_PASSWORD: wrong })).raise(unreachable());
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/The mail server did not take the alert: .*(Invalid|auth)/i);
    expect(refused.error).not.toContain(wrong);
    const before = smtp.received.length;
    expect((await alertsFor(store, clock).raise(unreachable())).status).toBe('sent');
    expect(smtp.received.length).toBe(before + 1);
    const rows = await store.repos.alerts.history(10);
    expect(JSON.stringify(rows)).not.toContain(wrong);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'failed']);
  });

  it("an admin's test e-mail: to the admin address, else their own; the server's refusal in words; audited, not an alert", async () => {
    const store = await h.migrated();
    const clock = clockAt('2026-12-01T10:00:00.000Z');
    const before = smtp.received.length;
    expect(await alertsFor(store, clock).sendTest('ada.admin')).toEqual({
      sent: true,
      recipients: ['admin@example.com'],
      error: null,
    });
    expect(smtp.received.length).toBe(before + 1);
    expect(smtp.received.at(-1)).toMatchObject({ to: ['admin@example.com'], subject: 'ClearDesk: test e-mail' });
    expect(smtp.received.at(-1)!.text).toContain('ada.admin sent this test');

    // No admin address: the admin's own subscription address; neither: nothing sent, and why.
    const noAdmin = envFor({ CLEARDESK_ALERT_EMAIL: undefined });
    const alone = await alertsFor(store, clock, noAdmin).sendTest('ada.admin');
    expect(alone).toMatchObject({
      sent: false,
      recipients: [],
      error: expect.stringMatching(/^No address to send it to/),
    });
    await subscribe(store.repos, clock, 'ada.admin', { email: 'ada@example.com', kinds: [] });
    expect(await alertsFor(store, clock, noAdmin).sendTest('ada.admin')).toMatchObject({
      sent: true,
      recipients: ['ada@example.com'],
    });

    const wrong = 'wrong-Pass-7f7f7f';
    const refused = await alertsFor(store, clock, envFor({ CLEARDESK_SMTP_PASSWORD: wrong })).sendTest('ada.admin');
    expect(refused).toMatchObject({ sent: false, recipients: ['admin@example.com'] });
    expect(refused.error).toMatch(/^The mail server did not take it: .*(Invalid|auth)/i);
    expect(refused.error).not.toContain(wrong);
    expect((await alertsFor(store, clock, {}).sendTest('ada.admin')).error).toMatch(/No SMTP server is configured/);

    const tested = await store.repos.audit.forSubject('settings:alerts');
    expect(tested.map((e) => [e.action, (e.detail as { sent: boolean }).sent])).toEqual([
      ['alerts.tested', true],
      ['alerts.tested', false],
      ['alerts.tested', true],
      ['alerts.tested', false],
      ['alerts.tested', false],
    ]);
    expect(await store.repos.alerts.history(10)).toEqual([]);
  });

  it('masks card numbers in what it sends and keeps, and records an alert it could not send for want of configuration', async () => {
    const store = await h.migrated();
    const clock = clockAt('2026-12-01T10:00:00.000Z');
    const before = smtp.received.length;
    await alertsFor(store, clock).raise(unreachable('record 4111 1111 1111 1111 cvv 123 refused'));
    const mail = smtp.received.at(-1)!;
    expect(smtp.received.length).toBe(before + 1);
    expect(mail.raw).not.toMatch(/4111 ?1111 ?1111 ?1111/);
    expect(mail.text).toContain('************1111');
    expect(mail.text).not.toContain('123');

    const none = alertsFor(store, clock, {});
    const outcome = await none.raise(
      syncFailed({ system: 'sap', unreachable: false, error: 'x', startedAt: 'now', inRow: 1 }),
    );
    expect(outcome).toMatchObject({ status: 'not-configured' });
    expect(outcome.error).toMatch(/No SMTP server is configured: set CLEARDESK_SMTP_URL/);
    const badUrl = alertsFor(store, clock, envFor({ CLEARDESK_SMTP_URL: 'smtp://alerts:pw@127.0.0.1:25' }));
    const refused = await badUrl.raise(
      syncFailed({ system: 'sync', unreachable: false, error: 'y', startedAt: 'now', inRow: 1 }),
    );
    expect(refused.error).toMatch(/holds a password.*CLEARDESK_SMTP_URL/);
    expect(refused.error).not.toContain(':pw@');
  });

  it('sends each kind to the admin address and to the users subscribed to it', async () => {
    const store = await h.migrated();
    const clock = clockAt('2026-12-01T10:00:00.000Z');
    await subscribe(store.repos, clock, 'Mia.Clerk', { email: 'mia@example.com', kinds: ['sync.failed'] });
    await subscribe(store.repos, clock, 'ada.admin', { email: 'admin@example.com', kinds: ['audit.broken'] });
    expect(await subscriptionOf(store.repos, 'mia.clerk')).toEqual({
      email: 'mia@example.com',
      kinds: ['sync.failed'],
      notify: [...ALERT_KINDS],
    });
    const alerts = alertsFor(store, clock);
    expect((await alerts.raise(unreachable())).recipients).toEqual(['mia@example.com']);
    await alerts.afterAuditVerified({ ok: true, message: 'intact', brokenAt: null });
    expect(smtp.received.at(-1)!.subject).not.toContain('audit');
    await alerts.afterAuditVerified({ ok: false, message: 'entry 7 was changed', brokenAt: 7 });
    const audit = smtp.received.at(-1)!;
    expect(audit.to).toEqual(['admin@example.com']);
    expect(audit.subject).toBe('ClearDesk: the audit log fails verification');
    expect(audit.text).toContain('from entry 7 on: entry 7 was changed.');
  });

  it('after a sync: failed postings, dead letters, unapplied cash over the threshold, and N failures in a row', async () => {
    const store = await h.migrated();
    const clock = clockAt('2026-12-01T10:00:00.000Z');
    await updateSettings(store.repos, clock, admin, {
      alerts: {
        ...(await readSettings(store.repos)).alerts,
        failuresInRow: 2,
        unappliedCash: [{ minor: 10_000, currency: 'USD' }],
      },
    });
    await store.db
      .insertInto('transactions')
      .values([
        transactionRow({ transaction_id: 1, amount_minor: 9_000, queue_state: 'review' }),
        transactionRow({ transaction_id: 2, amount_minor: 2_000, queue_state: 'failed' }),
      ])
      .execute();
    await store.repos.deadLetters.add({ source: 'paytrace', sourceKey: 'k', error: 'bad', payload: {}, at: 'x' });
    const before = smtp.received.length;
    const alerts = alertsFor(store, clock);
    await alerts.afterSync();
    expect(smtp.received.slice(before).map((m) => m.subject)).toEqual([
      'ClearDesk: 1 posting refused by SAP',
      'ClearDesk: 1 dead letter waiting',
      'ClearDesk: unapplied cash 110.00 USD is over 100.00 USD',
    ]);

    for (let i = 0; i < 2; i++) {
      const id = await store.repos.syncRuns.start(clock.now().toISOString());
      await store.repos.syncRuns.writeLog(id, clock.now().toISOString(), [
        { level: 'error', source: 'sap', subject: 'sync run', message: 'SAP could not be reached' },
      ]);
      await store.repos.syncRuns.finish(id, {
        status: 'failed',
        counts: {},
        error: 'x',
        at: clock.now().toISOString(),
      });
    }
    const mid = smtp.received.length;
    await alerts.afterSyncFailed(new SystemUnavailableError('SAP at sap.example.com:3300 did not answer.'));
    const got = smtp.received.slice(mid);
    expect(got.map((m) => m.subject)).toEqual([
      'ClearDesk: sync failed, SAP could not be reached',
      'ClearDesk: sync failed 2 times in a row',
    ]);
    expect(got[0]!.text).toContain('The sync has failed 2 times in a row.');
    expect(got[0]!.text).toContain('RFC user is not locked');
  });

  it('lets only an admin change where alerts go, and refuses an SMTP URL with a password', async () => {
    const store = await h.migrated();
    const clock = clockAt('2026-12-01T10:00:00.000Z');
    const alerts = (await readSettings(store.repos)).alerts;
    expect(alerts).toMatchObject({ smtpUrl: null, windowMinutes: 60, failuresInRow: 3 });
    await expect(
      updateSettings(store.repos, clock, clerk, { alerts: { ...alerts, adminEmail: 'x@example.com' } }),
    ).rejects.toThrow(ApiError);
    const changed = await updateSettings(store.repos, clock, admin, {
      alerts: { ...alerts, smtpUrl: 'smtps://mail.example.com', from: 'cd@example.com', windowMinutes: 15 },
    });
    expect(changed.alerts).toMatchObject({ smtpUrl: 'smtps://mail.example.com', windowMinutes: 15 });
    const { SettingsSchema } = await import('../../../shared/api');
    const parsed = SettingsSchema.partial().safeParse({
      alerts: { ...alerts, smtpUrl: 'smtp://u:secret@mail.example.com' },
    });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('holds a password');
  });
});
