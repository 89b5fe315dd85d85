// A call that moves money is sent once. When its outcome is unknown (timeout, dropped
// connection) PayTrace is asked what happened before anything is sent again. Refunds and voids
// are never sent again here at all (sendOnceThenLookUp): a look-up that finds nothing leaves the
// outcome unknown, for a person to settle (docs/ARCHITECTURE.md, "Refunds exactly once").
import { OutcomeUnknownError } from '../../resilience';
import { PayTraceError } from './errors';

export interface MoneyMoveResult {
  readonly transactionId: number;
  /** True when the answer was lost and the transaction was found by looking it up. */
  readonly recovered: boolean;
}

export async function moveMoneyOnce(
  operation: string,
  send: () => Promise<number>,
  lookup: () => Promise<number | null>,
  maxSends = 3,
): Promise<MoneyMoveResult> {
  const r = await sendOnce(operation, send, lookup, maxSends);
  return { transactionId: r.value, recovered: r.recovered };
}

/** Sends a non-repeatable request; after an unknown outcome, `lookup` decides whether it happened. */
export async function sendOnce<T>(
  operation: string,
  send: () => Promise<T>,
  lookup: () => Promise<T | null>,
  maxSends = 3,
): Promise<{ value: T; recovered: boolean }> {
  let lastCause = '';
  for (let sent = 1; sent <= maxSends; sent += 1) {
    try {
      return { value: await send(), recovered: false };
    } catch (e) {
      if (!(e instanceof OutcomeUnknownError)) throw e;
      lastCause = e.cause instanceof Error ? e.cause.message : String(e.cause);
    }
    let found: T | null;
    try {
      found = await lookup();
    } catch (e) {
      throw new PayTraceError({
        kind: 'unavailable',
        operation,
        retryable: false,
        ambiguous: true,
        messages: [
          `the answer was lost (${lastCause}) and looking it up failed (${e instanceof Error ? e.message : String(e)}). It may have been done: check PayTrace before trying again.`,
        ],
      });
    }
    if (found !== null) return { value: found, recovered: true };
  }
  throw new PayTraceError({
    kind: 'unavailable',
    operation,
    retryable: false,
    messages: [
      `no answer after ${maxSends} tries (${lastCause}); PayTrace has no record of it, so nothing was done. Try again later.`,
    ],
  });
}

/** What a look-up after a lost answer found. */
export type LookUpFinding =
  /** PayTrace did it: the transaction it made (a refund's own id, or the voided sale's). */
  | { readonly found: number }
  /** PayTrace certainly did not do it (a sale that settled cannot have been voided). */
  | { readonly notDone: string }
  /** Nothing that settles it either way: what was looked at, for the person who will. */
  | { readonly unknown: string };

/** Whether a failed send may have been done at PayTrace. */
function mayHaveHappened(e: unknown): boolean {
  if (e instanceof OutcomeUnknownError) return true;
  return e instanceof PayTraceError && (e.failure.ambiguous || e.kind === 'protocol');
}

const causeOf = (e: unknown): string => {
  const cause = e instanceof OutcomeUnknownError ? e.cause : e;
  return cause instanceof Error ? cause.message : String(cause);
};

/**
 * Sends a money move exactly once. A refusal PayTrace gave is thrown as it is. When the answer was
 * lost, `lookUp` decides: found is the move's result (recovered), not done is a refusal, and
 * anything else (including a look-up that failed) is a PayTraceError marked ambiguous: the outcome
 * is unknown and nothing is sent again.
 */
export async function sendOnceThenLookUp(
  operation: string,
  send: () => Promise<number>,
  lookUp: () => Promise<LookUpFinding>,
): Promise<MoneyMoveResult> {
  try {
    return { transactionId: await send(), recovered: false };
  } catch (e) {
    if (!mayHaveHappened(e)) throw e;
    const lost = causeOf(e);
    let finding: LookUpFinding;
    try {
      finding = await lookUp();
    } catch (l) {
      finding = { unknown: `looking it up failed (${l instanceof Error ? l.message : String(l)})` };
    }
    if ('found' in finding) return { transactionId: finding.found, recovered: true };
    if ('notDone' in finding) {
      throw new PayTraceError({
        kind: 'validation',
        operation,
        retryable: false,
        messages: [`the answer was lost (${lost}), and ${finding.notDone}`],
      });
    }
    throw new PayTraceError({
      kind: 'unavailable',
      operation,
      retryable: false,
      ambiguous: true,
      messages: [
        `the answer was lost (${lost}) and ${finding.unknown}. It may have been done: nothing was sent again.`,
      ],
    });
  }
}
