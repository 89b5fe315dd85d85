// The batches table's columns: what PayTrace settled, what ClearDesk posted, and the difference,
// which is highlighted until it is zero (docs/ARCHITECTURE.md, "The flow of one payment": batch total = posted + still open).
import { createColumnHelper } from '@tanstack/react-table';
import type { QueueState, SettlementBatch } from '../../../../shared/api';
import { negate } from '../../../../shared/money';
import { formatMoney } from '../../ui/money';
import { formatSapDate } from '../../ui/format';
import { STATE_LABELS } from '../review/tabs';

const col = createColumnHelper<SettlementBatch>();

const STATE_ORDER: readonly QueueState[] = [
  'new',
  'review',
  'prepared',
  'approved',
  'pending',
  'posted',
  'failed',
  'parked',
  'ignored',
  'closed',
];

function States({ states }: { states: SettlementBatch['states'] }) {
  const shown = STATE_ORDER.filter((s) => states[s] > 0);
  if (shown.length === 0) return <span className="muted">—</span>;
  return (
    <span className="state-counts">
      {shown.map((s) => (
        <span key={s} className={`badge state-${s}`} title={`${states[s]} ${STATE_LABELS[s].toLowerCase()}`}>
          {STATE_LABELS[s]} {states[s]}
        </span>
      ))}
    </span>
  );
}

export function batchColumns(open: (batch: number) => void) {
  return [
    col.accessor('batch', {
      header: 'Batch',
      size: 80,
      cell: ({ row: { original: b } }) => (
        <button
          type="button"
          className="row-open mono"
          aria-label={`Show the transactions of batch ${b.batch} in the review queue`}
          onClick={(e) => {
            e.stopPropagation();
            open(b.batch);
          }}
        >
          {b.batch}
        </button>
      ),
    }),
    col.accessor((b) => b.settledDate ?? '', {
      id: 'settledDate',
      header: 'Settled',
      size: 100,
      cell: ({ row: { original: b } }) =>
        b.settledDate ? formatSapDate(b.settledDate) : <span className="muted">—</span>,
    }),
    col.accessor((b) => b.salesCount + b.refundsCount, {
      id: 'count',
      header: 'Sales / refunds',
      size: 128,
      meta: { align: 'right' },
      cell: ({ row: { original: b } }) => (
        <span className="amount">
          {b.salesCount} / {b.refundsCount}
        </span>
      ),
    }),
    col.accessor((b) => b.sales.minor, {
      id: 'sales',
      header: 'Sales',
      size: 140,
      meta: { align: 'right' },
      cell: ({ row: { original: b } }) => <span className="amount">{formatMoney(b.sales)}</span>,
    }),
    col.accessor((b) => b.refunds.minor, {
      id: 'refunds',
      header: 'Refunds',
      size: 140,
      meta: { align: 'right' },
      cell: ({ row: { original: b } }) => (
        <span className={`amount${b.refunds.minor ? ' negative' : ''}`}>{formatMoney(negate(b.refunds))}</span>
      ),
    }),
    col.accessor((b) => b.net.minor, {
      id: 'net',
      header: 'Net',
      size: 140,
      meta: { align: 'right' },
      cell: ({ row: { original: b } }) => <span className="amount strong-ish">{formatMoney(b.net)}</span>,
    }),
    col.accessor((b) => b.posted.minor, {
      id: 'posted',
      header: 'Posted',
      size: 140,
      meta: { align: 'right' },
      cell: ({ row: { original: b } }) => <span className="amount">{formatMoney(b.posted)}</span>,
    }),
    col.accessor((b) => b.stillOpen.minor, {
      id: 'stillOpen',
      header: 'Still open',
      size: 150,
      meta: { align: 'right' },
      cell: ({ row: { original: b } }) =>
        b.stillOpen.minor === 0 ? (
          <span className="amount balanced" title="Everything the batch settled is posted">
            {formatMoney(b.stillOpen)}
          </span>
        ) : (
          <span className="amount difference" title="Settled by PayTrace but not (yet) posted to SAP">
            {formatMoney(b.stillOpen)}
          </span>
        ),
    }),
    col.display({
      id: 'states',
      header: 'Queue',
      meta: { flex: true },
      cell: ({ row: { original: b } }) => <States states={b.states} />,
    }),
  ];
}
