// Monitoring's series (docs/ARCHITECTURE.md, "Monitoring"; tables call_metrics, breaker_transitions,
// metric_samples of 0280). Calls arrive as histogram cells per minute and add up on conflict; a series
// sums the cells per interval in SQL (an interval is a prefix of the ISO text: the hour, or the day) and
// reads each interval's p50 and p95 from its summed histogram. Breaker transitions are read with the
// state each breaker was in when the window began; samples as the highest value per interval.
import { type Kysely, sql } from 'kysely';
import { histogramPercentile, type BreakerTransition, type CallCount } from '../../../shared/monitoring/call-metrics';
import type { BreakerState, CallOutcome } from '../../../shared/ports/call-metrics';
import type { Database } from '../schema';

const CHUNK = 500;

/** An hour ("2026-12-05T07") or a day ("2026-12-05"): how many characters of an ISO timestamp name it. */
export type MetricsUnit = 'hour' | 'day';
const PREFIX: Record<MetricsUnit, number> = { hour: 13, day: 10 };

export interface MetricsQuery {
  /** ISO instants: from included, to excluded. */
  readonly from: string;
  readonly to: string;
  readonly unit: MetricsUnit;
}

export interface CallIntervalRecord {
  /** The interval's prefix of ISO text ("2026-12-05T07" or "2026-12-05"). */
  readonly interval: string;
  readonly system: string;
  readonly counts: Record<CallOutcome, number>;
  /** Nearest-rank percentiles of the attempts made (rejected calls left out), as bucket bounds in ms. */
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
}

export interface MetricSeries {
  readonly calls: CallIntervalRecord[];
  /** Transitions in the window, oldest first. */
  readonly transitions: BreakerTransition[];
  /** Each system's breaker state when the window began (its last transition before it). */
  readonly initialStates: { system: string; state: BreakerState }[];
  /** The highest value per interval and metric. */
  readonly samples: { interval: string; metric: string; value: number }[];
}

export interface MetricsRepository {
  /** Adds histogram cells (a cell already stored for the minute, system, outcome and bucket grows). */
  addCalls(calls: readonly CallCount[]): Promise<void>;
  addTransitions(transitions: readonly BreakerTransition[]): Promise<void>;
  /** Samples now: payments per queue state ('queue.<state>') and open dead letters ('deadLetters.open'). */
  sampleQueue(at: string): Promise<void>;
  /** Deletes everything older than `before` (ISO); answers how many rows went. */
  prune(before: string): Promise<number>;
  series(query: MetricsQuery): Promise<MetricSeries>;
}

const emptyCounts = (): Record<CallOutcome, number> => ({ ok: 0, error: 0, retry: 0, rejected: 0 });

