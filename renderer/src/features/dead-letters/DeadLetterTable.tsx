// The dead letters as a TanStack table: filtered by source and state, sortable, never selectable
// (there is nothing to open but the transaction a key names).
import { getCoreRowModel, getSortedRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { DeadLetter } from '../../../../shared/api';
import { ReasonFormDialog } from '../../ui/reason-form-dialog';
import { useApp } from '../../app/context';
import { ListEmpty } from '../../ui/list-screen';
import { ColumnWidths, resolveUpdater, RowCells, SortableHead } from '../../ui/table';
import { deadLetterColumns } from './columns';
import { useDeadLetters } from './context';
import { visibleDeadLetters } from './store';

export const EMPTY_TEXT = 'Nothing is waiting here: every record was read and every posting accepted.';

export function DeadLetterTable() {
  const rows = useDeadLetters((s) => s.rows);
  const source = useDeadLetters((s) => s.source);
  const unresolvedOnly = useDeadLetters((s) => s.unresolvedOnly);
  const setUnresolvedOnly = useDeadLetters((s) => s.setUnresolvedOnly);
  const sorting = useDeadLetters((s) => s.sorting);
  const setSorting = useDeadLetters((s) => s.setSorting);
  const loading = useDeadLetters((s) => s.loading);
  const loaded = useDeadLetters((s) => s.loaded);
  const error = useDeadLetters((s) => s.error);
  const openTransaction = useApp((s) => s.openTransaction);
  const busyId = useDeadLetters((s) => s.busyId);
  const retry = useDeadLetters((s) => s.retry);
  const resolve = useDeadLetters((s) => s.resolve);
  const [resolving, setResolving] = useState<DeadLetter | null>(null);

  const columns = useMemo(
    () => deadLetterColumns(openTransaction, { busyId, retry: (id) => void retry(id), resolve: setResolving }),
    [openTransaction, busyId, retry],
  );
  const data = useMemo(() => visibleDeadLetters(rows, source, unresolvedOnly), [rows, source, unresolvedOnly]);
  const hiddenResolved = unresolvedOnly ? visibleDeadLetters(rows, source, false).length - data.length : 0;

  const table = useReactTable({
    data,
    columns,
    getRowId: (d) => String(d.id),
    state: { sorting },
    onSortingChange: (u) => setSorting(resolveUpdater(u, sorting)),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });

  const visible = table.getRowModel().rows;

  return (
    <div className="table-scroll">
      <table className="queue dead-letter-table" aria-label="Dead-letter queue" aria-busy={loading}>
        <ColumnWidths table={table} />
        <SortableHead table={table} />
        <tbody>
          {visible.map((row) => (
            <tr key={row.id} className={row.original.resolvedAt === null ? undefined : 'resolved'}>
              <RowCells row={row} />
            </tr>
          ))}
        </tbody>
      </table>
      <ListEmpty shown={visible.length} error={error} loaded={loaded} what="dead-letter queue">
        <div className="empty">
          <p>{EMPTY_TEXT}</p>
          {hiddenResolved > 0 ? (
            <button type="button" className="link" onClick={() => setUnresolvedOnly(false)}>
              Show {hiddenResolved} resolved {hiddenResolved === 1 ? 'entry' : 'entries'}
            </button>
          ) : null}
        </div>
      </ListEmpty>
      {resolving ? (
        <ReasonFormDialog
          title={`Resolve dead letter ${resolving.id}`}
          description="Nothing is run again: the letter leaves the queue with your name and reason, which also go on the audit trail. Resolve it once what failed is settled (in SAP, in PayTrace, or found harmless)."
          submitLabel="Resolve"
          busyLabel="Resolving…"
          tone="primary"
          onSubmit={(reason) => resolve(resolving.id, reason)}
          onClose={() => setResolving(null)}
        />
      ) : null}
    </div>
  );
}
