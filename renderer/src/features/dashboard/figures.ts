// The dashboard's figures shaped for the charts, and each chart's drill-down into the queue. Pure:
// the store aggregated everything (channel dashboard.summary); this only pivots rows into series,
// picks a currency's rows and says what a click on a bar or point shows. Money stays integer minor
// units; a rate is computed here from counts, as a whole percentage for the axis.
import {
  AGING_BUCKETS,
  type AgingBucket,
  type DashboardSummary,
  type QueueDrill,
  type QueueState,
} from '../../../../shared/api';
import { UNAPPLIED_STATES } from '../../../../shared/domain';
import type { DrillView } from '../review/store';

/** The states drawn in the stacked charts, in stack order, with their colours and words. */
export const STATE_SERIES: readonly { state: QueueState; label: string; colour: string }[] = [
  { state: 'posted', label: 'Posted', colour: '#2e7d32' },
  { state: 'approved', label: 'Approved', colour: '#66bb6a' },
  { state: 'pending', label: 'Pending in SAP', colour: '#8d6e63' },
  { state: 'reversing', label: 'Reversing', colour: '#6d4c41' },
  { state: 'prepared', label: 'Second approval', colour: '#7e57c2' },
  { state: 'review', label: 'To review', colour: '#f9a825' },
  { state: 'new', label: 'New', colour: '#1e88e5' },
  { state: 'parked', label: 'Parked', colour: '#90a4ae' },
  { state: 'ignored', label: 'Ignored', colour: '#b0bec5' },
  { state: 'failed', label: 'Failed', colour: '#c62828' },
  { state: 'closed', label: 'Closed', colour: '#cfd8dc' },
];

export const BUCKET_LABEL: Readonly<Record<AgingBucket, string>> = {
  current: 'Not yet due',
  '0-30': '0–30 days',
  '31-60': '31–60 days',
  '61-90': '61–90 days',
  '>90': 'Over 90 days',
};

/** Every currency with figures, the one with most payments first (the dashboard's default). */
export function currenciesOf(s: DashboardSummary): string[] {
  const weight = new Map<string, number>();
  const add = (currency: string, n: number) => weight.set(currency, (weight.get(currency) ?? 0) + n);
  for (const r of s.stateByDay) add(r.currency, r.count);
  for (const r of s.stateByBatch) add(r.currency, r.count);
  for (const r of [...s.unapplied, ...s.queueAging, ...s.openItemAging]) add(r.currency, 0);
  return [...weight].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
}

export interface RatePoint {
  readonly day: string;
  /** Whole percent, null on a day with nothing to rate. */
  readonly rate: number | null;
  readonly of: number;
  readonly hits: number;
}

export interface ReliabilityPoint {
  /** "90–100 %". */
  readonly label: string;
  /** Whole percent: the mean predicted probability and the share approved unchanged; null in an empty bin. */
  readonly predicted: number | null;
  readonly approved: number | null;
  readonly count: number;
  readonly hits: number;
}

/** The learned model's reliability bins as whole percentages (of proposals at 90 %, how many were approved unchanged). */
export function reliabilityOf(s: DashboardSummary): ReliabilityPoint[] {
  return s.reliability.bins.map((b) => ({
    label: `${b.from / 10}–${b.to / 10} %`,
    predicted: b.count ? Math.round(b.predicted / b.count / 10) : null,
    approved: rate(b.approved, b.count).rate,
    count: b.count,
    hits: b.approved,
  }));
}

/** Automatic-match rate per day: the matcher's first proposal automatic, of the day's proposed payments. */
export function automaticRate(s: DashboardSummary): RatePoint[] {
  return s.matching.map((m) => ({ day: m.day, ...rate(m.automatic, m.proposed) }));
}

/** First-time-right rate per day: approved without a correction, of the day's approvals. */
export function firstTimeRightRate(s: DashboardSummary): RatePoint[] {
  return s.matching.map((m) => ({ day: m.day, ...rate(m.firstTimeRight, m.decided) }));
}

function rate(hits: number, of: number): { rate: number | null; of: number; hits: number } {
  return { rate: of === 0 ? null : Math.round((hits * 100) / of), of, hits };
}

