// Call metrics in memory (docs/ARCHITECTURE.md, "Monitoring"): per minute, system and outcome a latency
// histogram with fixed bounds, so minutes add up into any interval and a percentile of the interval is
// read from the summed histogram. Breaker transitions are kept with their time. The core drains the
// buffer into the store (store.metrics); nothing here does I/O.
import type { Clock } from '../ports/clock';
import type { BreakerState, CallOutcome, CallRecorder } from '../ports/call-metrics';

/**
 * Upper bounds (inclusive, ms) of the latency buckets: 1-2-5 steps up to two minutes, then one hour (the
 * longest SAP call timeout); a slower attempt counts in the last bucket. A rejected call is bucket 0.
 */
export const LATENCY_BOUNDS_MS: readonly number[] = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 120_000, 3_600_000,
];

/** The bucket an attempt of `ms` milliseconds counts in: the first bound at or above it. */
export function latencyBucket(ms: number): number {
  const whole = Math.max(0, Math.ceil(ms));
  return LATENCY_BOUNDS_MS.find((b) => whole <= b) ?? LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1]!;
}

/**
 * The p-th percentile (0 < p <= 100) of a histogram by nearest rank: the bound of the bucket that holds
 * the ceil(p% x n)-th smallest attempt. Null for an empty histogram. Buckets: bound -> count.
 */
export function histogramPercentile(buckets: ReadonlyMap<number, number>, p: number): number | null {
  const sorted = [...buckets.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [bound, n] of sorted) {
    seen += n;
    if (seen >= rank) return bound;
  }
  return sorted[sorted.length - 1]![0];
}

/** One cell of the histogram: attempts of a system in a minute with an outcome, in a latency bucket. */
export interface CallCount {
  /** The minute's start, ISO 8601 UTC ("2026-12-05T07:35:00.000Z"). */
  readonly minute: string;
  readonly system: string;
  readonly outcome: CallOutcome;
  /** The bucket's upper bound in ms (LATENCY_BOUNDS_MS), 0 for a rejected call. */
  readonly leMs: number;
  readonly count: number;
}

export interface BreakerTransition {
  readonly at: string;
  readonly system: string;
  readonly from: BreakerState;
  readonly to: BreakerState;
}

export interface DrainedMetrics {
  readonly calls: readonly CallCount[];
  readonly transitions: readonly BreakerTransition[];
}

export const minuteOf = (at: Date): string => `${at.toISOString().slice(0, 16)}:00.000Z`;

/** The process's buffer: one recorder per system, drained by the core's flush. */
export class CallMetricsBuffer {
  private cells = new Map<string, CallCount>();
  private transitions: BreakerTransition[] = [];

  constructor(private readonly clock: Clock) {}

  recorder(system: string): CallRecorder {
    return {
      call: (outcome, ms) => this.add(system, outcome, ms),
      breaker: (from, to) => {
        this.transitions.push({ at: this.clock.now().toISOString(), system, from, to });
      },
    };
  }

  private add(system: string, outcome: CallOutcome, ms: number): void {
    const minute = minuteOf(this.clock.now());
    const leMs = outcome === 'rejected' ? 0 : latencyBucket(ms);
    const key = `${minute}|${system}|${outcome}|${leMs}`;
    const cell = this.cells.get(key);
    this.cells.set(key, { minute, system, outcome, leMs, count: (cell?.count ?? 0) + 1 });
  }

  /** Everything recorded since the last drain; the buffer starts empty again. */
  drain(): DrainedMetrics {
    const drained = { calls: [...this.cells.values()], transitions: this.transitions };
    this.cells = new Map();
    this.transitions = [];
    return drained;
  }

  /** Puts drained metrics back (a flush the store refused), so the next flush writes them. */
  restore(drained: DrainedMetrics): void {
    for (const c of drained.calls) {
      const key = `${c.minute}|${c.system}|${c.outcome}|${c.leMs}`;
      const cell = this.cells.get(key);
      this.cells.set(key, { ...c, count: (cell?.count ?? 0) + c.count });
    }
    this.transitions = [...drained.transitions, ...this.transitions];
  }
}
