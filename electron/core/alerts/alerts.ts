// The alerts owner (docs/ARCHITECTURE.md, "Alerts"): raises an alert, holds repeats of the same dedupe
// key back inside the admin's window (kept in the store, so it holds across processes), e-mails it to
// the admin and the users subscribed to its kind with the digest of what was held back since, records
// every alert in the history (sent, suppressed, failed to send with the mail server's error, not
// configured) and tells the open pages (event 'alert.raised'). What to alert about after a sync, and
// when the audit log fails, is asked here too; what each alert says is kinds.ts.
import { ALERT_KINDS, AlertSettingsSchema, type AlertKind, type AlertSettings } from '../../../shared/api';
import { personKey } from '../../../shared/domain';
import { SapUnreachableError } from '../posting/poster';
import { SystemUnavailableError, type AlertMailAttachment, type AlertMailer, type Clock } from '../../../shared/ports';
import { redactCardText } from '../../../shared/security';
import type { AlertDigestLine, AlertStatus, Repositories } from '../../store';
import type { CoreEvents } from '../events';
import { alertSettings } from '../settings';
import { readSyncLog } from '../sync/log';
import {
  auditBroken,
  deadLettersWaiting,
  postingsFailed,
  syncFailed,
  syncFailedRepeatedly,
  systemRecovered,
  systemUnreachable,
  unappliedCashOver,
  type Alert,
  type SyncSystem,
} from './kinds';

/** Where e-mail goes as the host's environment sets it (CLEARDESK_SMTP_URL, _ALERT_FROM, _ALERT_EMAIL); each wins over the setting. */
export interface AlertMailSource {
  readonly smtpUrl: string | null;
  readonly from: string | null;
  readonly adminEmail: string | null;
  /**
   * The mailer for an SMTP URL (the host's nodemailer transport, with the password from the keychain or
   * CLEARDESK_SMTP_PASSWORD); `source` names where the URL came from, for its refusal.
   */
  mailerFor(smtpUrl: string, source: string): AlertMailer;
}

export interface AlertsDeps {
  readonly store: Repositories;
  readonly clock: Clock;
  readonly events?: CoreEvents;
  readonly mail?: AlertMailSource;
}

export interface RaiseOutcome {
  readonly status: AlertStatus;
  readonly recipients: readonly string[];
  readonly error: string | null;
}

const MINUTE = 60_000;

/** What a digest line says about repeats held back inside their window. */
function digestText(lines: readonly AlertDigestLine[]): string {
  if (lines.length === 0) return '';
  const items = lines.map(
    (l) => `- ${l.subject.replace(/^ClearDesk: /, '')}: ${l.suppressed} more time${l.suppressed === 1 ? '' : 's'}`,
  );
  return `\n\nHeld back since the last e-mail (the same alert again inside its window):\n${items.join('\n')}`;
}

interface Delivery {
  readonly mailer: AlertMailer | null;
  readonly from: string | null;
  readonly adminEmail: string | null;
  /** Why no e-mail can go out, in words; null when it can. */
  readonly problem: string | null;
}

export class Alerts {
  constructor(private readonly deps: AlertsDeps) {}

