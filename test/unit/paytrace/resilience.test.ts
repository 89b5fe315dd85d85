import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  CircuitOpenError,
  createPolicy,
  type FailureClass,
  OutcomeUnknownError,
  parseRetryAfter,
  TimeoutError,
} from '../../../electron/resilience';

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${status}`);
  }
}
class Reset extends Error {
  constructor() {
    super('socket hang up');
  }
}

function classify(e: unknown): FailureClass {
  if (e instanceof Reset) return { retryable: true, ambiguous: true, tripsBreaker: true };
  if (e instanceof HttpFailure && e.status === 429)
    return { retryable: true, ambiguous: false, tripsBreaker: false, retryAfterMs: e.retryAfterMs };
  if (e instanceof HttpFailure && e.status >= 500) return { retryable: true, ambiguous: false, tripsBreaker: true };
  return { retryable: false, ambiguous: false, tripsBreaker: false };
}

const fixedClock = (start = 0) => {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
};

describe('backoff with full jitter', () => {
  const opts = { baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
  it('draws uniformly below an exponentially growing ceiling, capped', () => {
    expect(backoffDelay(1, opts, () => 0.999)).toBe(99);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(200);
    expect(backoffDelay(10, opts, () => 0.999)).toBe(999);
    expect(backoffDelay(4, opts, () => 0)).toBe(0);
  });
  it('waits at least as long as Retry-After asks, within the cap', () => {
    expect(backoffDelay(1, opts, () => 0, 2000)).toBe(2000);
    expect(backoffDelay(1, opts, () => 0, 60_000)).toBe(5000);
  });
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
});

describe('retry policy', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('retries a read through 503 and 429 and returns the answer', async () => {
    const sleeps: number[] = [];
    const policy = createPolicy({
      name: 'PayTrace',
      classify,
      random: () => 0.5,
      sleep: async (ms) => void sleeps.push(ms),
    });
    const fn = vi
      .fn()
      .mockRejectedValueOnce(new HttpFailure(503))
      .mockRejectedValueOnce(new HttpFailure(429, 1000))
      .mockResolvedValueOnce('ok');
    await expect(policy.execute(fn, { idempotent: true })).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(3);
    expect(sleeps).toEqual([100, 1000]);
  });

  it('does not retry an error the caller calls final (a validation error)', async () => {
    const policy = createPolicy({ name: 'PayTrace', classify, sleep: async () => {} });
    const fn = vi.fn().mockRejectedValue(new HttpFailure(400));
    await expect(policy.execute(fn, { idempotent: true })).rejects.toThrow('HTTP 400');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const policy = createPolicy({
      name: 'PayTrace',
      classify,
      maxAttempts: 3,
      sleep: async () => {},
      breaker: { failureThreshold: 100 },
    });
    const fn = vi.fn().mockRejectedValue(new HttpFailure(502));
    await expect(policy.execute(fn, { idempotent: true })).rejects.toThrow('HTTP 502');
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('times an attempt out, aborts its signal and retries a read', async () => {
    const policy = createPolicy({ name: 'PayTrace', classify, timeoutMs: 1000, sleep: async () => {} });
    const signals: AbortSignal[] = [];
    let calls = 0;
    const fn = (signal: AbortSignal) => {
      signals.push(signal);
      calls += 1;
      return calls === 1 ? new Promise<string>(() => {}) : Promise.resolve('second');
    };
    const result = policy.execute(fn, { idempotent: true });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(result).resolves.toBe('second');
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[0]!.reason).toBeInstanceOf(TimeoutError);
  });

  it('never repeats a refund that timed out: the caller must look it up', async () => {
    const policy = createPolicy({ name: 'PayTrace', classify, timeoutMs: 1000, sleep: async () => {} });
    const fn = vi.fn(() => new Promise<string>(() => {}));
    const result = policy.execute(fn, { idempotent: false, operation: 'refund of transaction 42' });
    const assertion = expect(result).rejects.toBeInstanceOf(OutcomeUnknownError);
    await vi.advanceTimersByTimeAsync(1000);
    await assertion;
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('never repeats a refund whose connection was reset, but does repeat one that was throttled', async () => {
    const policy = createPolicy({ name: 'PayTrace', classify, sleep: async () => {} });
    const reset = vi.fn().mockRejectedValue(new Reset());
    await expect(policy.execute(reset, { idempotent: false })).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(reset).toHaveBeenCalledTimes(1);
    const throttled = vi.fn().mockRejectedValueOnce(new HttpFailure(429, 10)).mockResolvedValueOnce('refunded');
    await expect(policy.execute(throttled, { idempotent: false })).resolves.toBe('refunded');
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, refuses calls, half-opens after the wait and closes on success', async () => {
    const clock = fixedClock();
    const states: string[] = [];
    const policy = createPolicy({
      name: 'PayTrace',
      classify,
      clock,
      maxAttempts: 1,
      sleep: async () => {},
      breaker: { failureThreshold: 3, openMs: 10_000 },
      onStateChange: (_from, to) => states.push(to),
    });
    const failing = vi.fn().mockRejectedValue(new HttpFailure(503));
    for (let i = 0; i < 3; i += 1)
      await expect(policy.execute(failing, { idempotent: true })).rejects.toThrow('HTTP 503');
    expect(policy.circuitState).toBe('open');
    const refused = policy.execute(failing, { idempotent: true });
    await expect(refused).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(refused).rejects.toThrow(/failed repeatedly \(last: HTTP 503\)/);
    expect(failing).toHaveBeenCalledTimes(3);

    clock.advance(10_000);
    expect(policy.circuitState).toBe('half-open');
    await expect(policy.execute(async () => 'fine', { idempotent: true })).resolves.toBe('fine');
    expect(policy.circuitState).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens when the half-open trial fails', async () => {
    const clock = fixedClock();
    const policy = createPolicy({
      name: 'SAP',
      classify,
      clock,
      maxAttempts: 1,
      breaker: { failureThreshold: 1, openMs: 1000 },
    });
    await expect(policy.execute(() => Promise.reject(new HttpFailure(500)), { idempotent: true })).rejects.toThrow();
    clock.advance(1000);
    await expect(policy.execute(() => Promise.reject(new HttpFailure(500)), { idempotent: true })).rejects.toThrow(
      'HTTP 500',
    );
    expect(policy.circuitState).toBe('open');
  });

  it('is not tripped by throttling or by business errors', async () => {
    const policy = createPolicy({ name: 'PayTrace', classify, maxAttempts: 1, breaker: { failureThreshold: 2 } });
    for (let i = 0; i < 5; i += 1) {
      await expect(policy.execute(() => Promise.reject(new HttpFailure(429)), { idempotent: true })).rejects.toThrow();
      await expect(policy.execute(() => Promise.reject(new HttpFailure(400)), { idempotent: true })).rejects.toThrow();
    }
    expect(policy.circuitState).toBe('closed');
  });

  it('resets the failure count on success', async () => {
    const policy = createPolicy({ name: 'PayTrace', classify, maxAttempts: 1, breaker: { failureThreshold: 2 } });
    for (let i = 0; i < 5; i += 1) {
      await expect(policy.execute(() => Promise.reject(new HttpFailure(503)), { idempotent: true })).rejects.toThrow();
      await policy.execute(async () => 1, { idempotent: true });
    }
    expect(policy.circuitState).toBe('closed');
  });
});
