// The dashboard's shaping of the store's figures: rates from counts, stacked series per currency,
// aging buckets in order, and each chart's drill-down with the bucket's days as the store gave them.
import { describe, expect, it } from 'vitest';
import type { DashboardSummary } from '../../../shared/api';
import {
  agingOf,
  automaticRate,
  currenciesOf,
  drills,
  firstTimeRightRate,
  reliabilityOf,
  stackByState,
} from '../../../renderer/src/features/dashboard/figures';

const summary: DashboardSummary = {
  asOf: '2026-12-04T15:30:00.000Z',
  today: '2026-12-04',
  zone: 'America/Los_Angeles',
  days: ['2026-12-03', '2026-12-04'],
  buckets: [
    { bucket: 'current', from: '2026-12-05', to: null },
    { bucket: '0-30', from: '2026-11-04', to: '2026-12-04' },
    { bucket: '31-60', from: '2026-10-05', to: '2026-11-03' },
    { bucket: '61-90', from: '2026-09-05', to: '2026-10-04' },
    { bucket: '>90', from: null, to: '2026-09-04' },
  ],
  matching: [
    { day: '2026-12-03', proposed: 3, automatic: 2, decided: 0, firstTimeRight: 0 },
    { day: '2026-12-04', proposed: 8, automatic: 7, decided: 4, firstTimeRight: 3 },
  ],
  unapplied: [{ currency: 'JPY', minor: 5000, count: 1 }],
  openItemAging: [
    { bucket: '>90', currency: 'USD', minor: 700, count: 1 },
    { bucket: 'current', currency: 'USD', minor: 100, count: 2 },
  ],
  queueAging: [{ bucket: '0-30', currency: 'USD', minor: 900, count: 3 }],
  stateByDay: [
    { day: '2026-12-04', state: 'review', currency: 'USD', minor: 1000, count: 2 },
    { day: '2026-12-04', state: 'posted', currency: 'USD', minor: 250, count: 1 },
    { day: '2026-12-03', state: 'review', currency: 'JPY', minor: 9000, count: 1 },
  ],
  stateByBatch: [],
  sync: [],
  reliability: {
    bins: Array.from({ length: 10 }, (_, b) => ({
      from: b * 100,
      to: (b + 1) * 100,
      count: b === 9 ? 8 : b === 2 ? 3 : 0,
      approved: b === 9 ? 7 : b === 2 ? 1 : 0,
      predicted: b === 9 ? 8 * 940 : b === 2 ? 3 * 250 : 0,
    })),
    model: { source: 'prior', version: 0, labels: 1477 },
  },
};

describe('dashboard figures', () => {
  it('reliability: per bin the mean prediction and the share approved unchanged, whole percent; none in an empty bin', () => {
    const points = reliabilityOf(summary);
    expect(points).toHaveLength(10);
    expect(points[9]).toEqual({ label: '90–100 %', predicted: 94, approved: 88, count: 8, hits: 7 });
    expect(points[2]).toEqual({ label: '20–30 %', predicted: 25, approved: 33, count: 3, hits: 1 });
    expect(points[0]).toEqual({ label: '0–10 %', predicted: null, approved: null, count: 0, hits: 0 });
  });

  it('rates are whole percent of counts, none on a day with nothing to rate', () => {
    expect(automaticRate(summary).map((p) => p.rate)).toEqual([67, 88]);
    expect(firstTimeRightRate(summary)).toEqual([
      { day: '2026-12-03', rate: null, of: 0, hits: 0 },
      { day: '2026-12-04', rate: 75, of: 4, hits: 3 },
    ]);
  });

  it('stacks one currency per state, with every day on the axis, and picks the busiest currency first', () => {
    expect(currenciesOf(summary)).toEqual(['USD', 'JPY']);
    expect(stackByState(summary.stateByDay, (r: { day: string }) => r.day, summary.days, 'USD')).toEqual([
      { key: '2026-12-03' },
      { key: '2026-12-04', review: 1000, 'review#n': 2, posted: 250, 'posted#n': 1 },
    ]);
  });

  it('ages in bucket order with zeros, not yet due only for open items', () => {
    expect(agingOf(summary.openItemAging, 'USD', true).map((p) => [p.bucket, p.minor, p.count])).toEqual([
      ['current', 100, 2],
      ['0-30', 0, 0],
      ['31-60', 0, 0],
      ['61-90', 0, 0],
      ['>90', 700, 1],
    ]);
    expect(agingOf(summary.queueAging, 'USD', false).map((p) => p.bucket)).toEqual(['0-30', '31-60', '61-90', '>90']);
  });

  it('drills with the days the store bucketed by', () => {
    expect(drills.queueAging(summary, '>90', 'USD').filter).toEqual({
      states: ['new', 'review', 'prepared', 'parked', 'failed'],
      currency: 'USD',
      period: { of: 'created', from: null, to: '2026-09-04' },
    });
    expect(drills.openItemAging(summary, 'current', 'USD').filter).toEqual({
      itemDue: { from: '2026-12-05', to: null },
      currency: 'USD',
    });
    expect(drills.firstTimeRight('2026-12-04').filter).toEqual({
      period: { of: 'decided', from: '2026-12-04', to: '2026-12-04' },
      corrected: false,
    });
  });
});
