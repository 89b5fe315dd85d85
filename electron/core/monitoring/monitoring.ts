// Monitoring (docs/ARCHITECTURE.md, "Monitoring"): flushes the call metrics the connectors recorded in
// memory (shared/monitoring) to the store once a minute, after each sync and before the series is read;
// samples the queue depth and open dead letters after each sync; prunes what is older than the retention;
// and answers the Monitoring screen's series over a window, with each breaker's worst state per interval.
import type { BreakerStateDto, MonitoringSeries, MonitoringWindow } from '../../../shared/api';
import type { CallMetricsBuffer } from '../../../shared/monitoring/call-metrics';
import type { Clock } from '../../../shared/ports';
import type { MetricsUnit, Repositories } from '../../store';

/** How long call metrics, breaker transitions and samples are kept. */
export const METRICS_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Pruning runs with a flush at most this often. */
const PRUNE_EVERY_MS = HOUR_MS;
const FLUSH_EVERY_MS = 60_000;

const WINDOWS: Record<MonitoringWindow, { unit: MetricsUnit; intervals: number }> = {
  '24h': { unit: 'hour', intervals: 24 },
  '7d': { unit: 'hour', intervals: 7 * 24 },
  '30d': { unit: 'day', intervals: 30 },
};

const SEVERITY: Record<BreakerStateDto, number> = { closed: 0, 'half-open': 1, open: 2 };

export interface MonitoringDeps {
  readonly store: Repositories;
  readonly clock: Clock;
  /** The process's call metrics; none: nothing is flushed (calls are not measured in this process). */
  readonly buffer?: CallMetricsBuffer;
  readonly onError?: (error: unknown) => void;
  /**
   * The systems with a circuit breaker (the host knows: PayTrace's policy, SAP's, North's disputes client), charted
   * closed while it never moved; a function is asked at each series (North's only while North is configured or simulated).
   */
  readonly breakers?: readonly string[] | (() => Promise<readonly string[]>);
}

export class Monitoring {
  private lastPrune = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: MonitoringDeps) {}

  /** Flushes once a minute until stop(); the timer does not keep the process alive. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush().catch((e: unknown) => this.deps.onError?.(e)), FLUSH_EVERY_MS);
    this.timer.unref?.();
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush().catch((e: unknown) => this.deps.onError?.(e));
  }

  /** Writes what was recorded since the last flush (one flush at a time); what the store refused is kept for the next. */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.write());
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async write(): Promise<void> {
    const { store, clock, buffer } = this.deps;
    if (buffer) {
      const drained = buffer.drain();
      if (drained.calls.length > 0 || drained.transitions.length > 0) {
        try {
          await store.transaction(async (tx) => {
            await tx.metrics.addCalls(drained.calls);
            await tx.metrics.addTransitions(drained.transitions);
          });
        } catch (e) {
          buffer.restore(drained);
          throw e;
        }
      }
    }
    const now = clock.now().getTime();
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      await store.metrics.prune(new Date(now - METRICS_RETENTION_DAYS * DAY_MS).toISOString());
    }
  }

  /** After each sync, whatever its outcome: flush, then sample the queue depth and open dead letters. */
  async afterSync(): Promise<void> {
    await this.flush();
    await this.deps.store.metrics.sampleQueue(this.deps.clock.now().toISOString());
  }

  /** The series of a window: its whole intervals up to the current one, oldest first. */
  async series(window: MonitoringWindow): Promise<MonitoringSeries> {
    await this.flush().catch((e: unknown) => this.deps.onError?.(e));
    const { unit, intervals: count } = WINDOWS[window];
    const step = unit === 'hour' ? HOUR_MS : DAY_MS;
    const now = this.deps.clock.now().getTime();
    const current = Math.floor(now / step) * step;
    const starts = Array.from({ length: count }, (_, i) => current - (count - 1 - i) * step);
    const from = new Date(starts[0]!).toISOString();
    const to = new Date(current + step).toISOString();
    const data = await this.deps.store.metrics.series({ from, to, unit });
    const prefix = unit === 'hour' ? 13 : 10;
    const intervals = starts.map((s) => new Date(s).toISOString());
    const startOf = (key: string): string => intervals.find((i) => i.slice(0, prefix) === key) ?? key;

    // Each breaker's worst state per interval: the state it entered the interval in, and every state it moved to in it.
    const listed = typeof this.deps.breakers === 'function' ? await this.deps.breakers() : (this.deps.breakers ?? []);
    const systems = new Set([
      ...listed,
      ...data.initialStates.map((s) => s.system),
      ...data.transitions.map((t) => t.system),
    ]);
    const breaker: MonitoringSeries['breaker'] = [];
    for (const system of [...systems].sort()) {
      let state: BreakerStateDto = data.initialStates.find((s) => s.system === system)?.state ?? 'closed';
      const moves = data.transitions.filter((t) => t.system === system);
      let m = 0;
      for (const start of intervals) {
        const key = start.slice(0, prefix);
        let worst = state;
        let opened = 0;
        while (m < moves.length && moves[m]!.at.slice(0, prefix) === key) {
          state = moves[m]!.to;
          if (state === 'open') opened += 1;
          if (SEVERITY[state] > SEVERITY[worst]) worst = state;
          m += 1;
        }
        breaker.push({ interval: start, system, state: worst, opened });
      }
    }

    return {
      window,
      unit,
      intervals,
      calls: data.calls.map((c) => ({
        interval: startOf(c.interval),
        system: c.system,
        ...c.counts,
        p50Ms: c.p50Ms,
        p95Ms: c.p95Ms,
      })),
      breaker,
      transitions: data.transitions,
      samples: data.samples.map((s) => ({ interval: startOf(s.interval), metric: s.metric, value: s.value })),
    };
  }
}
