// The one retry policy: per-attempt timeout, retries with full-jitter backoff on failures the
// caller calls retryable, Retry-After respected, a circuit breaker around it all.
import type { CallRecorder } from '../../shared/ports/call-metrics';
import { systemClock, type Clock } from '../../shared/ports/clock';
import { backoffDelay } from './backoff';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';
import { type Classifier, type FailureClass } from './classify';
import { OutcomeUnknownError, TimeoutError } from './errors';
import { withTimeout } from './timeout';

export interface PolicyOptions {
  /** Names the remote system in errors ("PayTrace", "SAP ECC"). */
  readonly name: string;
  readonly classify: Classifier;
  readonly timeoutMs?: number;
  /** Attempts in total, the first included. */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly maxRetryAfterMs?: number;
  readonly breaker?: { failureThreshold?: number; openMs?: number; halfOpenMaxCalls?: number };
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onRetry?: (event: RetryEvent) => void;
  readonly onStateChange?: (from: CircuitState, to: CircuitState) => void;
  /**
   * Told of every attempt (latency and outcome) and every breaker transition: the one place call metrics
   * are taken (docs/ARCHITECTURE.md, "Monitoring").
   */
  readonly recorder?: CallRecorder;
  /**
   * The numbers an admin may change while the app runs (the setting `resilience`): read at each call and each
   * breaker decision, so a change applies at once; what it leaves out keeps `maxAttempts` and `breaker`.
   */
  readonly tuning?: () => PolicyTuning;
}

/** Retry count and breaker numbers read live (PolicyOptions.tuning). */
export interface PolicyTuning {
  readonly maxAttempts?: number;
  readonly failureThreshold?: number;
  readonly openMs?: number;
}

export interface RetryEvent {
  readonly operation: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

export interface ExecuteOptions {
  /** Safe to repeat after an ambiguous failure (reads, lookups, token requests). */
  readonly idempotent: boolean;
  /** What is being done, for error messages ("refund of transaction 1234"). */
  readonly operation?: string;
  readonly timeoutMs?: number;
  /**
   * Attempts for this call (default: the policy's). 1: tried once and never repeated, whatever the
   * failure; its error reaches the caller unchanged (a posting whose outcome only a lookup can tell),
   * while the breaker still counts it and refuses it when open.
   */
  readonly maxAttempts?: number;
  /**
   * Only failures this accepts are tried again (a posting: those known not to have reached the system, such as a
   * refused connection); any other failure ends the call with its error unchanged, as one attempt would.
   */
  readonly retryOnly?: (error: unknown) => boolean;
}

export interface Policy {
  execute<T>(fn: (signal: AbortSignal) => Promise<T>, opts: ExecuteOptions): Promise<T>;
  readonly circuitState: CircuitState;
  /** While the breaker is open: when it lets a trial call through (epoch ms); null otherwise. */
  readonly circuitTrialAt: number | null;
}

const TIMED_OUT: FailureClass = { retryable: true, ambiguous: true, tripsBreaker: true };

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createPolicy(opts: PolicyOptions): Policy {
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? defaultSleep;
  const maxAttempts = (): number => Math.max(1, opts.tuning?.().maxAttempts ?? opts.maxAttempts ?? 5);
  const backoff = {
    baseDelayMs: opts.baseDelayMs ?? 200,
    maxDelayMs: opts.maxDelayMs ?? 10_000,
    maxRetryAfterMs: opts.maxRetryAfterMs ?? 30_000,
  };
  const breaker = new CircuitBreaker(
    opts.name,
    () => {
      const tuned = opts.tuning?.();
      return {
        failureThreshold: Math.max(1, tuned?.failureThreshold ?? opts.breaker?.failureThreshold ?? 5),
        openMs: tuned?.openMs ?? opts.breaker?.openMs ?? 30_000,
        halfOpenMaxCalls: opts.breaker?.halfOpenMaxCalls ?? 1,
      };
    },
    () => clock.now().getTime(),
    (from, to) => {
      opts.recorder?.breaker(from, to);
      opts.onStateChange?.(from, to);
    },
  );
  const recorder = opts.recorder;

  async function execute<T>(fn: (signal: AbortSignal) => Promise<T>, run: ExecuteOptions): Promise<T> {
    const operation = run.operation ?? opts.name;
    const timeoutMs = run.timeoutMs ?? opts.timeoutMs ?? 30_000;
    const attempts = Math.max(1, run.maxAttempts ?? maxAttempts());
    for (let attempt = 1; ; attempt += 1) {
      try {
        breaker.admit();
      } catch (error) {
        recorder?.call('rejected', 0);
        throw error;
      }
      const started = performance.now();
      try {
        const value = await withTimeout(operation, timeoutMs, fn);
        breaker.recordSuccess();
        recorder?.call('ok', performance.now() - started);
        return value;
      } catch (error) {
        const ms = performance.now() - started;
        const failure = error instanceof TimeoutError ? TIMED_OUT : opts.classify(error);
        if (failure.tripsBreaker) breaker.recordFailure(error instanceof Error ? error.message : String(error));
        else if (failure.retryable) breaker.release();
        else breaker.recordSuccess(); // a business answer: the system is healthy
        const again = failure.retryable && (run.retryOnly?.(error) ?? true);
        const final = !again || (!run.idempotent && failure.ambiguous) || attempt >= attempts;
        recorder?.call(final ? 'error' : 'retry', ms);
        if (!again || attempts === 1) throw error;
        if (!run.idempotent && failure.ambiguous) throw new OutcomeUnknownError(operation, error);
        if (attempt >= attempts) throw error;
        const delayMs = backoffDelay(attempt, backoff, random, failure.retryAfterMs);
        opts.onRetry?.({ operation, attempt, delayMs, error });
        await sleep(delayMs);
      }
    }
  }

  return {
    execute,
    get circuitState() {
      return breaker.state;
    },
    get circuitTrialAt() {
      return breaker.trialAt;
    },
  };
}
