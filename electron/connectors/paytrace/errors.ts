// Errors a clerk or admin can act on. Nothing here ever holds credentials or card numbers:
// request bodies and headers are never copied in, and HTTP library errors are not kept as causes.
import type { FailureClass } from '../../resilience';

export type PayTraceErrorKind = 'validation' | 'declined' | 'auth' | 'unavailable' | 'protocol';

export interface PayTraceErrorDetails {
  readonly kind: PayTraceErrorKind;
  /** What ClearDesk was doing: "refund of transaction 123". */
  readonly operation: string;
  readonly httpStatus?: number | null;
  readonly responseCode?: number | null;
  /** PayTrace error codes (keys of `errors`), e.g. ["817"]. */
  readonly codes?: readonly string[];
  /** PayTrace's messages verbatim. */
  readonly messages?: readonly string[];
  /** A declined charge still has a transaction id. */
  readonly transactionId?: number | null;
  readonly retryAfterMs?: number;
  /** The request may have been acted on (dropped connection, 502/504, cut-off answer). */
  readonly ambiguous?: boolean;
  readonly retryable?: boolean;
}

export class PayTraceError extends Error {
  readonly kind: PayTraceErrorKind;
  readonly operation: string;
  readonly httpStatus: number | null;
  readonly responseCode: number | null;
  readonly codes: readonly string[];
  readonly messages: readonly string[];
  readonly transactionId: number | null;
  readonly failure: FailureClass;

  constructor(d: PayTraceErrorDetails) {
    const what =
      d.messages && d.messages.length > 0
        ? d.messages.map((m, i) => (d.codes?.[i] ? `[${d.codes[i]}] ${m}` : m)).join(' ')
        : d.kind;
    const status = d.httpStatus ? ` (HTTP ${d.httpStatus})` : '';
    super(`PayTrace ${d.operation}: ${what}${status}`);
    this.name = 'PayTraceError';
    this.kind = d.kind;
    this.operation = d.operation;
    this.httpStatus = d.httpStatus ?? null;
    this.responseCode = d.responseCode ?? null;
    this.codes = d.codes ?? [];
    this.messages = d.messages ?? [];
    this.transactionId = d.transactionId ?? null;
    const retryable = d.retryable ?? (d.kind === 'unavailable' || d.kind === 'protocol');
    this.failure = {
      retryable,
      ambiguous: d.ambiguous ?? false,
      tripsBreaker: retryable && d.httpStatus !== 429,
      ...(d.retryAfterMs !== undefined ? { retryAfterMs: d.retryAfterMs } : {}),
    };
  }
}

/** A transaction record PayTrace sent that cannot be read; names the record and the field. */
export class RecordError extends Error {
  constructor(
    readonly transactionId: number | null,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`PayTrace transaction ${transactionId ?? '(no transaction_id)'}: ${field} ${problem}`);
    this.name = 'RecordError';
  }
}
