// Errors the policy itself raises. The caller's own errors pass through unchanged.

/** An attempt took longer than the policy allows; the server may still have acted on it. */
export class TimeoutError extends Error {
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`${operation} did not answer within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/** The circuit is open: the remote system failed repeatedly and is being left alone for a while. */
export class CircuitOpenError extends Error {
  constructor(
    readonly operation: string,
    readonly retryAtMs: number,
    readonly lastFailure: string,
  ) {
    super(
      `${operation} not attempted: the connection failed repeatedly (last: ${lastFailure}); next try after ${new Date(retryAtMs).toISOString()}`,
    );
    this.name = 'CircuitOpenError';
  }
}

/**
 * A call that is not safe to repeat (it moves money) failed in a way that leaves its outcome
 * unknown: a timeout, a dropped connection. The caller must look the result up before trying again.
 */
export class OutcomeUnknownError extends Error {
  constructor(
    readonly operation: string,
    override readonly cause: unknown,
  ) {
    super(
      `${operation}: outcome unknown (${cause instanceof Error ? cause.message : String(cause)}); look it up before trying again`,
    );
    this.name = 'OutcomeUnknownError';
  }
}
