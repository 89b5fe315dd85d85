// SAP's resilience (docs/ARCHITECTURE.md, "SAP's retries and circuit breaker"): the one policy of
// electron/resilience, one per SAP system, shared by every transport that talks to it (RFC, the OData
// service, the IDoc transport's XML port and OData companion) and by reads and postings alike. Reads are retried
// on a communication failure (RFC_COMMUNICATION_FAILURE and its kin, a reset or timed-out HTTP
// connection) and on a Gateway's 502, 503 or 504, waiting what Retry-After asks; a posting is tried
// again only when it cannot have reached SAP (a refused connection), else once (the exactly-once protocol
// looks its reference up before anything is sent again). The breaker
// opens after consecutive failures of either and then refuses every call until its cool-down has
// passed and a probe succeeds; the poster asks it before it sends (`unavailable`), so a payment is not
// sent while SAP is known to be down.
import type { CallRecorder } from '../../../shared/ports/call-metrics';
import { createPolicy, FATAL, type FailureClass, type Policy, type PolicyOptions } from '../../resilience';
import { SapCallError } from './errors';
import { ODataError } from './odata/client';

/** Gateway answers that say the service, not the request, failed: worth another attempt. */
const RETRY_STATUSES = new Set([502, 503, 504]);

export function classifySapFailure(error: unknown): FailureClass {
  if (error instanceof SapCallError) {
    // The connection failed: SAP may have run the call, unless it never left (refused). A logon refused or an
    // ABAP error is an answer.
    return error.communication ? { retryable: true, ambiguous: !error.notSent, tripsBreaker: true } : FATAL;
  }
  if (error instanceof ODataError) {
    const wait = error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {};
    // A 503 comes from SAP's ICM or Gateway before the service ran; a 502 or 504 from a proxy that may have passed it on.
    if (RETRY_STATUSES.has(error.status))
      return { retryable: true, ambiguous: error.status !== 503, tripsBreaker: true, ...wait };
    if (error.status === 429) return { retryable: true, ambiguous: false, tripsBreaker: false, ...wait };
  }
  return FATAL;
}

/**
 * The SAP system's policy. Its numbers here (4 attempts per read, the breaker open after 5 failures for 30 s) are
 * the admin's setting `resilience`'s defaults; the hosts pass `tuning` (electron/hosts/resilience-settings.ts),
 * read at each call, so the setting wins and a change applies at once. Call metrics: the composed SapSystem is measured per operation
 * (`instrumentSap`: ok or error), so the policy reports only what that cannot see: the attempts it
 * tries again (`retry`), the calls its open breaker refuses (`rejected`) and the breaker's transitions.
 */
export function createSapPolicy(options: Partial<PolicyOptions> = {}): Policy {
  const { recorder, ...rest } = options;
  return createPolicy({
    name: 'SAP',
    classify: classifySapFailure,
    // Each transport has its own call timeout (node-rfc's, axios'): the policy adds none.
    timeoutMs: 0,
    maxAttempts: 4,
    baseDelayMs: 250,
    maxDelayMs: 5_000,
    maxRetryAfterMs: 30_000,
    ...rest,
    breaker: { failureThreshold: 5, openMs: 30_000, halfOpenMaxCalls: 1, ...rest.breaker },
    ...(recorder ? { recorder: beyondOperations(recorder) } : {}),
  });
}

function beyondOperations(recorder: CallRecorder): CallRecorder {
  return {
    call: (outcome, ms) => {
      if (outcome === 'retry' || outcome === 'rejected') recorder.call(outcome, ms);
    },
    breaker: (from, to) => recorder.breaker(from, to),
  };
}

export { sapCall, sapTrialAt, sapUnavailable } from './resilience-call';
