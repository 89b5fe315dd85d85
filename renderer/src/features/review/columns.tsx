// The queue's columns: cells render the clerk's view. Sorting and the text filter are the store's
// (queue.window, in SQL); the column ids name the store's sort orders.
import { createColumnHelper } from '@tanstack/react-table';
import type { ProposalDto, QueueRow } from '../../../../shared/api';
import { signedAmount, voidedButInSap } from '../../../../shared/domain';
import { formatMoney } from '../../ui/money';
import { formatDate, formatSapDocument, formatTime } from '../../ui/format';
import { StateBadge, TierBadge } from './badges';
import { VOIDED_IN_SAP } from './PostingStatus';

const col = createColumnHelper<QueueRow>();

function customerText(row: QueueRow): string {
  const p = row.proposal;
  return [row.billingName, p?.customerName, p?.customer].filter(Boolean).join(' ');
}

function matchText(row: QueueRow): string {
  return row.proposal?.items.map((i) => `${i.reference} ${i.assignment}`).join(' ') ?? '';
}

/** Who approved first and why a second person must: what an approver decides on, at a glance. */
function SecondApprovalNote({ proposal }: { proposal: ProposalDto }) {
  const reasons = proposal.secondApproval ?? [];
  return (
    <>
      {proposal.preparedBy ? (
        <span className="secondary">
          Prepared by <strong>{proposal.preparedBy}</strong>
        </span>
      ) : null}
      {reasons.length > 0 ? (
        <span className="secondary clamp-2" title={reasons.join('\n')}>
          {reasons.join('; ')}
        </span>
      ) : null}
    </>
  );
}

export const columns = [
  col.accessor('transactionId', {
    header: 'Transaction',
    size: 94,
  }),
  col.accessor('createdAt', {
    header: 'Date',
    size: 104,
    // In the company code's zone (its posting dates' zone), which the title names.
    cell: (c) => (
      <time dateTime={c.getValue()} className="two-line" title={c.row.original.zone}>
        <span>{formatDate(c.getValue(), c.row.original.zone)}</span>
        <span className="secondary">{formatTime(c.getValue(), c.row.original.zone)}</span>
      </time>
    ),
  }),
  col.accessor((r) => customerText(r), {
    id: 'customer',
    header: 'Customer',
    meta: { flex: true },
    cell: ({ row: { original: r } }) => (
      <div className="two-line">
        <span className="primary">{r.billingName || <span className="muted">No billing name</span>}</span>
        {r.proposal?.customer ? (
          <span className="secondary">
            {r.proposal.customerName ?? 'SAP customer'} · <span className="mono">{r.proposal.customer}</span>
          </span>
        ) : null}
      </div>
    ),
  }),
  col.accessor('invoiceId', {
    header: 'Invoice',
    size: 96,
    cell: (c) => (c.getValue() ? <span className="mono">{c.getValue()}</span> : <span className="muted">—</span>),
  }),
  col.accessor((r) => r.amount.minor, {
    id: 'amount',
    header: 'Amount',
    size: 124,
    meta: { align: 'right' },
    cell: ({ row: { original: r } }) => (
      <span className={`amount${r.kind === 'refund' ? ' negative' : ''}`}>{formatMoney(signedAmount(r))}</span>
    ),
  }),
  col.accessor((r) => matchText(r), {
    id: 'match',
    header: 'Proposed match',
    size: 196,
    enableSorting: false,
    cell: ({ row: { original: r } }) => {
      const items = r.proposal?.items ?? [];
      if (items.length === 0) {
        // A refund's negative rest is what no open credit pays out: posted so, it would stay an open debit.
        if (r.proposal && r.proposal.onAccount.minor < 0)
          return (
            <span className="warn-text" title="Post the credit memo in SAP, sync, and approve again">
              No open credit to pay out
            </span>
          );
        return r.proposal && r.proposal.onAccount.minor !== 0 ? (
          <span className="secondary">On account {formatMoney(r.proposal.onAccount)}</span>
        ) : (
          <span className="muted">No open item</span>
        );
      }
      return (
        <ul className="match-list">
          {items.map((i) => (
            <li key={`${i.companyCode}-${i.docNo}-${i.fiscYear}-${i.itemNum}`}>
              <span className="mono">{i.reference || i.docNo}</span>
              <span className="amount">{formatMoney(i.amount)}</span>
            </li>
          ))}
        </ul>
      );
    },
  }),
  col.accessor((r) => r.proposal?.confidence ?? -1, {
    id: 'tier',
    header: 'Tier',
    size: 124,
    cell: ({ row: { original: r } }) => <TierBadge proposal={r.proposal} />,
  }),
  col.accessor('queueState', {
    header: 'State',
    size: 192,
    cell: ({ row: { original: r } }) => (
      <div className="two-line">
        <StateBadge state={r.queueState} />
        {voidedButInSap(r.queueState, r.status) ? (
          <span className="secondary ellipsis error-text" title={VOIDED_IN_SAP}>
            Voided by PayTrace: reverse in SAP
          </span>
        ) : r.queueState === 'posted' && r.posting?.sapDocument ? (
          <span className="secondary mono sap-key" title="SAP document BELNR / BUKRS / GJAHR">
            {formatSapDocument(r.posting.sapDocument)}
          </span>
        ) : r.queueState === 'failed' && r.posting?.messages[0] ? (
          <span className="secondary ellipsis error-text" title={r.posting.messages.map((m) => m.MESSAGE).join('\n')}>
            {r.posting.messages[0].MESSAGE}
          </span>
        ) : r.queueState === 'prepared' && r.proposal ? (
          <SecondApprovalNote proposal={r.proposal} />
        ) : r.stateReason ? (
          <span className="secondary ellipsis" title={r.stateReason}>
            {r.stateReason}
          </span>
        ) : null}
      </div>
    ),
  }),
];
