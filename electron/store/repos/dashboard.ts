// The dashboard's figures (docs/ARCHITECTURE.md, "The dashboard"): aggregates over the payments,
// their proposals, SAP's mirror, dead letters, in SQL (GROUP BY) on both dialects. Money is summed
// per currency in integer minor units; rates are left to the reader as counts. Days are the company's
// (the zone the core passes): every timestamp is ISO text in UTC, so a range of days is a range of text
// between the instants the days begin (the created_at index of 0130 serves the per-day reads), and a
// timestamp's day is found among those instants by a CASE. SAP's dates (due, posting) are already
// calendar days. Unapplied cash is not here: its
// rule is the alerts' (`store.alerts.watch`), and the core takes it from there.
import { type Kysely, sql } from 'kysely';
import type { AgingBucket } from '../../../shared/api';
import { UNAPPLIED_STATES, type PaymentState } from '../../../shared/domain';
import { addDays, dayInZone, dayStartUtc } from '../../../shared/time';
import type { Database } from '../schema';

const CHUNK = 500;

export interface DashboardQuery {
  /** The day the figures end on (YYYY-MM-DD) in `zone`, included. */
  readonly today: string;
  /** The IANA zone whose days these are (the company's). */
  readonly zone: string;
  /** How many days, `today` included. */
  readonly days: number;
  /** How many of the newest settlement batches. */
  readonly batches: number;
}

export interface CurrencySumRecord {
  readonly currency: string;
  readonly minor: number;
  readonly count: number;
}

export interface AgingRecord extends CurrencySumRecord {
  readonly bucket: AgingBucket;
}

/** A bucket's days (due date or transaction day), both ends included; null: unbounded. */
export interface BucketBounds {
  readonly bucket: AgingBucket;
  readonly from: string | null;
  readonly to: string | null;
}

export interface DashboardFigures {
  readonly days: string[];
  readonly buckets: BucketBounds[];
  readonly matching: {
    day: string;
    proposed: number;
    automatic: number;
    decided: number;
    firstTimeRight: number;
  }[];
  readonly openItemAging: AgingRecord[];
  readonly queueAging: AgingRecord[];
  readonly stateByDay: (CurrencySumRecord & { day: string; state: PaymentState })[];
  readonly stateByBatch: (CurrencySumRecord & { batch: number; state: PaymentState })[];
  readonly sync: { day: string; ingested: number; deadLetters: number; deadLettersOfPayments: number }[];
}

export interface DashboardRepository {
  figures(query: DashboardQuery): Promise<DashboardFigures>;
}

/** The aging buckets' days as of `today`: 0-30 days past due is due today back to 30 days ago. */
export function agingBuckets(today: string): BucketBounds[] {
  return [
    { bucket: 'current', from: addDays(today, 1), to: null },
    { bucket: '0-30', from: addDays(today, -30), to: today },
    { bucket: '31-60', from: addDays(today, -60), to: addDays(today, -31) },
    { bucket: '61-90', from: addDays(today, -90), to: addDays(today, -61) },
    { bucket: '>90', from: null, to: addDays(today, -91) },
  ];
}

const num = (v: number | string | bigint | null): number => Number(v ?? 0);

