// The words the Chargebacks tab uses for a case's stage, status and how it was matched.
import type { DisputeCaseDto } from '../../../../shared/api';

export const STAGE_LABELS: Record<DisputeCaseDto['stage'], string> = {
  retrieval: 'Retrieval request',
  chargeback: 'First chargeback',
  representment: 'Representment',
  'pre-arbitration': 'Pre-arbitration',
  arbitration: 'Arbitration',
};

export const STATUS_LABELS: Record<DisputeCaseDto['status'], string> = {
  open: 'Open',
  pending: 'Answered',
  won: 'Won',
  lost: 'Lost',
  accepted: 'Accepted',
  expired: 'Expired',
  closed: 'Closed',
};

export const METHOD_LABELS: Record<Extract<DisputeCaseDto['match'], { state: 'matched' }>['method'], string> = {
  'transaction-id': 'by PayTrace id',
  'merchant-reference': 'by merchant reference',
  'card-amount-date': 'by card, amount and date',
  arn: 'by ARN',
  manual: 'linked by a clerk',
};
