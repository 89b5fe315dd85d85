// What can be done about a dead letter (docs/ARCHITECTURE.md, "Dead letters"): the one owner of the
// rule, asked by the core (deadLetters.retry) and by the screen (which buttons a letter offers).
// Every letter may be resolved by a person with a reason; some may also be retried, which runs
// again what failed through the owner of that action, and one kind asks for a reversal instead.
import { parsePostingReference } from '../posting/reference';
import { reversalAskedBy } from './reversal';

export interface DeadLetterLike {
  readonly source: string;
  readonly sourceKey: string | null;
  readonly error: string;
}

export type DeadLetterRemedy =
  /** SAP refused a payment's posting: approve it again (the posting protocol, the four-eyes rules). */
  | { readonly kind: 'repost'; readonly reference: string; readonly transactionId: number }
  /** PayTrace's export (a day range, or one record in it) could not be read: sync again. */
  | { readonly kind: 'resync' }
  /** A void after posting: the remedy is the reversal of the SAP document, on the payment. */
  | { readonly kind: 'reverse'; readonly transactionId: number }
  /** Nothing ClearDesk can run again (a refund made twice, a refused reversal, a case's posting): a person settles it. */
  | { readonly kind: 'none' };

export const EXPORT_LETTER_PREFIX = 'export:';
export const RECORD_LETTER_PREFIX = 'record:';

export function deadLetterRemedy(letter: DeadLetterLike): DeadLetterRemedy {
  const key = letter.sourceKey?.trim() ?? '';
  if (letter.source === 'posting' && key) {
    const ref = parsePostingReference(key);
    const transactionId = ref ? Number(ref.transactionId) : NaN;
    if (!ref || !Number.isSafeInteger(transactionId) || transactionId <= 0) return { kind: 'none' };
    // A refused reversal is prepared again on the payment (an approver executes it), not re-sent from here.
    if (ref.event === 'reversal') return { kind: 'reverse', transactionId };
    // A dispute case's posting SAP refused (its chargeback, loss or reversal) is prepared again on the case, under
    // four eyes (the Chargebacks tab), not approved again as the sale's payment.
    if (ref.event === 'chargeback' || ref.event === 'write-off' || ref.event === 'chargeback-reversal')
      return { kind: 'none' };
    return { kind: 'repost', reference: key, transactionId };
  }
  if (letter.source === 'paytrace') {
    const reverse = reversalAskedBy(letter);
    if (reverse !== null) return { kind: 'reverse', transactionId: reverse };
    if (key.startsWith(EXPORT_LETTER_PREFIX) || key.startsWith(RECORD_LETTER_PREFIX) || /^\d+$/.test(key)) {
      return { kind: 'resync' };
    }
  }
  return { kind: 'none' };
}

/** Whether "Retry" runs something again for this letter. */
export const canRetryDeadLetter = (letter: DeadLetterLike): boolean => {
  const kind = deadLetterRemedy(letter).kind;
  return kind === 'repost' || kind === 'resync';
};

/** What "Retry" will do, in the clerk's words (the button's description). */
export function retryText(letter: DeadLetterLike): string | null {
  const remedy = deadLetterRemedy(letter);
  if (remedy.kind === 'repost') {
    return `Approve transaction ${remedy.transactionId} again: its posting is sent to SAP once more (four-eyes rules apply).`;
  }
  if (remedy.kind === 'resync') return 'Sync with PayTrace again: the range or record is read once more.';
  return null;
}
