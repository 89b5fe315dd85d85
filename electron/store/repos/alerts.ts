// Alerts (tables `alert_windows`, `alert_history`, `alert_subscriptions`, migration 0150): the rate-limit
// window per dedupe key, claimed in one statement so two processes never both send; the digest of what
// was held back; the history; each user's subscription; and what waits for a person (the alert checks'
// reads across tables). The core decides what to alert about (electron/core/alerts); this keeps it.
import { sql, type Kysely } from 'kysely';
import { UNAPPLIED_STATES } from '../../../shared/domain';
import { redactCardText } from '../../../shared/security';
import type { AlertDigestLine, AlertRecord, AlertStatus, AlertSubscriptionRecord, AlertWatch } from '../records';
import type { Database } from '../schema';

export interface NewAlertRecord {
  readonly at: string;
  readonly kind: string;
  readonly dedupeKey: string;
  readonly subject: string;
  readonly message: string;
  readonly status: AlertStatus;
  readonly recipients: readonly string[];
  readonly error: string | null;
}

export interface AlertsRepository {
  /**
   * Opens the key's window until `until` when none is open at `at`: true, and the caller sends. While one
   * is open: false, and the repeat is counted for the digest. One statement, so it holds across processes.
   */
  claimWindow(input: { dedupeKey: string; kind: string; subject: string; at: string; until: string }): Promise<boolean>;
  /** Ends a key's window at `at`: an e-mail that could not be sent must not hold back the next one. */
  releaseWindow(dedupeKey: string, at: string): Promise<void>;
  /** Takes the repeats held back so far (each taken once, whoever asks at the same time). */
  takeDigest(): Promise<AlertDigestLine[]>;
  /** Puts taken repeats back, when the e-mail that was to carry them could not be sent. */
  returnDigest(lines: readonly AlertDigestLine[]): Promise<void>;
  record(entry: NewAlertRecord): Promise<number>;
  /** Newest first. */
  history(limit: number): Promise<AlertRecord[]>;
  subscription(userKey: string): Promise<AlertSubscriptionRecord | null>;
  subscriptions(): Promise<AlertSubscriptionRecord[]>;
  subscribe(entry: AlertSubscriptionRecord): Promise<void>;
  watch(): Promise<AlertWatch>;
  /**
   * A failure of `system` at `at`: opens its outage (since `at`) unless one is open, which keeps its first
   * failure; answers the outage as it now stands.
   */
  outageFailure(system: string, at: string, error: string): Promise<SystemOutage>;
  /** Marks the open outage as alerted (once; true for the caller who marked it). */
  outageAlerted(system: string, at: string): Promise<boolean>;
  /** `system` works again: closes its outage and answers it (to one caller only), or null when none was open. */
  outageEnded(system: string): Promise<SystemOutage | null>;
}

/** PayTrace or SAP failing without a break since `since` (table system_outages, migration 0240). */
export interface SystemOutage {
  readonly system: string;
  readonly since: string;
  readonly lastFailureAt: string;
  readonly lastError: string;
  readonly alertedAt: string | null;
}

const outageOf = (r: {
  system: string;
  since: string;
  last_failure_at: string;
  last_error: string;
  alerted_at: string | null;
}): SystemOutage => ({
  system: r.system,
  since: r.since,
  lastFailureAt: r.last_failure_at,
  lastError: r.last_error,
  alertedAt: r.alerted_at,
});

const parseList = (text: string): string[] => {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
};

