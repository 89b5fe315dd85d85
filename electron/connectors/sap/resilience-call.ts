// How a transport runs one SAP call through the SAP system's policy (./resilience.ts): a read may be
// tried again; a posting is sent again only when its request is known not to have reached SAP (a refused
// connection, `SapCallError.notSent`), any other failure ends it with its error unchanged for the exactly-once
// protocol's lookup; the breaker counts and refuses both. Without a policy, the call as it is.
import type { Policy } from '../../resilience';
import { SapCallError } from './errors';

const notSent = (error: unknown): boolean => error instanceof SapCallError && error.notSent;

export function sapCall<T>(
  policy: Policy | undefined,
  kind: 'read' | 'posting',
  operation: string,
  fn: () => Promise<T>,
): Promise<T> {
  if (!policy) return fn();
  return policy.execute(
    () => fn(),
    kind === 'read' ? { idempotent: true, operation } : { idempotent: false, operation, retryOnly: notSent },
  );
}

/** While the breaker is open: when it lets one trial call through (epoch ms); null when it is not open. */
export function sapTrialAt(policy: Policy | undefined): number | null {
  return policy?.circuitTrialAt ?? null;
}

/** Why SAP is not being called right now (its breaker is open), or null. */
export function sapUnavailable(policy: Policy | undefined): string | null {
  if (!policy || policy.circuitState !== 'open') return null;
  return 'SAP failed repeatedly and is left alone for a while (its circuit breaker is open)';
}