  /**
   * Raises an alert. Inside its key's window it is only counted (suppressed); otherwise it is e-mailed
   * (with the digest of what was held back), recorded and sent to the open pages. Never throws for a
   * mail server that refuses: that is recorded as failed, and the window is let go so the next try sends.
   */
  async raise(alert: Alert): Promise<RaiseOutcome> {
    const { store, clock } = this.deps;
    const settings = await alertSettings(store);
    const now = clock.now();
    const at = now.toISOString();
    const subject = redactCardText(alert.subject);
    const message = redactCardText(alert.message);
    const base = { at, kind: alert.kind, dedupeKey: alert.dedupeKey, subject, message };
    const claimed = await store.alerts.claimWindow({
      dedupeKey: alert.dedupeKey,
      kind: alert.kind,
      subject,
      at,
      until: new Date(now.getTime() + settings.windowMinutes * MINUTE).toISOString(),
    });
    if (!claimed) {
      await store.alerts.record({ ...base, status: 'suppressed', recipients: [], error: null });
      return { status: 'suppressed', recipients: [], error: null };
    }

    const delivery = this.delivery(settings);
    const recipients = delivery.problem ? [] : await this.recipients(alert.kind, delivery.adminEmail);
    if (delivery.problem || recipients.length === 0 || !delivery.mailer || !delivery.from) {
      const error = delivery.problem ?? 'No one receives this kind of alert: set CLEARDESK_ALERT_EMAIL or subscribe.';
      await store.alerts.record({ ...base, status: 'not-configured', recipients, error });
      this.tellPages(alert.kind, subject, message, at);
      return { status: 'not-configured', recipients, error };
    }
    const digest = await store.alerts.takeDigest();
    try {
      await delivery.mailer.send({
        from: delivery.from,
        to: recipients,
        subject,
        text: redactCardText(`${message}${digestText(digest)}\n`),
      });
    } catch (e) {
      const error = redactCardText(
        `The mail server did not take the alert: ${e instanceof Error ? e.message : String(e)}`,
      );
      await store.alerts.returnDigest(digest);
      await store.alerts.releaseWindow(alert.dedupeKey, at);
      await store.alerts.record({ ...base, status: 'failed', recipients, error });
      this.tellPages(alert.kind, subject, message, at);
      return { status: 'failed', recipients, error };
    }
    await store.alerts.record({
      ...base,
      message: `${message}${digestText(digest)}`,
      status: 'sent',
      recipients,
      error: null,
    });
    this.tellPages(alert.kind, subject, message, at);
    return { status: 'sent', recipients, error: null };
  }

  /**
   * Sends files (the daily journal report's) to the users subscribed to `kind` through the alert mailer:
   * no window (each call is one report), no digest, no notification; recorded in the history like an alert.
   */
  async mailFiles(input: {
    kind: AlertKind;
    dedupeKey: string;
    subject: string;
    message: string;
    attachments: readonly AlertMailAttachment[];
  }): Promise<RaiseOutcome> {
    const { store, clock } = this.deps;
    const delivery = this.delivery(await alertSettings(store));
    const at = clock.now().toISOString();
    const subject = redactCardText(input.subject);
    const message = redactCardText(input.message);
    const base = { at, kind: input.kind, dedupeKey: input.dedupeKey, subject, message };
    const recipients = (await store.alerts.subscriptions()).flatMap((s) =>
      s.email && s.kinds.includes(input.kind) ? [s.email] : [],
    );
    if (recipients.length === 0) return { status: 'not-configured', recipients, error: 'No one is subscribed.' };
    if (delivery.problem || !delivery.mailer || !delivery.from) {
      const error = delivery.problem ?? 'E-mail is not configured.';
      await store.alerts.record({ ...base, status: 'not-configured', recipients, error });
      return { status: 'not-configured', recipients, error };
    }
    try {
      await delivery.mailer.send({
        from: delivery.from,
        to: recipients,
        subject,
        text: `${message}\n`,
        attachments: input.attachments,
      });
    } catch (e) {
      const error = redactCardText(
        `The mail server did not take the message: ${e instanceof Error ? e.message : String(e)}`,
      );
      await store.alerts.record({ ...base, status: 'failed', recipients, error });
      return { status: 'failed', recipients, error };
    }
    await store.alerts.record({ ...base, status: 'sent', recipients, error: null });
    return { status: 'sent', recipients, error: null };
  }

