// The selected transaction: what PayTrace says, what the matcher proposes, the FI document it
// would post, the audit trail, and the clerk's actions.
import type { ReactNode } from 'react';
import type { QueueRow, RelatedPayment } from '../../../../shared/api';
import { signedAmount } from '../../../../shared/domain';
import { formatMoney } from '../../ui/money';
import { formatDateTime } from '../../ui/format';
import { ActionBar } from './ActionBar';
import { ReversalStatus } from '../reversals/ReversalStatus';
import { AuditTrail } from './AuditTrail';
import { StateBadge } from './badges';
import { useReview } from './context';
import { DocumentPreviewTable } from './DocumentPreviewTable';
import { PostingStatus } from './PostingStatus';
import { ProposalSection } from './ProposalSection';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="detail-section" aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** A refund's sale, or a sale's refunds: each opens its own detail. */
function Related({ related }: { related: readonly RelatedPayment[] }) {
  const reveal = useReview((s) => s.reveal);
  return (
    <ul className="related">
      {related.map((r) => (
        <li key={r.transactionId}>
          <button
            type="button"
            className="link mono"
            title={`Open ${r.kind} ${r.transactionId}`}
            onClick={() => reveal(r.transactionId)}
          >
            {r.transactionId}
          </button>{' '}
          {formatMoney(r.amount)} <StateBadge state={r.queueState} />
        </li>
      ))}
    </ul>
  );
}

function Facts({ row, related }: { row: QueueRow; related: readonly RelatedPayment[] }) {
  const facts: [string, ReactNode][] = [
    ['Amount', <span className="amount strong">{formatMoney(signedAmount(row))}</span>],
    [
      'Date',
      <time dateTime={row.createdAt} title={row.zone ? `${row.createdAt}, shown in ${row.zone}` : row.createdAt}>
        {formatDateTime(row.createdAt, true, row.zone)}
      </time>,
    ],
    ['Kind', row.kind],
    ['PayTrace status', row.status],
    ['Settlement batch', row.batch ?? '—'],
    ['Invoice', row.invoiceId ? <span className="mono">{row.invoiceId}</span> : '—'],
    ['Billing name', row.billingName || '—'],
    ['Card', <span className="mono">{row.maskedCard || '—'}</span>],
  ];
  if (row.kind === 'refund')
    facts.push([
      'Refund of sale',
      related.length ? <Related related={related} /> : 'none linked: see the match’s reasons',
    ]);
  else if (related.length) facts.push(['Refunds', <Related related={related} />]);
  return (
    <dl className="facts">
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function DetailPanel() {
  const selectedId = useReview((s) => s.selectedId);
  const detail = useReview((s) => s.detail);
  const detailLoading = useReview((s) => s.detailLoading);
  const detailError = useReview((s) => s.detailError);
  const outcome = useReview((s) => s.outcome);
  const select = useReview((s) => s.select);
  const loadDetail = useReview((s) => s.loadDetail);

  if (selectedId === null) return null;

  const row = detail?.row.transactionId === selectedId ? detail.row : null;

  return (
    <aside className="detail" aria-label={`Transaction ${selectedId}`}>
      <div className="detail-head">
        <h2>
          Transaction <span className="mono">{selectedId}</span>
        </h2>
        {row ? <StateBadge state={row.queueState} /> : null}
        <button type="button" className="btn ghost icon" aria-label="Close detail" onClick={() => select(null)}>
          ✕
        </button>
      </div>
      {detailError ? (
        <div className="banner error" role="alert">
          Could not load the transaction. {detailError}{' '}
          <button type="button" className="link" onClick={() => void loadDetail(selectedId)}>
            Try again
          </button>
        </div>
      ) : null}
      {!row && detailLoading ? <p className="muted loading">Loading…</p> : null}
      {row && detail ? (
        <>
          <PostingStatus row={row} outcome={outcome} audit={detail.audit} />
          <ReversalStatus row={row} />
          <ActionBar row={row} />
          <div className="detail-body">
            <Section title="Payment">
              <Facts row={row} related={detail.related ?? []} />
            </Section>
            <Section title="Proposed match">
              <ProposalSection proposal={row.proposal} />
            </Section>
            <Section title="FI document preview">
              {row.queueState === 'posted' || row.queueState === 'reversing' || row.queueState === 'pending' ? (
                // The preview is what an approval would post now; this payment's document is in SAP already.
                <p className="muted">Already in SAP (see above): there is no new document to preview.</p>
              ) : detail.preview ? (
                <DocumentPreviewTable preview={detail.preview} />
              ) : detail.previewProblem ? (
                <p role="alert">{detail.previewProblem}</p>
              ) : row.proposal && !row.proposal.companyCode ? (
                <p className="muted">
                  Nothing to post yet: no customer or open item says which company code the payment belongs to. Correct
                  the match, or post it to suspense; the preview then shows the document.
                </p>
              ) : (
                <p className="muted">No document to preview.</p>
              )}
            </Section>
            <Section title="Audit trail">
              <AuditTrail entries={detail.audit} />
            </Section>
          </div>
        </>
      ) : null}
    </aside>
  );
}
