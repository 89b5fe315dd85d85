// A refund or void whose outcome is unknown: the approver checked PayTrace and says what it shows.
// "Done" records the PayTrace refund they name (ClearDesk checks it at PayTrace first); "send again"
// (another approver than the preparer) sends a new attempt only when PayTrace shows none of the
// earlier ones. Both keep what they saw on the audit trail.
import { useId, useState } from 'react';
import type { RefundRequest } from '../../../../shared/api';
import { formatMoney } from '../../ui/money';
import { ReasonFormDialog } from '../../ui/reason-form-dialog';

export type UnknownOutcomeAction = 'confirm' | 'resend';

export interface UnknownOutcomeDialogProps {
  readonly refund: RefundRequest;
  readonly action: UnknownOutcomeAction;
  /** Resolves to an error message to show, or null when done. */
  onConfirm(paytraceTransactionId: number | undefined, reason: string): Promise<string | null>;
  onResend(reason: string): Promise<string | null>;
  onClose(): void;
}

/** The PayTrace transaction id typed, or why it is not one. */
function transactionId(text: string): number | string {
  const t = text.trim();
  return /^[1-9]\d{0,14}$/.test(t) ? Number(t) : 'Give the refund’s PayTrace transaction id, digits only.';
}

export function UnknownOutcomeDialog({ refund, action, onConfirm, onResend, onClose }: UnknownOutcomeDialogProps) {
  const [idText, setIdText] = useState('');
  const id = useId();
  const isVoid = refund.operation === 'void';
  const what = `${formatMoney(refund.amount)} of sale ${refund.transactionId}`;
  const paytraceId = transactionId(idText);

  if (action === 'resend')
    return (
      <ReasonFormDialog
        title={`Send refund request ${refund.id} again`}
        description={
          <>
            Only when PayTrace shows no {isVoid ? 'void' : 'refund'} of {what}
            {refund.reference ? ` (reference ${refund.reference})` : ''}. ClearDesk looks once more and sends a new
            attempt only if PayTrace shows none. Say what you checked.
          </>
        }
        submitLabel={isVoid ? 'Void again' : 'Send again'}
        busyLabel="Sending…"
        tone="danger"
        onSubmit={onResend}
        onClose={onClose}
      />
    );

  return (
    <ReasonFormDialog
      className="reason-dialog refund-dialog"
      title={`PayTrace shows refund request ${refund.id} ${isVoid ? 'voided' : 'refunded'}`}
      description={
        isVoid ? (
          <>ClearDesk checks at PayTrace that sale {refund.transactionId} is voided before it records it.</>
        ) : (
          <>
            Give the PayTrace transaction id of the refund of {what}; ClearDesk checks it at PayTrace (a refund of this
            amount, to the sale’s card, made since the approval) before it records it.
          </>
        )
      }
      fields={
        isVoid
          ? undefined
          : (invalid) => (
              <>
                <label htmlFor={`${id}-paytrace-id`}>PayTrace transaction id</label>
                <input
                  id={`${id}-paytrace-id`}
                  className="mono"
                  inputMode="numeric"
                  value={idText}
                  required
                  aria-invalid={invalid}
                  onChange={(e) => setIdText(e.target.value)}
                />
              </>
            )
      }
      check={() => (!isVoid && typeof paytraceId === 'string' ? paytraceId : null)}
      submitLabel="Record it"
      busyLabel="Checking PayTrace…"
      tone="primary"
      onSubmit={(reason) =>
        isVoid
          ? onConfirm(undefined, reason)
          : typeof paytraceId === 'string'
            ? Promise.resolve(paytraceId)
            : onConfirm(paytraceId, reason)
      }
      onClose={onClose}
    />
  );
}
