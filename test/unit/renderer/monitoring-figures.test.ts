// The Monitoring screen's pivots (renderer/src/features/monitoring/figures.ts): one point per interval,
// rates in whole percent of attempts, a gap (null) where nothing was measured, and the queue's states
// added up per tab as review/tabs.ts names them.
import { describe, expect, it } from 'vitest';
import type { MonitoringSeries } from '../../../shared/api';
import {
  breakerPoints,
  breakerSystems,
  callPoints,
  queuePoints,
  shownSystems,
} from '../../../renderer/src/features/monitoring/figures';

const H1 = '2026-12-05T10:00:00.000Z';
const H2 = '2026-12-05T11:00:00.000Z';

const series: MonitoringSeries = {
  window: '24h',
  unit: 'hour',
  intervals: [H1, H2],
  calls: [{ interval: H2, system: 'paytrace', ok: 5, error: 1, retry: 3, rejected: 3, p50Ms: 50, p95Ms: 1000 }],
  breaker: [
    { interval: H1, system: 'paytrace', state: 'closed', opened: 0 },
    { interval: H2, system: 'paytrace', state: 'open', opened: 2 },
  ],
  transitions: [],
  samples: [
    { interval: H2, metric: 'queue.new', value: 2 },
    { interval: H2, metric: 'queue.review', value: 5 },
    { interval: H2, metric: 'queue.reversing', value: 1 },
    { interval: H2, metric: 'queue.posted', value: 40 },
    { interval: H2, metric: 'deadLetters.open', value: 4 },
  ],
};

describe('monitoring figures', () => {
  it('reads rates of attempts and latency per system, with gaps where nothing was measured', () => {
    const [first, second] = callPoints(series);
    expect(first).toMatchObject({ paytraceAttempts: 0, paytraceErrors: null, paytraceP50: null, sapErrors: null });
    // 12 attempts: errors 1 + rejected 3 = 33 %, retries 3 = 25 %.
    expect(second).toMatchObject({
      paytraceAttempts: 12,
      paytraceErrors: 33,
      paytraceRetries: 25,
      paytraceP50: 50,
      paytraceP95: 1000,
      sapAttempts: 0,
    });
  });

  it('charts the breaker as 0, 1, 2 and the queue per tab', () => {
    expect(breakerPoints(series).map((p) => [p.paytrace, p.paytraceOpened])).toEqual([
      [0, 0],
      [2, 2],
    ]);
    const [none, some] = queuePoints(series);
    expect(none).toMatchObject({ review: null, deadLetters: null });
    // To review: new + review; second approval: prepared + reversing; posted is not waiting.
    expect(some).toMatchObject({ review: 7, prepared: 1, parked: 0, failed: 0, deadLetters: 4 });
  });

  it('shows North beside PayTrace and SAP only when the series has it', () => {
    const keys = (s: MonitoringSeries) => shownSystems(s).map((x) => x.key);
    // Not simulated, not configured: no breaker row and no call for North, so no North columns or lines.
    expect(keys(series)).toEqual(['paytrace', 'sap']);
    expect(breakerSystems(series).map((x) => x.key)).toEqual(['paytrace']);
    expect(Object.keys(callPoints(series)[1]!).filter((k) => k.startsWith('north'))).toHaveLength(5);

    // Its breaker listed (the host lists it while North is simulated or configured) and calls in H2.
    const withNorth: MonitoringSeries = {
      ...series,
      calls: [
        ...series.calls,
        { interval: H2, system: 'north', ok: 2, error: 1, retry: 1, rejected: 0, p50Ms: 20, p95Ms: 200 },
      ],
      breaker: [
        ...series.breaker,
        { interval: H1, system: 'north', state: 'closed', opened: 0 },
        { interval: H2, system: 'north', state: 'open', opened: 1 },
      ],
    };
    expect(keys(withNorth)).toEqual(['paytrace', 'sap', 'north']);
    expect(breakerSystems(withNorth).map((x) => x.key)).toEqual(['paytrace', 'north']);
    expect(callPoints(withNorth)[1]).toMatchObject({
      northAttempts: 4,
      northErrors: 25,
      northRetries: 25,
      northP50: 20,
      northP95: 200,
    });
    expect(breakerPoints(withNorth).map((p) => [p.north, p.northOpened])).toEqual([
      [0, 0],
      [2, 1],
    ]);
    // Calls alone (North configured and read, its breaker row not listed) show it too.
    expect(keys({ ...withNorth, breaker: series.breaker })).toEqual(['paytrace', 'sap', 'north']);
  });
});
