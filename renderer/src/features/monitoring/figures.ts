// The Monitoring screen's series (docs/ARCHITECTURE.md, "Monitoring"): the store summed everything
// (channel monitoring.series); this only pivots rows into one point per interval for the charts and their
// tables. An interval without data is a gap (null), not a zero: nothing was measured then.
import type { BreakerStateDto, JobRunView, MonitoringSeries } from '../../../../shared/api';
import { TABS } from '../review/tabs';

/** The remote systems measured; an optional one (North) is shown only when the series has it (shownSystems). */
export const SYSTEMS = [
  { key: 'paytrace', label: 'PayTrace', optional: false },
  { key: 'sap', label: 'SAP', optional: false },
  { key: 'north', label: 'North', optional: true },
] as const;
export type SystemKey = (typeof SYSTEMS)[number]['key'];

/**
 * The systems the call charts show: PayTrace and SAP always; North when the series has its breaker (the host
 * lists it while North is simulated or configured) or calls to it in the window.
 */
export const shownSystems = (series: MonitoringSeries) =>
  SYSTEMS.filter(
    (s) =>
      !s.optional || series.breaker.some((b) => b.system === s.key) || series.calls.some((c) => c.system === s.key),
  );

export interface CallPoint {
  readonly interval: string;
  /** Per system: attempts, error and retry rates in whole percent of attempts, latency p50/p95 in ms. */
  readonly [key: string]: string | number | null;
}

const pct = (n: number, of: number): number | null => (of === 0 ? null : Math.round((n * 100) / of));

/** Per interval and system: `${system}Attempts`, `${system}Errors` (%), `${system}Retries` (%), `${system}P50`, `${system}P95`. */
export function callPoints(series: MonitoringSeries): CallPoint[] {
  return series.intervals.map((interval) => {
    const point: Record<string, string | number | null> = { interval };
    for (const { key } of SYSTEMS) {
      const c = series.calls.find((r) => r.interval === interval && r.system === key);
      const attempts = c ? c.ok + c.error + c.retry + c.rejected : 0;
      point[`${key}Attempts`] = attempts;
      point[`${key}Errors`] = c ? pct(c.error + c.rejected, attempts) : null;
      point[`${key}Retries`] = c ? pct(c.retry, attempts) : null;
      point[`${key}P50`] = c?.p50Ms ?? null;
      point[`${key}P95`] = c?.p95Ms ?? null;
    }
    return point as CallPoint;
  });
}

export const BREAKER_LEVEL: Readonly<Record<BreakerStateDto, number>> = { closed: 0, 'half-open': 1, open: 2 };
export const BREAKER_LABEL = ['closed', 'half-open', 'open'] as const;

/** Per interval, each system's worst breaker state as 0 (closed), 1 (half-open), 2 (open), and how often it opened. */
export function breakerPoints(series: MonitoringSeries): CallPoint[] {
  return series.intervals.map((interval) => {
    const point: Record<string, string | number | null> = { interval };
    for (const b of series.breaker.filter((r) => r.interval === interval)) {
      point[b.system] = BREAKER_LEVEL[b.state];
      point[`${b.system}Opened`] = b.opened;
    }
    return point as CallPoint;
  });
}

/** The systems the series has a breaker for. */
export const breakerSystems = (series: MonitoringSeries) =>
  SYSTEMS.filter((s) => series.breaker.some((b) => b.system === s.key));

/** The waiting tabs of the queue (review/tabs.ts names their states), and the dead letters. */
export const QUEUE_SERIES = [
  ...TABS.filter((t) => ['review', 'prepared', 'parked', 'failed'].includes(t.key)).map((t) => ({
    key: t.key as string,
    label: t.label,
    states: t.states ?? [],
  })),
];

/** Per interval: the payments of each waiting tab (its states' samples added) and the open dead letters; null where nothing was sampled. */
export function queuePoints(series: MonitoringSeries): CallPoint[] {
  return series.intervals.map((interval) => {
    const here = series.samples.filter((s) => s.interval === interval);
    const point: Record<string, string | number | null> = { interval };
    const sampled = here.length > 0;
    for (const tab of QUEUE_SERIES) {
      point[tab.key] = sampled
        ? here.filter((s) => tab.states.some((st) => s.metric === `queue.${st}`)).reduce((n, s) => n + s.value, 0)
        : null;
    }
    point.deadLetters = sampled ? (here.find((s) => s.metric === 'deadLetters.open')?.value ?? 0) : null;
    return point as CallPoint;
  });
}

/** The runs that started in the window (from its first interval on). */
export function runsIn(runs: readonly JobRunView[], series: MonitoringSeries): JobRunView[] {
  const from = series.intervals[0] ?? '';
  return runs.filter((r) => r.startedAt >= from);
}

/** "12/05, 14:00" for an hour (the clerk's clock), "12/05" for a day (a UTC day, as the store counts it). */
export function intervalLabel(interval: string, unit: MonitoringSeries['unit']): string {
  if (unit === 'day') return `${interval.slice(5, 7)}/${interval.slice(8, 10)}`;
  return new Date(interval).toLocaleString(undefined, {
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}
