// A call that moves money is sent once. When its outcome is unknown (timeout, dropped
// connection) PayTrace is asked what happened before anything is sent again.
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
