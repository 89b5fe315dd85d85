// What the resilience policy tells its recorder (docs/ARCHITECTURE.md, "Monitoring"): an outcome per
// attempt (ok, retry, error, rejected) and every breaker transition; the buffer's histogram per minute and
// the nearest-rank percentile of a histogram, worked out by hand.
import { describe, expect, it } from 'vitest';
import { createPolicy, type FailureClass } from '../../../electron/resilience';
import { CallMetricsBuffer, histogramPercentile, latencyBucket } from '../../../shared/monitoring/call-metrics';

class Down extends Error {}
class Refused extends Error {}
const classify = (e: unknown): FailureClass =>
  e instanceof Down
    ? { retryable: true, ambiguous: false, tripsBreaker: true }
    : { retryable: false, ambiguous: false, tripsBreaker: false };

describe('the policy as the one place calls are measured', () => {
  it('reports each attempt and each breaker transition', async () => {
    let t = Date.parse('2026-12-05T10:00:00.000Z');
    const clock = { now: () => new Date(t) };
    const buffer = new CallMetricsBuffer(clock);
    const policy = createPolicy({
      name: 'PayTrace',
      classify,
      clock,
      maxAttempts: 3,
      breaker: { failureThreshold: 3, openMs: 60_000 },
      sleep: async () => undefined,
      recorder: buffer.recorder('paytrace'),
    });
    await policy.execute(async () => 'fine', { idempotent: true });
    await expect(policy.execute(async () => Promise.reject(new Refused('no')), { idempotent: true })).rejects.toThrow(
      'no',
    );
    // Three attempts fail: two are tried again, the third gives up and opens the breaker.
    await expect(policy.execute(async () => Promise.reject(new Down('503')), { idempotent: true })).rejects.toThrow(
      '503',
    );
    t += 1_000;
    await expect(policy.execute(async () => 'never', { idempotent: true })).rejects.toThrow(/not attempted/);
    const { calls, transitions } = buffer.drain();
    const count = (outcome: string) => calls.filter((c) => c.outcome === outcome).reduce((n, c) => n + c.count, 0);
    expect([count('ok'), count('retry'), count('error'), count('rejected')]).toEqual([1, 2, 2, 1]);
    expect(calls.find((c) => c.outcome === 'rejected')).toMatchObject({
      minute: '2026-12-05T10:00:00.000Z',
      leMs: 0,
    });
    expect(transitions).toEqual([{ at: '2026-12-05T10:00:00.000Z', system: 'paytrace', from: 'closed', to: 'open' }]);
    expect(buffer.drain()).toEqual({ calls: [], transitions: [] });
  });
});

describe('latency histograms', () => {
  it('puts an attempt in the first bucket at or above it, the slowest in the last', () => {
    expect([0, 1, 1.2, 5, 6, 99.5, 1001, 200_000, 9_000_000].map(latencyBucket)).toEqual([
      1, 1, 2, 5, 10, 100, 2000, 3_600_000, 3_600_000,
    ]);
  });

  it('reads percentiles by nearest rank', () => {
    // 10 attempts: 10 ms x3, 50 ms x4, 200 ms x2, 1000 ms x1. p50: rank 5 -> 50; p90: rank 9 -> 200; p95: rank 10 -> 1000.
    const h = new Map([
      [200, 2],
      [10, 3],
      [1000, 1],
      [50, 4],
    ]);
    expect([histogramPercentile(h, 50), histogramPercentile(h, 90), histogramPercentile(h, 95)]).toEqual([
      50, 200, 1000,
    ]);
    expect(histogramPercentile(new Map([[5, 0]]), 50)).toBeNull();
  });
});