/** One bar per key (a day, a batch), one stacked value per state: minor units and counts. */
export type StackedRow = { key: string } & Record<string, number | string>;

export function stackByState<K extends string | number>(
  rows: readonly { state: QueueState; currency: string; minor: number; count: number }[],
  keyOf: (r: never) => K,
  keys: readonly K[],
  currency: string,
): StackedRow[] {
  const out = new Map<string, StackedRow>(keys.map((k) => [String(k), { key: String(k) }]));
  for (const r of rows) {
    if (r.currency !== currency) continue;
    const key = String(keyOf(r as never));
    const row = out.get(key) ?? { key };
    row[r.state] = Number(row[r.state] ?? 0) + r.minor;
    row[`${r.state}#n`] = Number(row[`${r.state}#n`] ?? 0) + r.count;
    out.set(key, row);
  }
  return [...out.values()];
}

export interface AgingPoint {
  readonly bucket: AgingBucket;
  readonly label: string;
  readonly minor: number;
  readonly count: number;
}

/** The buckets in order, zero where nothing is; `current` only for open items. */
export function agingOf(rows: DashboardSummary['openItemAging'], currency: string, withCurrent: boolean): AgingPoint[] {
  return AGING_BUCKETS.filter((b) => withCurrent || b !== 'current').map((bucket) => {
    const r = rows.find((x) => x.bucket === bucket && x.currency === currency);
    return { bucket, label: BUCKET_LABEL[bucket], minor: r?.minor ?? 0, count: r?.count ?? 0 };
  });
}

// What each click shows: the queue's filter (QueueDrill) and the chip's words.

const oneDay = (day: string) => ({ from: day, to: day });

export const drills = {
  automatic: (day: string): DrillView => ({
    label: `Automatic matches of ${day}`,
    filter: { period: { of: 'created', ...oneDay(day) }, firstTier: 'auto' },
  }),
  firstTimeRight: (day: string): DrillView => ({
    label: `Approved ${day} without correction`,
    filter: { period: { of: 'decided', ...oneDay(day) }, corrected: false },
  }),
  unapplied: (currency: string): DrillView => ({
    label: `Unapplied ${currency} sales`,
    filter: { states: [...UNAPPLIED_STATES], kinds: ['sale'], currency },
  }),
  queueAging: (s: DashboardSummary, bucket: AgingBucket, currency: string): DrillView => {
    const b = s.buckets.find((x) => x.bucket === bucket)!;
    return {
      label: `Waiting ${BUCKET_LABEL[bucket]}, ${currency}`,
      filter: {
        states: [...UNAPPLIED_STATES],
        currency,
        period: { of: 'created', from: b.from, to: b.to },
      },
    };
  },
  openItemAging: (s: DashboardSummary, bucket: AgingBucket, currency: string): DrillView => {
    const b = s.buckets.find((x) => x.bucket === bucket)!;
    return {
      label: `Paying items ${BUCKET_LABEL[bucket].toLowerCase()} past due, ${currency}`,
      filter: { itemDue: { from: b.from, to: b.to }, currency },
    };
  },
  stateOnDay: (day: string, state: QueueState, currency: string): DrillView => ({
    label: `${stateLabel(state)} of ${day}, ${currency}`,
    filter: { period: { of: 'created', ...oneDay(day) }, states: [state], currency },
  }),
  stateInBatch: (batch: number, state: QueueState, currency: string): DrillView => ({
    label: `${stateLabel(state)} in batch ${batch}, ${currency}`,
    filter: { states: [state], currency },
  }),
  ingested: (day: string): DrillView => ({
    label: `Ingested ${day}`,
    filter: { period: { of: 'seen', ...oneDay(day) } },
  }),
  deadLetters: (day: string): DrillView => ({
    label: `Dead letters of ${day}`,
    filter: { period: { of: 'deadLetter', ...oneDay(day) } },
  }),
} satisfies Record<string, (...args: never[]) => DrillView>;

export function stateLabel(state: QueueState): string {
  return STATE_SERIES.find((s) => s.state === state)?.label ?? state;
}

export type { QueueDrill };
