// Reversing a posted SAP document (docs/ARCHITECTURE.md, "Reversals"): the reasons ClearDesk offers
// and what each means for the reversal's posting date. SAP's own table of reasons is T041C
// (customizing, "Define Reasons for Reversal"): each reason says whether an alternative posting
// date is allowed and whether the reversal is a negative posting. The ones below are SAP's
// standard entries; the reversal always needs a second person (four eyes).
import { addDays } from '../time/civil';

export interface ReversalReason {
  /** T041C-STGRD, sent as BAPIACREV-REASON_REV. */
  readonly code: string;
  readonly text: string;
  /**
   * T041C-XABWD: the reversal may post on another date than the original. Without it the reversal
   * posts on the original's posting date, whose period must still be open.
   */
  readonly alternativeDate: boolean;
  /** T041C-XNEGP: a negative posting (the totals of the accounts are reduced, not increased). */
  readonly negative: boolean;
}

export const REVERSAL_REASONS: readonly ReversalReason[] = [
  { code: '01', text: 'Reversal in current period', alternativeDate: false, negative: false },
  { code: '02', text: 'Reversal in closed period', alternativeDate: true, negative: false },
  { code: '03', text: 'Actual reversal in current period', alternativeDate: false, negative: true },
  { code: '04', text: 'Actual reversal in closed period', alternativeDate: true, negative: true },
];

export function reversalReason(code: string): ReversalReason | null {
  return REVERSAL_REASONS.find((r) => r.code === code.trim()) ?? null;
}

/**
 * The posting date of the reversal: the original's, unless the reason allows another date and
 * one was given. Throws a RangeError naming the problem for an unknown reason or a date the
 * reason does not allow.
 */
/**
 * The latest posting date a reversal may take: the last day of the month after `today` (YYYY-MM-DD). SAP posts
 * into any open period, the future too; a reversal belongs in the current period, or the next one when the
 * current was closed early. A date months ahead is a typing slip that would leave the document standing.
 */
export function latestReversalDate(today: string): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const afterNext = month >= 11 ? { y: year + 1, m: month - 10 } : { y: year, m: month + 2 };
  return addDays(`${afterNext.y}-${String(afterNext.m).padStart(2, '0')}-01`, -1);
}

export function reversalPostingDate(
  code: string,
  originalPostingDate: string,
  requested: string | null,
  today: string,
): string {
  const reason = reversalReason(code);
  if (!reason) {
    throw new RangeError(
      `Reversal reason "${code}" is not one ClearDesk offers; use ${REVERSAL_REASONS.map((r) => `${r.code} (${r.text})`).join(', ')}.`,
    );
  }
  if (requested === null || requested === originalPostingDate) return originalPostingDate;
  if (!reason.alternativeDate) {
    const other = REVERSAL_REASONS.find((r) => r.alternativeDate && r.negative === reason.negative);
    throw new RangeError(
      `Reversal reason ${reason.code} (${reason.text}) posts the reversal on the original's posting date, ${originalPostingDate}; ` +
        `to post it on ${requested}, use reason ${other?.code ?? '02'} (${other?.text ?? 'Reversal in closed period'}).`,
    );
  }
  const latest = latestReversalDate(today);
  if (requested > latest) {
    throw new RangeError(
      `A reversal posts no later than the end of next month (${requested} is after ${latest}; today is ${today}).`,
    );
  }
  if (requested < originalPostingDate) {
    throw new RangeError(
      `A reversal cannot post before the document it reverses (${requested} is before ${originalPostingDate}).`,
    );
  }
  return requested;
}

/**
 * The dead letter a void or refund after posting raises (electron/store/repos/transitions.ts): it asks
 * a clerk to prepare the reversal of the payment's SAP document ("Reverse in SAP" on its detail).
 */
export function reversalRequestText(transactionId: number, status: string): string {
  return `PayTrace reports transaction ${transactionId} as ${status} after ClearDesk posted it to SAP; prepare the reversal of its SAP document for an approver to execute: "Reverse in SAP…" on the payment, or \`cleardesk reversal prepare ${transactionId}\` on the command line.`;
}

/** The payment a dead letter asks to reverse (one written by reversalRequestText), or null. */
export function reversalAskedBy(letter: {
  readonly source: string;
  readonly sourceKey: string | null;
  readonly error: string;
}): number | null {
  if (letter.source !== 'paytrace' || !letter.sourceKey || !/^\d+$/.test(letter.sourceKey)) return null;
  const m = /^PayTrace reports transaction (\d+) as .* after ClearDesk posted it to SAP; prepare the reversal/.exec(
    letter.error,
  );
  return m && m[1] === letter.sourceKey ? Number(m[1]) : null;
}