  /**
   * An admin's test of the mail settings as saved (the environment's over them, as for every alert): one e-mail
   * to the admin address, else to the admin's own subscription address. Audited (`alerts.tested`) with the
   * outcome; not an alert, so no window holds it back and the alert history does not list it.
   */
  async sendTest(by: string): Promise<{ sent: boolean; recipients: string[]; error: string | null }> {
    const { store, clock } = this.deps;
    const delivery = this.delivery(await alertSettings(store));
    const own = (await subscriptionOf(store, by)).email;
    const recipients = delivery.problem ? [] : [delivery.adminEmail ?? own].filter((r): r is string => !!r);
    let error: string | null = delivery.problem;
    if (!error && recipients.length === 0)
      error = 'No address to send it to: set the admin address (or CLEARDESK_ALERT_EMAIL), or your own under Alerts.';
    const at = clock.now().toISOString();
    if (!error && delivery.mailer && delivery.from) {
      try {
        await delivery.mailer.send({
          from: delivery.from,
          to: recipients,
          subject: 'ClearDesk: test e-mail',
          text:
            `${by} sent this test from ClearDesk's settings at ${at}. Alerts and the daily journal's files ` +
            'reach this address through the same mail server.\n',
        });
      } catch (e) {
        error = redactCardText(`The mail server did not take it: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    await store.audit.append({
      actor: by,
      action: 'alerts.tested',
      subject: 'settings:alerts',
      detail: { recipients, sent: error === null, error },
      at,
    });
    return { sent: error === null, recipients, error };
  }

  /** The open pages hear of an alert once it is in the history (so their list shows how it went). */
  private tellPages(kind: AlertKind, subject: string, message: string, at: string): void {
    this.deps.events?.emit('alert.raised', { kind, subject, message, at });
  }

  /** After a sync pass failed: which system, whether it could be reached, and N failures in a row. */
  async afterSyncFailed(error: unknown): Promise<void> {
    const { store } = this.deps;
    const settings = await alertSettings(store);
    const text = error instanceof Error ? error.message : String(error);
    const { runId, entries } = await readSyncLog(store);
    const run = runId === null ? null : await store.syncRuns.get(runId);
    const failing = [...entries].reverse().find((e) => e.level === 'error');
    const system: SyncSystem = failing?.source === 'paytrace' || failing?.source === 'sap' ? failing.source : 'sync';
    const inRow = await store.syncRuns.failuresInRow(Math.max(settings.failuresInRow, 100));
    await this.raise(
      syncFailed({
        system,
        // SAP not answering a posting is SAP unreachable too (the poster resolves the posting later).
        unreachable: error instanceof SystemUnavailableError || error instanceof SapUnreachableError,
        error: text,
        startedAt: run?.startedAt ?? this.deps.clock.now().toISOString(),
        inRow,
      }),
    );
    if (inRow >= settings.failuresInRow) await this.raise(syncFailedRepeatedly({ inRow, lastError: text }));
    if (system !== 'sync') await this.systemFailed(system, text);
  }

  /**
   * PayTrace or SAP failed: its outage (first failure kept in the store, so it counts across restarts and
   * processes) raises 'system.unreachable' once it is longer than the admin's threshold; the window holds
   * back the repeats.
   */
  async systemFailed(system: 'paytrace' | 'sap', error: string): Promise<void> {
    const { store, clock } = this.deps;
    const settings = await alertSettings(store);
    const now = clock.now();
    const outage = await store.alerts.outageFailure(system, now.toISOString(), error);
    const minutes = Math.floor((now.getTime() - Date.parse(outage.since)) / MINUTE);
    if (minutes < settings.unreachableMinutes) return;
    await this.raise(
      systemUnreachable({
        system,
        since: outage.since,
        minutes,
        thresholdMinutes: settings.unreachableMinutes,
        error,
      }),
    );
    await store.alerts.outageAlerted(system, now.toISOString());
  }

  /** PayTrace or SAP answered: its outage ends; one that was alerted gets its recovery notice (from one process). */
  async systemWorked(system: 'paytrace' | 'sap'): Promise<void> {
    const ended = await this.deps.store.alerts.outageEnded(system);
    if (ended?.alertedAt)
      await this.raise(systemRecovered({ system, since: ended.since, until: this.deps.clock.now().toISOString() }));
  }

  /** After a sync pass: failed postings, dead letters and unapplied cash over the admin's thresholds. */
  async afterSync(): Promise<void> {
    const { store } = this.deps;
    // The pass read PayTrace and SAP: both work.
    await this.systemWorked('paytrace');
    await this.systemWorked('sap');
    const settings = await alertSettings(store);
    const watch = await store.alerts.watch();
    if (watch.failedPostings > 0) await this.raise(postingsFailed(watch.failedPostings));
    if (watch.openDeadLetters > 0) await this.raise(deadLettersWaiting(watch.openDeadLetters));
    for (const threshold of settings.unappliedCash) {
      const total = watch.unapplied.find((u) => u.currency === threshold.currency);
      if (total && total.minor > threshold.minor)
        await this.raise(
          unappliedCashOver({ total: { minor: total.minor, currency: total.currency }, threshold, count: total.count }),
        );
    }
  }

  /** The audit log was verified and does not hold. */
  async afterAuditVerified(result: { ok: boolean; message: string; brokenAt: number | null }): Promise<void> {
    if (!result.ok) await this.raise(auditBroken(result));
  }

  /** Whom an alert of this kind goes to: the admin address (every kind unless they subscribed otherwise) and every subscriber. */
  private async recipients(kind: AlertKind, adminEmail: string | null): Promise<string[]> {
    const subscriptions = await this.deps.store.alerts.subscriptions();
    const to = new Map<string, string>();
    const add = (address: string) => to.set(address.toLowerCase(), address);
    if (adminEmail) {
      const own = subscriptions.find((s) => s.email?.toLowerCase() === adminEmail.toLowerCase());
      if (!own || own.kinds.includes(kind)) add(adminEmail);
    }
    for (const s of subscriptions) if (s.email && s.kinds.includes(kind)) add(s.email);
    return [...to.values()];
  }

  /** The environment wins over the admin's settings, value by value. */
  private delivery(settings: AlertSettings): Delivery {
    const mail = this.deps.mail;
    const none = (problem: string): Delivery => ({ mailer: null, from: null, adminEmail: null, problem });
    if (!mail) return none('E-mail alerts are not available in this host.');
    const smtpUrl = mail.smtpUrl ?? settings.smtpUrl;
    const from = mail.from ?? settings.from;
    const adminEmail = mail.adminEmail ?? settings.adminEmail;
    if (!smtpUrl)
      return none('No SMTP server is configured: set CLEARDESK_SMTP_URL or the SMTP server in the alert settings.');
    if (!from) return none('No sender is configured: set CLEARDESK_ALERT_FROM or the sender in the alert settings.');
    for (const [name, value] of [
      ['CLEARDESK_ALERT_FROM', mail.from],
      ['CLEARDESK_ALERT_EMAIL', mail.adminEmail],
    ] as const) {
      if (value !== null && !AlertSettingsSchema.shape.from.safeParse(value).success)
        return none(`${name} is not an e-mail address; write it as name@example.com.`);
    }
    try {
      const mailer = mail.mailerFor(smtpUrl, mail.smtpUrl ? 'CLEARDESK_SMTP_URL' : 'the alert settings');
      return { mailer, from, adminEmail, problem: null };
    } catch (e) {
      return none(e instanceof Error ? e.message : String(e));
    }
  }
}

/** A person's alerts: the kinds e-mailed to them and the kinds shown to them as notifications. */
export interface Subscription {
  readonly email: string | null;
  readonly kinds: AlertKind[];
  readonly notify: AlertKind[];
}

/**
 * A user's subscription; someone who never subscribed wants nothing by e-mail (the admin address gets every
 * kind) and is shown every kind as a notification until they choose.
 */
export async function subscriptionOf(store: Repositories, user: string): Promise<Subscription> {
  const stored = await store.alerts.subscription(personKey(user));
  const notify = stored?.notify ?? null;
  return {
    email: stored?.email ?? null,
    kinds: stored ? ALERT_KINDS.filter((k) => stored.kinds.includes(k)) : [],
    notify: notify === null ? [...ALERT_KINDS] : ALERT_KINDS.filter((k) => notify.includes(k)),
  };
}

/** A user sets their own subscription; it is on the audit trail. */
export async function subscribe(
  store: Repositories,
  clock: Clock,
  user: string,
  change: { email: string | null; kinds: readonly AlertKind[]; notify?: readonly AlertKind[] | undefined },
): Promise<Subscription> {
  const at = clock.now().toISOString();
  const kinds = ALERT_KINDS.filter((k) => change.kinds.includes(k));
  await store.transaction(async (tx) => {
    // Left out of the change, the notifications stay as they were (every kind, until chosen).
    const before = await tx.alerts.subscription(personKey(user));
    const notify = change.notify ? ALERT_KINDS.filter((k) => change.notify!.includes(k)) : (before?.notify ?? null);
    await tx.alerts.subscribe({
      userKey: personKey(user),
      userName: user,
      email: change.email,
      kinds,
      notify,
      updatedAt: at,
    });
    await tx.audit.append({
      actor: user,
      action: 'alerts.subscribed',
      subject: `alerts:${personKey(user)}`,
      detail: { email: change.email, kinds, notify },
      at,
    });
  });
  return subscriptionOf(store, user);
}
