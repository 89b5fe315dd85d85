// Park, ignore and send back need a reason for the audit trail.
import { ReasonFormDialog } from '../../ui/reason-form-dialog';

export interface ReasonDialogProps {
  readonly action: 'park' | 'ignore' | 'sendBack';
  readonly transactionId: number;
  /** Resolves to an error message to show, or null when done. */
  onSubmit(reason: string): Promise<string | null>;
  onClose(): void;
}

const VERB = { park: 'Park', ignore: 'Ignore', sendBack: 'Send back' } as const;

const WHY = {
  park: 'Parked transactions leave the review queue (they wait under Parked/Ignored) until someone unparks them.',
  ignore:
    'Ignored transactions are not posted (until someone brings one back to review). The reason goes on the audit trail.',
  sendBack: 'Nothing is posted. The payment goes back to the review queue with your reason, for the clerk.',
} as const;

export function ReasonDialog({ action, transactionId, onSubmit, onClose }: ReasonDialogProps) {
  return (
    <ReasonFormDialog
      title={`${VERB[action]} transaction ${transactionId}`}
      description={WHY[action]}
      submitLabel={`${VERB[action]} transaction`}
      busyLabel="Saving…"
      tone={action === 'ignore' ? 'danger' : 'primary'}
      onSubmit={onSubmit}
      onClose={onClose}
    />
  );
}