export function alertsRepository(db: Kysely<Database>): AlertsRepository {
  return {
    async claimWindow({ dedupeKey, kind, subject, at, until }) {
      const claimed = await db
        .insertInto('alert_windows')
        .values({ dedupe_key: dedupeKey, kind, subject: redactCardText(subject), sent_at: at, window_until: until })
        .onConflict((oc) =>
          oc
            .column('dedupe_key')
            .doUpdateSet({ kind, subject: redactCardText(subject), sent_at: at, window_until: until })
            .where('alert_windows.window_until', '<=', at),
        )
        .returning('dedupe_key')
        .executeTakeFirst();
      if (claimed) return true;
      await db
        .updateTable('alert_windows')
        .set((eb) => ({ suppressed: eb('suppressed', '+', 1) }))
        .where('dedupe_key', '=', dedupeKey)
        .execute();
      return false;
    },
    async outageFailure(system, at, error) {
      const lastError = redactCardText(error).slice(0, 2000);
      const row = await db
        .insertInto('system_outages')
        .values({ system, since: at, last_failure_at: at, last_error: lastError, alerted_at: null })
        .onConflict((oc) => oc.column('system').doUpdateSet({ last_failure_at: at, last_error: lastError }))
        .returningAll()
        .executeTakeFirstOrThrow();
      return outageOf(row);
    },
    async outageAlerted(system, at) {
      const done = await db
        .updateTable('system_outages')
        .set({ alerted_at: at })
        .where('system', '=', system)
        .where('alerted_at', 'is', null)
        .returning('system')
        .executeTakeFirst();
      return done !== undefined;
    },
    async outageEnded(system) {
      const row = await db.deleteFrom('system_outages').where('system', '=', system).returningAll().executeTakeFirst();
      return row ? outageOf(row) : null;
    },
    async releaseWindow(dedupeKey, at) {
      await db.updateTable('alert_windows').set({ window_until: at }).where('dedupe_key', '=', dedupeKey).execute();
    },
    async takeDigest() {
      const pending = await db
        .selectFrom('alert_windows')
        .select(['dedupe_key', 'kind', 'subject', 'suppressed'])
        .where('suppressed', '>', 0)
        .orderBy('dedupe_key')
        .execute();
      const taken: AlertDigestLine[] = [];
      for (const row of pending) {
        const n = Number(row.suppressed);
        // Only what this call takes: a concurrent taker that got there first leaves less than n.
        const done = await db
          .updateTable('alert_windows')
          .set((eb) => ({ suppressed: eb('suppressed', '-', n) }))
          .where('dedupe_key', '=', row.dedupe_key)
          .where('suppressed', '>=', n)
          .returning('dedupe_key')
          .executeTakeFirst();
        if (done) taken.push({ dedupeKey: row.dedupe_key, kind: row.kind, subject: row.subject, suppressed: n });
      }
      return taken;
    },
    async returnDigest(lines) {
      for (const line of lines) {
        await db
          .updateTable('alert_windows')
          .set((eb) => ({ suppressed: eb('suppressed', '+', line.suppressed) }))
          .where('dedupe_key', '=', line.dedupeKey)
          .execute();
      }
    },
    async record(entry) {
      const { id } = await db
        .insertInto('alert_history')
        .values({
          at: entry.at,
          kind: entry.kind,
          dedupe_key: entry.dedupeKey,
          subject: redactCardText(entry.subject),
          message: redactCardText(entry.message),
          status: entry.status,
          recipients: JSON.stringify(entry.recipients),
          error: entry.error === null ? null : redactCardText(entry.error),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(id);
    },
    async history(limit) {
      const rows = await db
        .selectFrom('alert_history')
        .selectAll()
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        at: r.at,
        kind: r.kind,
        dedupeKey: r.dedupe_key,
        subject: r.subject,
        message: r.message,
        status: r.status as AlertStatus,
        recipients: parseList(r.recipients),
        error: r.error,
      }));
    },
    async subscription(userKey) {
      const row = await db
        .selectFrom('alert_subscriptions')
        .selectAll()
        .where('user_key', '=', userKey)
        .executeTakeFirst();
      return row ? subscriptionOf(row) : null;
    },
    async subscriptions() {
      const rows = await db.selectFrom('alert_subscriptions').selectAll().orderBy('user_key').execute();
      return rows.map(subscriptionOf);
    },
    async subscribe(entry) {
      const values = {
        user_name: entry.userName,
        email: entry.email,
        kinds: JSON.stringify(entry.kinds),
        notify_kinds: entry.notify === null ? null : JSON.stringify(entry.notify),
        updated_at: entry.updatedAt,
      };
      await db
        .insertInto('alert_subscriptions')
        .values({ user_key: entry.userKey, ...values })
        .onConflict((oc) => oc.column('user_key').doUpdateSet(values))
        .execute();
    },
    async watch() {
      const letters = await db
        .selectFrom('dead_letters')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('resolved_at', 'is', null)
        .executeTakeFirstOrThrow();
      const failed = await db
        .selectFrom('transactions')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('queue_state', '=', 'failed')
        .executeTakeFirstOrThrow();
      const unapplied = await db
        .selectFrom('transactions')
        .select([
          'currency',
          sql<number | string>`sum(${sql.ref('amount_minor')})`.as('minor'),
          (eb) => eb.fn.countAll().as('n'),
        ])
        .where('kind', '=', 'sale')
        .where('queue_state', 'in', UNAPPLIED_STATES)
        .groupBy('currency')
        .orderBy('currency')
        .execute();
      return {
        openDeadLetters: Number(letters.n),
        failedPostings: Number(failed.n),
        unapplied: unapplied.map((r) => ({ currency: r.currency, minor: Number(r.minor), count: Number(r.n) })),
      };
    },
  };
}

function subscriptionOf(row: Database['alert_subscriptions']): AlertSubscriptionRecord {
  return {
    userKey: row.user_key,
    userName: row.user_name,
    email: row.email,
    kinds: parseList(row.kinds),
    notify: row.notify_kinds === null ? null : parseList(row.notify_kinds),
    updatedAt: row.updated_at,
  };
}
