// The dead-letter table's columns. The error is SAP's or the importer's text verbatim, wrapped,
// never cut: it is what the clerk acts on.
import { createColumnHelper } from '@tanstack/react-table';
import type { DeadLetter } from '../../../../shared/api';
import { canRetryDeadLetter, retryText } from '../../../../shared/domain/dead-letters';
import { reversalAskedBy } from '../../../../shared/domain/reversal';
import { formatDate, formatDateTime, formatTime } from '../../ui/format';
import { sourceLabel } from './sources';
import { transactionIdOf } from './store';

const col = createColumnHelper<DeadLetter>();

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} className="two-line" title={formatDateTime(iso, true)}>
      <span>{formatDate(iso)}</span>
      <span className="secondary">{formatTime(iso)}</span>
    </time>
  );
}

/**
 * A source key that names a transaction opens it in the review queue (the detail says so when
 * ClearDesk never stored it, as for a record that could not be read); any other key is plain text.
 */
function SourceKey({ d, open }: { d: DeadLetter; open: (transactionId: number) => void }) {
  if (!d.sourceKey) return <span className="muted">—</span>;
  const transactionId = transactionIdOf(d);
  if (transactionId === null) {
    return <span className="mono source-key">{d.sourceKey}</span>;
  }
  return (
    <button
      type="button"
      className="row-open mono source-key"
      aria-label={`${d.sourceKey}: open transaction ${transactionId} in the review queue`}
      title={`Open transaction ${transactionId} in the review queue`}
      onClick={() => open(transactionId)}
    >
      {d.sourceKey}
    </button>
  );
}

/** What a letter's row may do: retry, resolve with a reason, and which letter is busy. */
export interface DeadLetterActions {
  readonly busyId: number | null;
  retry(id: number): void;
  resolve(letter: DeadLetter): void;
}

function Actions({ d, actions }: { d: DeadLetter; actions: DeadLetterActions }) {
  if (d.resolvedAt !== null) return null;
  const busy = actions.busyId === d.id;
  const what = retryText(d);
  return (
    <div className="row-actions">
      {canRetryDeadLetter(d) ? (
        <button
          type="button"
          className="btn small"
          aria-label={`Retry dead letter ${d.id}`}
          title={what ?? undefined}
          disabled={actions.busyId !== null}
          aria-busy={busy}
          onClick={() => actions.retry(d.id)}
        >
          {busy ? 'Retrying…' : 'Retry'}
        </button>
      ) : null}
      <button
        type="button"
        className="btn small ghost"
        aria-label={`Resolve dead letter ${d.id}`}
        title="Settled elsewhere: close it with a reason (on the audit trail)"
        disabled={actions.busyId !== null}
        onClick={() => actions.resolve(d)}
      >
        Resolve…
      </button>
    </div>
  );
}

export function deadLetterColumns(
  open: (transactionId: number, dialog?: 'reverse') => void,
  actions: DeadLetterActions,
) {
  return [
    col.accessor('id', {
      header: 'ID',
      size: 64,
      cell: (c) => <span className="mono muted">{c.getValue()}</span>,
    }),
    col.accessor((d) => sourceLabel(d.source), {
      id: 'source',
      header: 'Source',
      size: 112,
      cell: ({ row: { original: d } }) => (
        <span className={`badge source-${d.source}`} title={d.source}>
          {sourceLabel(d.source)}
        </span>
      ),
    }),
    col.accessor((d) => d.sourceKey ?? '', {
      id: 'sourceKey',
      header: 'Source key',
      size: 190,
      cell: ({ row: { original: d } }) => <SourceKey d={d} open={open} />,
    }),
    col.accessor('error', {
      header: 'Error',
      meta: { flex: true },
      enableSorting: false,
      cell: ({ row: { original: d } }) => {
        // A void after posting asks for a reversal: it leads to the payment's "Reverse in SAP".
        const reverse = d.resolvedAt === null ? reversalAskedBy(d) : null;
        return (
          <div className="dead-letter-error">
            {d.error}
            {reverse !== null ? (
              <div>
                <button
                  type="button"
                  className="link"
                  aria-label={`Reverse transaction ${reverse} in SAP: open it in the review queue`}
                  onClick={() => open(reverse, 'reverse')}
                >
                  Reverse in SAP…
                </button>
              </div>
            ) : null}
          </div>
        );
      },
    }),
    col.accessor('createdAt', {
      header: 'Created',
      size: 92,
      cell: (c) => <When iso={c.getValue()} />,
    }),
    col.accessor((d) => d.resolvedAt ?? '', {
      id: 'resolvedAt',
      header: 'Resolved',
      size: 200,
      cell: ({ row: { original: d } }) =>
        d.resolvedAt === null ? (
          <span className="badge state-failed">Unresolved</span>
        ) : (
          <div className="two-line">
            <span className="badge state-posted">Resolved</span>
            <time dateTime={d.resolvedAt} className="secondary" title={formatDateTime(d.resolvedAt, true)}>
              {formatDateTime(d.resolvedAt)}
            </time>
            <span className="secondary resolution" data-testid={`resolution-${d.id}`}>
              {d.resolvedBy ? `by ${d.resolvedBy}: ${d.resolution ?? ''}` : 'by ClearDesk'}
            </span>
          </div>
        ),
    }),
    col.display({
      id: 'actions',
      header: 'Actions',
      size: 168,
      cell: ({ row: { original: d } }) => <Actions d={d} actions={actions} />,
    }),
  ];
}
