// The clerk's view of the pipeline states (docs/ARCHITECTURE.md, "The payment state machine"): every transaction is in exactly one tab
// besides "All". 'approved' means approved and on its way to SAP, and 'pending' that SAP holds it and
// has not posted it yet (an IDoc in 64 or 51), so both sit with Posted, under their own label.
import type { QueueRow, QueueState } from '../../../../shared/api';
import { allows } from '../../../../shared/domain/payment-state';

export type TabKey = 'review' | 'prepared' | 'posted' | 'parked' | 'failed' | 'all';

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

export const STATE_LABELS: Record<QueueState, string> = {
  new: 'New',
  review: 'To review',
  prepared: 'Waits for approver',
  approved: 'Posting…',
  pending: 'In SAP, pending',
  posted: 'Posted',
  reversing: 'Reversal waits for approver',
  parked: 'Parked',
  ignored: 'Ignored',
  failed: 'Failed',
  closed: 'Closed',
};

// What is offered comes from the payment state machine (shared/domain), the same table the core
// applies; the core also checks roles and four eyes.

/** Approve is offered for a proposal waiting for a decision (the first or the second person's). */
export const canApprove = (row: QueueRow): boolean =>
  row.proposal !== null &&
  row.queueState !== 'new' &&
  row.queueState !== 'approved' &&
  allows(row.queueState, 'approved');
export const canPark = (row: QueueRow): boolean => allows(row.queueState, 'parked');
export const canIgnore = (row: QueueRow): boolean => allows(row.queueState, 'ignored');
/** A clerk may pick the open items by hand for a payment waiting for review or one SAP refused. */
export const canCorrect = (row: QueueRow): boolean =>
  row.kind !== 'refund' && row.queueState !== 'new' && allows(row.queueState, 'corrected');
