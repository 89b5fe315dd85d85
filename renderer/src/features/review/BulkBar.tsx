// Bulk work: what is selected, "select all N matching" (the whole view, loaded or not), and
// Approve / Park / Ignore for all of it. Approve shows the core's summary first (bulkPreview),
// then the progress while posting, then a result per row. The rules are the core's, per payment.
import { useId, useState } from 'react';
import type { BulkApproveResult, BulkPreview, BulkSetAsideResult } from '../../../../shared/api';
import { BulkCounts, BulkProgress, BulkReasons, BulkResultTable, BulkTotals, plural } from '../../ui/bulk';
import { ReasonFormDialog } from '../../ui/reason-form-dialog';
import { useReview } from './context';
import type { BulkRun } from './store';
import { useModalDialog } from '../../ui/modal';

export function BulkBar() {
  const checked = useReview((s) => s.checked);
  const allMatching = useReview((s) => s.allMatching);
  const total = useReview((s) => s.total);
  const bulk = useReview((s) => s.bulk);
  const checkAllMatching = useReview((s) => s.checkAllMatching);
  const clearChecked = useReview((s) => s.clearChecked);
  const previewBulkApprove = useReview((s) => s.previewBulkApprove);
  const bulkSetAside = useReview((s) => s.bulkSetAside);
  const [reasonFor, setReasonFor] = useState<'park' | 'ignore' | null>(null);
  const count = allMatching ? total : checked.size;

  return (
    <>
      {count > 0 ? (
        <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
          <span className="bulk-count" aria-live="polite">
            {allMatching
              ? `All ${plural(count, 'payment')} matching this view selected`
              : `${plural(count, 'payment')} selected`}
          </span>
          {!allMatching && total > checked.size ? (
            <button type="button" className="btn ghost" onClick={checkAllMatching}>
              Select all {total.toLocaleString()} matching
            </button>
          ) : null}
          <button type="button" className="btn ghost" onClick={clearChecked}>
            Clear selection
          </button>
          <span className="bulk-actions">
            <button type="button" className="btn primary" onClick={() => void previewBulkApprove()}>
              Approve {plural(count, 'payment')}…
            </button>
            <button type="button" className="btn" onClick={() => setReasonFor('park')}>
              Park…
            </button>
            <button type="button" className="btn ghost" onClick={() => setReasonFor('ignore')}>
              Ignore…
            </button>
          </span>
        </div>
      ) : null}
      {reasonFor ? (
        <ReasonFormDialog
          title={`${reasonFor === 'park' ? 'Park' : 'Ignore'} ${plural(count, 'payment')}`}
          description={
            reasonFor === 'park'
              ? 'They leave the review queue until someone picks them up again. One reason for all, on each audit trail.'
              : 'Ignored payments are not posted (until someone brings one back to review). One reason for all, on each audit trail.'
          }
          submitLabel={`${reasonFor === 'park' ? 'Park' : 'Ignore'} ${plural(count, 'payment')}`}
          busyLabel="Saving…"
          tone={reasonFor === 'ignore' ? 'danger' : 'primary'}
          onSubmit={(reason) => bulkSetAside(reasonFor, reason)}
          onClose={() => setReasonFor(null)}
        />
      ) : null}
      {bulk ? <BulkDialog run={bulk} /> : null}
    </>
  );
}

function BulkDialog({ run }: { run: BulkRun }) {
  const ref = useModalDialog();
  const id = useId();
  const close = useReview((s) => s.closeBulk);
  const send = useReview((s) => s.runBulkApprove);
  const title =
    run.action !== 'approve'
      ? `${run.action === 'park' ? 'Parked' : 'Ignored'}: result per payment`
      : run.phase === 'done'
        ? 'Bulk approval: result per payment'
        : run.phase === 'running'
          ? 'Approving…'
          : 'Approve the selected payments?';
  return (
    <dialog
      ref={ref}
      className="reason-dialog bulk-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {run.phase === 'loading' ? <p aria-live="polite">Checking {plural(run.count, 'payment')}…</p> : null}
      {run.phase === 'error' ? (
        <p className="field-error" role="alert">
          {run.message}
        </p>
      ) : null}
      {run.phase === 'preview' || run.phase === 'running' ? <Summary preview={run.preview} /> : null}
      {run.phase === 'running' ? <Progress run={run} /> : null}
      {run.phase === 'done' && run.action === 'approve' ? <ApproveResults result={run.result} /> : null}
      {run.phase === 'done' && run.action !== 'approve' ? <SetAsideResults result={run.result} /> : null}
      <div className="dialog-actions">
        {run.phase === 'preview' ? (
          <>
            <button type="button" className="btn ghost" onClick={close}>
              Cancel
            </button>
            <button
              type="button"
              className="btn primary"
              autoFocus
              disabled={run.preview.post + run.preview.prepare === 0}
              onClick={() => void send()}
            >
              {sendLabel(run.preview)}
            </button>
          </>
        ) : (
          <button type="button" className="btn" onClick={close} disabled={run.phase === 'running'}>
            Close
          </button>
        )}
      </div>
    </dialog>
  );
}

