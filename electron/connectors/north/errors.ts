// North's failures as errors a clerk or admin can act on, with the class the resilience policy reads. Nothing here
// holds a credential: request headers and bodies are never copied in, and HTTP library errors are not kept.
import type { FailureClass } from '../../resilience';

export type NorthErrorKind = 'auth' | 'refused' | 'unavailable' | 'protocol';

export class NorthError extends Error {
  override readonly name = 'NorthError';
  readonly failure: FailureClass;

  constructor(
    readonly kind: NorthErrorKind,
    readonly operation: string,
    detail: string,
    readonly httpStatus: number | null = null,
    retryAfterMs?: number,
  ) {
    super(`North ${operation}: ${detail}${httpStatus ? ` (HTTP ${httpStatus})` : ''}`);
    const retryable = kind === 'unavailable' || kind === 'protocol';
    this.failure = {
      retryable,
      // Only reads are sent: nothing North could have acted on.
      ambiguous: false,
      tripsBreaker: retryable && httpStatus !== 429,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
}

export function classifyNorthFailure(error: unknown): FailureClass {
  return error instanceof NorthError ? error.failure : { retryable: false, ambiguous: false, tripsBreaker: false };
}