export function dashboardRepository(db: Kysely<Database>): DashboardRepository {
  /**
   * The CASE that puts a value in its aging bucket, given where the buckets begin as `at(day)`: the day
   * itself for a calendar date, the instant it begins for a timestamp.
   */
  const bucketOf = (value: ReturnType<typeof sql>, today: string, at: (day: string) => string) => sql<AgingBucket>`case
    when ${value} >= ${at(addDays(today, 1))} then 'current'
    when ${value} >= ${at(addDays(today, -30))} then '0-30'
    when ${value} >= ${at(addDays(today, -60))} then '31-60'
    when ${value} >= ${at(addDays(today, -90))} then '61-90'
    else '>90' end`;

  /** Distinct payments per day named by the dead letters of the window (a transaction id or a posting reference). */
  async function paymentsWithLetters(from: string, until: string, zone: string): Promise<Map<string, number>> {
    const letters = await db
      .selectFrom('dead_letters')
      .select(['created_at', 'source_key'])
      .where('created_at', '>=', from)
      .where('created_at', '<', until)
      .where('source_key', 'is not', null)
      .execute();
    const idsOf = new Map<string, Set<number>>(); // source key -> payments
    const numeric = [...new Set(letters.map((l) => l.source_key!).filter((k) => /^\d{1,15}$/.test(k)))];
    const other = [...new Set(letters.map((l) => l.source_key!).filter((k) => !/^\d{1,15}$/.test(k)))];
    for (let i = 0; i < numeric.length; i += CHUNK) {
      const rows = await db
        .selectFrom('transactions')
        .select('transaction_id')
        .where('transaction_id', 'in', numeric.slice(i, i + CHUNK).map(Number))
        .execute();
      for (const r of rows) idsOf.set(String(r.transaction_id), new Set([Number(r.transaction_id)]));
    }
    for (let i = 0; i < other.length; i += CHUNK) {
      const rows = await db
        .selectFrom('postings')
        .select(['reference', 'transaction_id'])
        .where('reference', 'in', other.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) idsOf.set(r.reference, new Set([Number(r.transaction_id)]));
    }
    const perDay = new Map<string, Set<number>>();
    for (const l of letters) {
      const ids = idsOf.get(l.source_key!);
      if (!ids) continue;
      const day = dayInZone(Date.parse(l.created_at), zone);
      const set = perDay.get(day) ?? new Set<number>();
      for (const id of ids) set.add(id);
      perDay.set(day, set);
    }
    return new Map([...perDay].map(([day, set]) => [day, set.size]));
  }

  return {
    async figures({ today, zone, days: count, batches }) {
      const days = Array.from({ length: count }, (_, i) => addDays(today, i - count + 1));
      const startOf = (day: string) => dayStartUtc(day, zone);
      // Where each day begins, and where the day after the last begins: the window [from, until).
      const starts = [...days, addDays(today, 1)].map(startOf);
      const from = starts[0]!;
      const until = starts[starts.length - 1]!;
      /** The day of a timestamp inside the window: the last day that began at or before it. */
      const dayOf = (ts: ReturnType<typeof sql>) =>
        days.length === 1
          ? sql<string>`${today}`
          : sql<string>`case ${sql.join(
              days.slice(0, -1).map((day, i) => sql`when ${ts} < ${starts[i + 1]!} then ${day}`),
              sql` `,
            )} else ${today} end`;

      // The matcher's first proposal per payment, by the payment's day.
      const proposed = await sql<{ day: string; proposed: number | string; automatic: number | string }>`
        select x.day, count(*) as proposed, sum(case when x.tier = 'auto' then 1 else 0 end) as automatic
        from (select ${dayOf(sql`t.created_at_utc`)} as day, p.tier from transactions t
          join proposals p on p.transaction_id = t.transaction_id
          where t.created_at_utc >= ${from} and t.created_at_utc < ${until}
            and not exists (select 1 from proposals f where f.transaction_id = p.transaction_id and f.id < p.id)) x
        group by x.day`.execute(db);
      // Proposals approved per day, and those that were not a clerk's correction.
      const decided = await sql<{ day: string; decided: number | string; right: number | string }>`
        select x.day, count(*) as decided, sum(case when x.corrected_by is null then 1 else 0 end) as "right"
        from (select ${dayOf(sql`p.decided_at`)} as day, p.corrected_by from proposals p
          where p.status = 'approved' and p.decided_at >= ${from} and p.decided_at < ${until}) x
        group by x.day`.execute(db);
      const proposedOf = new Map(proposed.rows.map((r) => [r.day, r]));
      const decidedOf = new Map(decided.rows.map((r) => [r.day, r]));
      const matching = days.map((day) => ({
        day,
        proposed: num(proposedOf.get(day)?.proposed ?? 0),
        automatic: num(proposedOf.get(day)?.automatic ?? 0),
        decided: num(decidedOf.get(day)?.decided ?? 0),
        firstTimeRight: num(decidedOf.get(day)?.right ?? 0),
      }));

      const aging = (rows: { bucket: AgingBucket; currency: string; minor: number | string; n: number | string }[]) =>
        rows.map((r) => ({ bucket: r.bucket, currency: r.currency, minor: num(r.minor), count: num(r.n) }));
      const openItems = await sql<{
        bucket: AgingBucket;
        currency: string;
        minor: number | string;
        n: number | string;
      }>`
        select x.bucket, x.currency, sum(x.amount_minor) as minor, count(*) as n
        from (select ${bucketOf(sql`coalesce(oi.due_date, oi.posting_date)`, today, (day) => day)} as bucket, oi.currency, oi.amount_minor
          from open_items oi where oi.status = 'open') x
        group by x.bucket, x.currency order by x.currency, x.bucket`.execute(db);
      const queue = await sql<{ bucket: AgingBucket; currency: string; minor: number | string; n: number | string }>`
        select x.bucket, x.currency, sum(x.amount_minor) as minor, count(*) as n
        from (select ${bucketOf(sql`t.created_at_utc`, today, startOf)} as bucket, t.currency, t.amount_minor
          from transactions t where t.queue_state in (${sql.join([...UNAPPLIED_STATES])})) x
        group by x.bucket, x.currency order by x.currency, x.bucket`.execute(db);

      type StateRow = { state: PaymentState; currency: string; minor: number | string; n: number | string };
      const byDay = await sql<StateRow & { day: string }>`
        select x.day, x.state, x.currency, sum(x.amount_minor) as minor, count(*) as n
        from (select ${dayOf(sql`t.created_at_utc`)} as day, t.queue_state as state, t.currency, t.amount_minor
          from transactions t where t.created_at_utc >= ${from} and t.created_at_utc < ${until}) x
        group by x.day, x.state, x.currency order by x.day, x.state, x.currency`.execute(db);
      const byBatch = await sql<StateRow & { batch: number | string }>`
        select t.batch, t.queue_state as state, t.currency, sum(t.amount_minor) as minor, count(*) as n
        from transactions t
        where t.batch in (select y.batch from (select distinct b.batch from transactions b
          where b.batch is not null order by b.batch desc limit ${batches}) y)
        group by t.batch, t.queue_state, t.currency order by t.batch, t.queue_state, t.currency`.execute(db);

      const ingested = await sql<{ day: string; n: number | string }>`
        select x.day, count(*) as n from (select ${dayOf(sql`t.first_seen_at`)} as day from transactions t
          where t.first_seen_at >= ${from} and t.first_seen_at < ${until}) x group by x.day`.execute(db);
      const letters = await sql<{ day: string; n: number | string }>`
        select x.day, count(*) as n from (select ${dayOf(sql`d.created_at`)} as day from dead_letters d
          where d.created_at >= ${from} and d.created_at < ${until}) x group by x.day`.execute(db);
      const ingestedOf = new Map(ingested.rows.map((r) => [r.day, num(r.n)]));
      const lettersOf = new Map(letters.rows.map((r) => [r.day, num(r.n)]));
      const ofPayments = await paymentsWithLetters(from, until, zone);

      return {
        days,
        buckets: agingBuckets(today),
        matching,
        openItemAging: aging(openItems.rows),
        queueAging: aging(queue.rows),
        stateByDay: byDay.rows.map((r) => ({
          day: r.day,
          state: r.state,
          currency: r.currency,
          minor: num(r.minor),
          count: num(r.n),
        })),
        stateByBatch: byBatch.rows.map((r) => ({
          batch: num(r.batch),
          state: r.state,
          currency: r.currency,
          minor: num(r.minor),
          count: num(r.n),
        })),
        sync: days.map((day) => ({
          day,
          ingested: ingestedOf.get(day) ?? 0,
          deadLetters: lettersOf.get(day) ?? 0,
          deadLettersOfPayments: ofPayments.get(day) ?? 0,
        })),
      };
    },
  };
}
