// What the connectors tell about each call to PayTrace, SAP or North (docs/ARCHITECTURE.md, "Monitoring"): the
// resilience policy (PayTrace, North) and the SAP system's instrument report every attempt and every circuit
// breaker transition to a recorder; the host gives them one, the core flushes it to the store.

/** An attempt's end: answered, failed for good, failed and tried again, or refused by an open breaker. */
export type CallOutcome = 'ok' | 'error' | 'retry' | 'rejected';
export const CALL_OUTCOMES: readonly CallOutcome[] = ['ok', 'error', 'retry', 'rejected'];

export type BreakerState = 'closed' | 'open' | 'half-open';

/** One remote system's recorder ('paytrace', 'sap', 'north'); the connector never names itself. */
export interface CallRecorder {
  /** An attempt ended after `ms` milliseconds (0 for `rejected`: no attempt was made). */
  call(outcome: CallOutcome, ms: number): void;
  /** The circuit breaker moved from one state to another now. */
  breaker(from: BreakerState, to: BreakerState): void;
}
