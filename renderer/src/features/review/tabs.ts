// The clerk's view of the pipeline states (docs/ARCHITECTURE.md, "The payment state machine"): every transaction is in exactly one tab
// besides "All" (Closed holds what has nothing to post). 'approved' means approved and on its way to SAP, and 'pending' that SAP holds it and
// has not posted it yet (an IDoc in 64 or 51), so both sit with Posted, under their own label.
import type { QueueRow, QueueState } from '../../../../shared/api';
import { samePerson } from '../../../../shared/domain/four-eyes';
import { allows, PAYMENT_STATE_LABELS } from '../../../../shared/domain/payment-state';

export type TabKey = 'review' | 'prepared' | 'posted' | 'parked' | 'failed' | 'closed' | 'all';

export interface TabDef {
  readonly key: TabKey;
  readonly label: string;
  readonly states: readonly QueueState[] | null;
}

export const TABS: readonly TabDef[] = [
  { key: 'review', label: 'To review', states: ['new', 'review'] },
  { key: 'prepared', label: 'Second approval', states: ['prepared', 'reversing'] },
  { key: 'posted', label: 'Posted', states: ['approved', 'pending', 'posted'] },
  { key: 'parked', label: 'Parked/Ignored', states: ['parked', 'ignored'] },
  { key: 'failed', label: 'Failed', states: ['failed'] },
  // Nothing to post: declined, voided before settlement, or authorisation only.
  { key: 'closed', label: 'Closed', states: ['closed'] },
  { key: 'all', label: 'All', states: null },
];

export function inTab(tab: TabKey, row: QueueRow): boolean {
  const def = TABS.find((t) => t.key === tab);
  return !def?.states || def.states.includes(row.queueState);
}

/** The state tab a row belongs to (not "All"), for opening it from another screen. */
export function tabFor(row: QueueRow): TabKey {
  return TABS.find((t) => t.states?.includes(row.queueState))?.key ?? 'all';
}

/** The states by name (shared/domain, which the exports read too). */
export const STATE_LABELS: Readonly<Record<QueueState, string>> = PAYMENT_STATE_LABELS;

// What is offered comes from the payment state machine (shared/domain), the same table the core
// applies; the core also checks roles and four eyes.

/**
 * A "No match" proposal: the matcher found neither a customer nor a company code, so there is
 * nothing to post into (the core refuses to approve it) until a clerk corrects the match.
 */
export const needsMatch = (row: QueueRow): boolean => row.proposal !== null && !row.proposal.companyCode;

/** Approve is offered for a proposal waiting for a decision (the first or the second person's). */
export const canApprove = (row: QueueRow): boolean =>
  row.proposal !== null &&
  !needsMatch(row) &&
  row.queueState !== 'new' &&
  row.queueState !== 'approved' &&
  allows(row.queueState, 'approved');
export const canPark = (row: QueueRow): boolean => allows(row.queueState, 'parked');
export const canIgnore = (row: QueueRow): boolean => allows(row.queueState, 'ignored');
/** A parked or ignored payment goes back to review. */
export const canUnpark = (row: QueueRow): boolean =>
  allows(row.queueState, 'unparked') || allows(row.queueState, 'unignored');
/** A clerk may pick the open items by hand for a payment waiting for review or one SAP refused. */
export const canCorrect = (row: QueueRow): boolean =>
  row.kind !== 'refund' && row.queueState !== 'new' && allows(row.queueState, 'corrected');

/** Why Approve is disabled, in words, when the state badge and banner do not already say it. */
/**
 * Why the Approve button is off, or null when it is on. `previewProblem` is the detail's: the proposal cannot
 * be posted as it stands (a refund whose credit a reversal took away), so approving would only be refused.
 * `held` is the detail's `approvalHeld`: it may not be approved now whatever its document (a void in progress).
 */
export function approveHint(
  row: QueueRow,
  user: string | null,
  isApprover: boolean,
  previewProblem?: string,
  held?: string,
): string | null {
  if (row.queueState === 'prepared') {
    if (!isApprover) return 'Waits for a second person with the approver role.';
    if (user && row.proposal?.preparedBy && samePerson(user, row.proposal.preparedBy))
      return 'You approved it first; another approver gives the second approval (four eyes).';
    if (user && row.proposal?.correctedBy && samePerson(user, row.proposal.correctedBy))
      return 'You corrected this match; another approver gives the second approval (four eyes).';
  }
  if (canApprove(row) && held) return held;
  if (canApprove(row))
    return previewProblem
      ? `It cannot be posted as it stands: ${previewProblem.replace(/\.?$/, '.')} ${
          // A refund's match is not picked by hand (canCorrect): what SAP must hold first is in the problem.
          canCorrect(row) ? 'Correct the match, or park or ignore it.' : 'Meanwhile, park it or ignore it.'
        }`
      : null;
  if (needsMatch(row) && canCorrect(row))
    return (
      'No match: no customer or company code to post into, so there is nothing to approve. ' +
      'Use “Correct match” to pick the customer’s open items (what they do not take stays on account with that customer), ' +
      '“Post on account” to a customer you pick, or “Post to suspense”.'
    );
  if (row.queueState === 'parked') return 'Parked: unpark it to review it again.';
  if (row.queueState === 'ignored') return 'Ignored: bring it back to review to approve it.';
  if (!row.proposal && canPark(row))
    return 'No proposal to approve: correct the match, or park or ignore it with a reason.';
  if (row.queueState === 'new')
    return `Not ready: the matcher has not looked at it yet (${STATE_LABELS.new.toLowerCase()}).`;
  return null;
}

/** Whether Approve does something for this person now: offered, and not waiting for someone else. */
export const approveEnabled = (
  row: QueueRow,
  user: string | null,
  isApprover: boolean,
  previewProblem?: string,
  held?: string,
): boolean =>
  canApprove(row) &&
  !previewProblem &&
  !held &&
  !(row.queueState === 'prepared' && approveHint(row, user, isApprover) !== null);