function sendLabel(p: BulkPreview): string {
  if (p.post > 0 && p.prepare > 0) return `Post ${p.post.toLocaleString()}, prepare ${p.prepare.toLocaleString()}`;
  if (p.prepare > 0) return `Prepare ${plural(p.prepare, 'payment')}`;
  return `Post ${plural(p.post, 'payment')}`;
}

function Summary({ preview: p }: { preview: BulkPreview }) {
  return (
    <div className="bulk-summary">
      <BulkCounts
        counts={[
          [p.post, 'posted to SAP now'],
          [p.prepare, 'prepared, waiting for a second person (four eyes)'],
          [p.blocked, 'cannot be approved and are left as they are'],
        ]}
      />
      <BulkTotals totals={p.totals} counted="Payments" amount="Net amount (refunds subtracted)" />
      <BulkReasons title="Need a second person because they are" reasons={p.secondPerson} />
      <BulkReasons title="Cannot be approved" reasons={p.cannotApprove} />
    </div>
  );
}

function Progress({ run }: { run: Extract<BulkRun, { phase: 'running' }> }) {
  return (
    <BulkProgress
      label="Bulk approval progress"
      done={run.progress?.done ?? 0}
      total={run.progress?.total ?? run.preview.count}
      words={`${run.progress?.posted ?? 0} posted, ${run.progress?.prepared ?? 0} prepared, ${run.progress?.failed ?? 0} failed`}
    />
  );
}

const OUTCOME_LABEL = {
  posted: 'Posted',
  prepared: 'Prepared',
  failed: 'Failed',
  pending: 'Pending',
  skipped: 'Not approved',
  done: 'Done',
} as const;

function ApproveResults({ result }: { result: BulkApproveResult }) {
  const c = result.counts;
  return (
    <>
      <p aria-live="polite">
        {c.posted ?? 0} posted, {c.prepared ?? 0} prepared for a second person, {c.failed ?? 0} failed
        {c.pending ? `, ${c.pending} pending` : ''}
        {c.skipped ? `, ${c.skipped} not approved` : ''}.
      </p>
      <ResultTable
        rows={result.results.map((r) => ({
          transactionId: r.transactionId,
          outcome: r.outcome,
          detail: r.sapDocument
            ? `SAP document ${r.sapDocument.BELNR} / ${r.sapDocument.BUKRS} / ${r.sapDocument.GJAHR}`
            : (r.reason ?? ''),
        }))}
      />
    </>
  );
}

function SetAsideResults({ result }: { result: BulkSetAsideResult }) {
  return (
    <>
      <p aria-live="polite">
        {result.done} done, {result.failed} failed.
      </p>
      <ResultTable
        rows={result.results.map((r) => ({
          transactionId: r.transactionId,
          outcome: r.outcome,
          detail: r.reason ?? '',
        }))}
      />
    </>
  );
}

function ResultTable({
  rows,
}: {
  rows: { transactionId: number; outcome: keyof typeof OUTCOME_LABEL | 'failed'; detail: string }[];
}) {
  return (
    <BulkResultTable
      label="Result per payment"
      nameHeader="Transaction"
      rows={rows.map((r) => ({
        key: r.transactionId,
        name: String(r.transactionId),
        outcome: r.outcome,
        label: OUTCOME_LABEL[r.outcome],
        detail: r.detail,
      }))}
    />
  );
}