export function metricsRepository(db: Kysely<Database>): MetricsRepository {
  return {
    async addCalls(calls) {
      for (let i = 0; i < calls.length; i += CHUNK) {
        const values = calls.slice(i, i + CHUNK).map((c) => ({
          minute: c.minute,
          system: c.system,
          outcome: c.outcome,
          le_ms: c.leMs,
          count: c.count,
        }));
        await db
          .insertInto('call_metrics')
          .values(values)
          .onConflict((oc) =>
            oc
              .columns(['minute', 'system', 'outcome', 'le_ms'])
              .doUpdateSet({ count: sql<number>`${sql.ref('call_metrics.count')} + ${sql.ref('excluded.count')}` }),
          )
          .execute();
      }
    },
    async addTransitions(transitions) {
      for (let i = 0; i < transitions.length; i += CHUNK) {
        const values = transitions
          .slice(i, i + CHUNK)
          .map((t) => ({ at: t.at, system: t.system, from_state: t.from, to_state: t.to }));
        await db.insertInto('breaker_transitions').values(values).execute();
      }
    },
    async sampleQueue(at) {
      const states = await db
        .selectFrom('transactions')
        .select(['queue_state', (eb) => eb.fn.countAll().as('n')])
        .groupBy('queue_state')
        .execute();
      const letters = await db
        .selectFrom('dead_letters')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('resolved_at', 'is', null)
        .executeTakeFirstOrThrow();
      const values = [
        ...states.map((r) => ({ at, metric: `queue.${r.queue_state}`, value: Number(r.n) })),
        { at, metric: 'deadLetters.open', value: Number(letters.n) },
      ];
      await db
        .insertInto('metric_samples')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['at', 'metric']).doUpdateSet({ value: sql<number>`${sql.ref('excluded.value')}` }),
        )
        .execute();
    },
    async prune(before) {
      const a = await db.deleteFrom('call_metrics').where('minute', '<', before).executeTakeFirst();
      const b = await db.deleteFrom('breaker_transitions').where('at', '<', before).executeTakeFirst();
      const c = await db.deleteFrom('metric_samples').where('at', '<', before).executeTakeFirst();
      return Number(a.numDeletedRows) + Number(b.numDeletedRows) + Number(c.numDeletedRows);
    },
    async series({ from, to, unit }) {
      const n = PREFIX[unit];
      const cells = await db
        .selectFrom('call_metrics')
        .select([
          sql<string>`substr(${sql.ref('minute')}, 1, ${sql.lit(n)})`.as('interval'),
          'system',
          'outcome',
          'le_ms',
          sql<number | string>`sum(${sql.ref('count')})`.as('n'),
        ])
        .where('minute', '>=', from)
        .where('minute', '<', to)
        .groupBy([sql`substr(${sql.ref('minute')}, 1, ${sql.lit(n)})`, 'system', 'outcome', 'le_ms'])
        .execute();
      const byKey = new Map<
        string,
        { interval: string; system: string; counts: Record<CallOutcome, number>; hist: Map<number, number> }
      >();
      for (const c of cells) {
        const key = `${c.interval}|${c.system}`;
        const entry = byKey.get(key) ?? {
          interval: c.interval,
          system: c.system,
          counts: emptyCounts(),
          hist: new Map(),
        };
        byKey.set(key, entry);
        const count = Number(c.n);
        const outcome = c.outcome as CallOutcome;
        entry.counts[outcome] = (entry.counts[outcome] ?? 0) + count;
        if (outcome !== 'rejected') entry.hist.set(c.le_ms, (entry.hist.get(c.le_ms) ?? 0) + count);
      }
      const calls = [...byKey.values()]
        .map((e) => ({
          interval: e.interval,
          system: e.system,
          counts: e.counts,
          p50Ms: histogramPercentile(e.hist, 50),
          p95Ms: histogramPercentile(e.hist, 95),
        }))
        .sort((a, b) =>
          a.interval === b.interval ? a.system.localeCompare(b.system) : a.interval < b.interval ? -1 : 1,
        );

      const inWindow = await db
        .selectFrom('breaker_transitions')
        .select(['at', 'system', 'from_state', 'to_state'])
        .where('at', '>=', from)
        .where('at', '<', to)
        .orderBy('at')
        .orderBy('id')
        .execute();
      // Each system's last transition before the window: the newest id among the rows before `from`.
      const before = await db
        .selectFrom('breaker_transitions as t')
        .select(['t.system', 't.to_state'])
        .where('t.at', '<', from)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('breaker_transitions as u')
                .select('u.id')
                .whereRef('u.system', '=', 't.system')
                .where('u.at', '<', from)
                .where((eb) =>
                  eb.or([
                    eb('u.at', '>', eb.ref('t.at')),
                    eb.and([eb('u.at', '=', eb.ref('t.at')), eb('u.id', '>', eb.ref('t.id'))]),
                  ]),
                ),
            ),
          ),
        )
        .orderBy('t.system')
        .execute();

      const samples = await db
        .selectFrom('metric_samples')
        .select([
          sql<string>`substr(${sql.ref('at')}, 1, ${sql.lit(n)})`.as('interval'),
          'metric',
          sql<number | string>`max(${sql.ref('value')})`.as('value'),
        ])
        .where('at', '>=', from)
        .where('at', '<', to)
        .groupBy([sql`substr(${sql.ref('at')}, 1, ${sql.lit(n)})`, 'metric'])
        .orderBy(sql`substr(${sql.ref('at')}, 1, ${sql.lit(n)})`)
        .orderBy('metric')
        .execute();

      return {
        calls,
        transitions: inWindow.map((t) => ({
          at: t.at,
          system: t.system,
          from: t.from_state as BreakerState,
          to: t.to_state as BreakerState,
        })),
        initialStates: before.map((r) => ({ system: r.system, state: r.to_state as BreakerState })),
        samples: samples.map((s) => ({ interval: s.interval, metric: s.metric, value: Number(s.value) })),
      };
    },
  };
}
