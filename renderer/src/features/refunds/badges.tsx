import type { RefundState } from '../../../../shared/api';

export const REFUND_STATE_LABELS: Record<RefundState, string> = {
  requested: 'Waiting for approval',
  approved: 'Approved',
  rejected: 'Rejected',
  sent: 'Sent to PayTrace',
  unknown: 'Outcome unknown',
  refunded: 'Refunded',
  voided: 'Voided',
  failed: 'Failed',
};

export function RefundStateBadge({ state }: { state: RefundState }) {
  return <span className={`badge refund-${state}`}>{REFUND_STATE_LABELS[state]}</span>;
}
