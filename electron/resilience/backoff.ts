// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter").

export interface BackoffOptions {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Upper bound on a server's Retry-After we are willing to honour inside one call. */
  readonly maxRetryAfterMs: number;
}

/**
 * Delay before retry number `retry` (1 for the first retry): a uniform draw in
 * [0, min(max, base * 2^(retry-1))], but never shorter than what the server asked for.
 */
export function backoffDelay(retry: number, opts: BackoffOptions, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = Math.floor(random() * ceiling);
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, opts.maxRetryAfterMs));
}
