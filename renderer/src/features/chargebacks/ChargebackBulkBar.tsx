// Bulk work on the Chargebacks tab: what is selected, "select all N that match" (the tab and the filter, resolved by
// the store), "Prepare postings…" for a clerk and "Approve prepared…" for an approver. Preparing shows the core's
// summary first (chargebacks.bulkPreview: count, totals per company code and currency, why some cannot be prepared),
// approving shows the approver's (chargebacks.bulkApprovePreview: what goes to SAP, who prepared it, why some are
// left), then the progress, then a result per case. The rules are the core's, per case (chargeback.prepare's and
// chargeback.approve's); the parts of the dialog are the review queue's (ui/bulk.tsx).
import { useId } from 'react';
import type { ChargebackBulkApprovePreview, ChargebackBulkPreview, ChargebackBulkResult } from '../../../../shared/api';
import { BulkCounts, BulkProgress, BulkReasons, BulkResultTable, BulkTotals, plural } from '../../ui/bulk';
import { useChargebacks } from './context';
import type { ChargebackBulkRun } from './store';
import { useModalDialog } from '../../ui/modal';

export function ChargebackBulkBar({ isClerk, isApprover }: { isClerk: boolean; isApprover: boolean }) {
  const checked = useChargebacks((s) => s.checked);
  const allMatching = useChargebacks((s) => s.allMatching);
  const total = useChargebacks((s) => s.total);
  const bulk = useChargebacks((s) => s.bulk);
  const checkAllMatching = useChargebacks((s) => s.checkAllMatching);
  const clearChecked = useChargebacks((s) => s.clearChecked);
  const openBulk = useChargebacks((s) => s.openBulk);
  const count = allMatching ? total : checked.size;
  return (
    <>
      {count > 0 ? (
        <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
          <span className="bulk-count" aria-live="polite">
            {allMatching ? `All ${plural(count, 'case')} that match selected` : `${plural(count, 'case')} selected`}
          </span>
          {!allMatching && total > checked.size ? (
            <button type="button" className="btn ghost" onClick={checkAllMatching}>
              Select all {total.toLocaleString()} that match
            </button>
          ) : null}
          <button type="button" className="btn ghost" onClick={clearChecked}>
            Clear selection
          </button>
          <span className="bulk-actions">
            {isClerk || isApprover ? (
              <button type="button" className="btn primary" onClick={() => void openBulk('prepare')}>
                Prepare postings…
              </button>
            ) : null}
            {isApprover ? (
              <button type="button" className="btn" onClick={() => void openBulk('approve')}>
                Approve prepared…
              </button>
            ) : null}
          </span>
        </div>
      ) : null}
      {bulk ? <BulkDialog run={bulk} /> : null}
    </>
  );
}

function titleOf(run: ChargebackBulkRun): string {
  const prepare = run.action === 'prepare';
  switch (run.phase) {
    case 'done':
      return prepare ? 'Prepared: result per case' : 'Approved: result per case';
    case 'running':
      return prepare ? 'Preparing…' : 'Approving…';
    default:
      return prepare
        ? 'Prepare the postings of the selected cases?'
        : 'Approve the prepared postings of the selected cases?';
  }
}

function BulkDialog({ run }: { run: ChargebackBulkRun }) {
  const ref = useModalDialog();
  const id = useId();
  const close = useChargebacks((s) => s.closeBulk);
  const send = useChargebacks((s) => s.runBulk);
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
      <h2 id={`${id}-title`}>{titleOf(run)}</h2>
      {run.phase === 'loading' ? <p aria-live="polite">Checking {plural(run.count, 'case')}…</p> : null}
      {run.phase === 'error' ? (
        <p className="field-error" role="alert">
          {run.message}
        </p>
      ) : null}
      {run.phase === 'preview' ? (
        run.action === 'prepare' ? (
          <Summary preview={run.preview} />
        ) : (
          <ApproveSummary preview={run.preview} />
        )
      ) : null}
      {run.phase === 'running' ? (
        <BulkProgress
          label={run.action === 'prepare' ? 'Preparing progress' : 'Approval progress'}
          done={run.progress?.done ?? 0}
          total={run.progress?.total ?? run.count}
          words={
            run.action === 'prepare'
              ? `${run.progress?.prepared ?? 0} prepared`
              : `${run.progress?.posted ?? 0} posted, ${run.progress?.failed ?? 0} failed`
          }
        />
      ) : null}
      {run.phase === 'done' ? <Results result={run.result} /> : null}
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
              disabled={(run.action === 'prepare' ? run.preview.prepare : run.preview.approve) === 0}
              onClick={() => void send()}
            >
              {run.action === 'prepare'
                ? `Prepare ${plural(run.preview.prepare, 'posting')}`
                : `Approve and post ${plural(run.preview.approve, 'posting')}`}
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

function Summary({ preview: p }: { preview: ChargebackBulkPreview }) {
  return (
    <div className="bulk-summary">
      <BulkCounts
        counts={[
          [p.count, 'selected'],
          [
            p.prepare,
            'prepared, each waiting for an approver who did not prepare it (four eyes: preparing is not approving)',
          ],
          [p.blocked, 'cannot be prepared and are left as they are'],
        ]}
      />
      <BulkTotals totals={p.totals} counted="Cases" />
      <BulkReasons title="What would be prepared" reasons={p.steps} />
      <BulkReasons title="Cannot be prepared" reasons={p.cannotPrepare} />
    </div>
  );
}

function ApproveSummary({ preview: p }: { preview: ChargebackBulkApprovePreview }) {
  return (
    <div className="bulk-summary">
      <BulkCounts
        counts={[
          [p.count, 'selected'],
          [p.approve, 'approved and posted to SAP'],
          [p.blocked, 'left as they are'],
        ]}
      />
      <BulkTotals totals={p.totals} counted="Postings" />
      <BulkReasons title="What would be posted" reasons={p.steps} />
      <BulkReasons title="Prepared by" reasons={p.preparedBy} />
      <BulkReasons title="Not approved" reasons={p.cannotApprove} />
    </div>
  );
}

const OUTCOME_LABEL: Record<ChargebackBulkResult['results'][number]['outcome'], string> = {
  prepared: 'Prepared',
  posted: 'Posted',
  failed: 'Failed',
  pending: 'Pending',
  skipped: 'Not done',
};

function Results({ result }: { result: ChargebackBulkResult }) {
  const c = result.counts;
  return (
    <>
      <p aria-live="polite">
        {[
          c.prepared ? `${c.prepared} prepared` : null,
          c.posted ? `${c.posted} posted` : null,
          c.pending ? `${c.pending} pending` : null,
          `${c.failed ?? 0} failed`,
          c.skipped ? `${c.skipped} not done` : null,
        ]
          .filter(Boolean)
          .join(', ')}
        .
      </p>
      <BulkResultTable
        label="Result per case"
        nameHeader="Case"
        rows={result.results.map((r) => ({
          key: r.caseId,
          name: r.caseNumber,
          outcome: r.outcome,
          label: OUTCOME_LABEL[r.outcome],
          detail: r.sapDocument
            ? `SAP document ${r.sapDocument.BELNR} / ${r.sapDocument.BUKRS} / ${r.sapDocument.GJAHR}`
            : [r.reference, r.reason].filter(Boolean).join(': '),
        }))}
      />
    </>
  );
}
