// How a caller tells the policy what a failure means.

export interface FailureClass {
  /** Worth another attempt: network error, 429, 5xx. */
  readonly retryable: boolean;
  /**
   * The request may have reached the server and been acted on (timeout, connection reset,
   * 502/504). A non-idempotent call is never repeated after such a failure.
   */
  readonly ambiguous: boolean;
  /** The server asked us to wait this long (Retry-After). */
  readonly retryAfterMs?: number;
  /** Counts against the circuit breaker. Throttling (429) usually does not: the server is alive. */
  readonly tripsBreaker: boolean;
}

export type Classifier = (error: unknown) => FailureClass;

export const FATAL: FailureClass = { retryable: false, ambiguous: false, tripsBreaker: false };

/**
 * Parses Retry-After: delta-seconds or an HTTP date. Returns milliseconds from `nowMs`,
 * or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
