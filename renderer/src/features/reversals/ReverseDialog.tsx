// A clerk prepares the reversal of a posted payment's SAP document: SAP's reason for reversal
// (T041C: 01 posts on the original's date, 02 on another date), the posting date, and why. An
// approver, another person, executes it from the payment's detail panel.
import { useId, useState } from 'react';
import type { QueueRow } from '../../../../shared/api';
import { latestReversalDate, REVERSAL_REASONS, reversalReason } from '../../../../shared/domain/reversal';
import { formatSapDocument, localDay } from '../../ui/format';
import { ReasonFormDialog } from '../../ui/reason-form-dialog';

/** The reasons offered here: SAP's standard ones for a normal (not negative) reversal. */
const OFFERED = REVERSAL_REASONS.filter((r) => !r.negative);

export interface ReverseDialogProps {
  readonly row: QueueRow;
  /** The original document's posting date (YYYY-MM-DD), when the detail has it: the earliest a reversal may post. */
  readonly originalDate?: string;
  /** Resolves to an error message to show, or null when done. */
  onSubmit(reasonCode: string, postingDate: string | null, reason: string): Promise<string | null>;
  onClose(): void;
}

export function ReverseDialog({ row, originalDate, onSubmit, onClose }: ReverseDialogProps) {
  const id = useId();
  const [code, setCode] = useState(OFFERED[0]!.code);
  const [date, setDate] = useState(localDay());
  const reason = reversalReason(code);
  const otherDate = reason?.alternativeDate ?? false;
  const doc = row.posting?.sapDocument ?? null;

  return (
    <ReasonFormDialog
      className="reason-dialog reverse-dialog"
      title={`Reverse transaction ${row.transactionId} in SAP`}
      description={
        <>
          SAP document{' '}
          <strong className="mono" data-testid="reversed-document">
            {doc ? formatSapDocument(doc) : '—'}
          </strong>{' '}
          (reference <span className="mono">{row.posting?.reference ?? '—'}</span>) is reversed with a mirror document;
          a cleared invoice is opened again first. Nothing is sent until an approver, another person, executes it.
        </>
      }
      fields={(invalid) => (
        <>
          <label htmlFor={`${id}-code`}>Reason for reversal</label>
          <select id={`${id}-code`} value={code} onChange={(e) => setCode(e.target.value)}>
            {OFFERED.map((r) => (
              <option key={r.code} value={r.code}>
                {r.code} – {r.text}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-date`}>Posting date</label>
          <input
            id={`${id}-date`}
            type="date"
            value={otherDate ? date : ''}
            disabled={!otherDate}
            required={otherDate}
            max={latestReversalDate(localDay())}
            aria-invalid={invalid}
            aria-describedby={`${id}-date-note`}
            onChange={(e) => setDate(e.target.value)}
          />
          <p id={`${id}-date-note`} className="muted small">
            {otherDate
              ? 'The reversal posts on this date, in its period; it cannot be before the original document or after the end of next month.'
              : `Reason ${code} posts the reversal on the original document's posting date, whose period must still be open. For another date, use reason ${OFFERED.find((r) => r.alternativeDate)?.code ?? '02'}.`}
          </p>
        </>
      )}
      check={() =>
        !otherDate
          ? null
          : !/^\d{4}-\d{2}-\d{2}$/.test(date)
            ? 'Give the posting date of the reversal.'
            : date > latestReversalDate(localDay())
              ? `A reversal posts no later than ${latestReversalDate(localDay())}, the end of next month.`
              : originalDate && date < originalDate
                ? `A reversal posts no earlier than ${originalDate}, the posting date of the document it reverses.`
                : null
      }
      reasonLabel="Why is the SAP document wrong?"
      submitLabel="Ask for approval"
      busyLabel="Sending…"
      tone="danger"
      onSubmit={(why) => onSubmit(code, otherDate ? date : null, why)}
      onClose={onClose}
    />
  );
}
