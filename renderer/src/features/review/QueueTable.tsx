// The review queue: TanStack Table over queue.list rows, single-row selection opens the detail.
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import { useMemo, type KeyboardEvent } from 'react';
import { ListEmpty } from '../../ui/list-screen';
import { ColumnWidths, resolveUpdater, SortableHead } from '../../ui/table';
import { columns, queueTextFilter } from './columns';
import { useReview } from './context';
import { inBatch, inTab } from './tabs';

export function QueueTable() {
  const rows = useReview((s) => s.rows);
  const tab = useReview((s) => s.tab);
  const stickyIds = useReview((s) => s.stickyIds);
  const filter = useReview((s) => s.filter);
  const batch = useReview((s) => s.batch);
  const sorting = useReview((s) => s.sorting);
  const setSorting = useReview((s) => s.setSorting);
  const selectedId = useReview((s) => s.selectedId);
  const select = useReview((s) => s.select);
  const listLoading = useReview((s) => s.listLoading);
  const listError = useReview((s) => s.listError);
  const loaded = useReview((s) => s.loaded);

  const data = useMemo(
    () => rows.filter((r) => inBatch(batch, r) && (stickyIds.has(r.transactionId) || inTab(tab, r))),
    [rows, tab, stickyIds, batch],
  );
  const rowSelection = useMemo<RowSelectionState>(
    () => (selectedId === null ? {} : { [selectedId]: true }),
    [selectedId],
  );

  const table = useReactTable({
    data,
    columns,
    getRowId: (r) => String(r.transactionId),
    // With the detail panel open, the proposed match is shown there; the list keeps its width for the rest.
    state: {
      sorting: sorting as SortingState,
      globalFilter: filter,
      rowSelection,
      columnVisibility: { match: selectedId === null },
    },
    onSortingChange: (u) => setSorting(resolveUpdater(u, sorting as SortingState)),
    onRowSelectionChange: (u) => {
      const next = Object.entries(resolveUpdater(u, rowSelection)).find(([, on]) => on)?.[0];
      select(next === undefined ? null : Number(next));
    },
    globalFilterFn: queueTextFilter,
    enableMultiRowSelection: false,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });

  const visible = table.getRowModel().rows;

  // Arrow keys move the selection between rows, like a list in a desktop app.
  function onKeyDown(event: KeyboardEvent<HTMLTableSectionElement>) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const index = visible.findIndex((r) => r.getIsSelected());
    const next = visible[Math.max(0, Math.min(visible.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (!next) return;
    event.preventDefault();
    next.toggleSelected(true);
    document.getElementById(`open-${next.id}`)?.focus();
  }

  return (
    <div className="table-scroll">
      <table className="queue" aria-label="Review queue" aria-busy={listLoading}>
        <ColumnWidths table={table} />
        <SortableHead table={table} />
        <tbody onKeyDown={onKeyDown}>
          {visible.map((row) => (
            <tr
              key={row.id}
              className={row.getIsSelected() ? 'selected' : undefined}
              aria-selected={row.getIsSelected()}
              onClick={() => row.toggleSelected(true)}
            >
              {row.getVisibleCells().map((cell, i) => (
                <td key={cell.id} className={cell.column.columnDef.meta?.align === 'right' ? 'right' : undefined}>
                  {i === 0 ? (
                    <button
                      type="button"
                      id={`open-${row.id}`}
                      className="row-open mono"
                      aria-label={`Open transaction ${row.id}`}
                      aria-pressed={row.getIsSelected()}
                      onClick={(e) => {
                        e.stopPropagation();
                        row.toggleSelected(true);
                      }}
                    >
                      {row.id}
                    </button>
                  ) : (
                    flexRender(cell.column.columnDef.cell, cell.getContext())
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <ListEmpty shown={visible.length} error={listError} loaded={loaded} what="queue">
        <p className="empty">
          {filter
            ? `No transactions match “${filter}” in this view.`
            : batch !== null
              ? `No transactions of batch ${batch} in this view.`
              : 'Nothing here. All clear.'}
        </p>
      </ListEmpty>
    </div>
  );
}
