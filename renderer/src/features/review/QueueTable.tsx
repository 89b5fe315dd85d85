// The review queue: a TanStack Table over the window the store loaded (queue.window), virtualised
// with @tanstack/react-virtual so only the rows on screen are in the DOM, whatever the view's size.
// Sorting and filtering happen in the store (SQL); single-row selection opens the detail.
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type MouseEvent } from 'react';
import type { QueueRow } from '../../../../shared/api';
import { ListEmpty } from '../../ui/list-screen';
import { ColumnWidths, resolveUpdater, SortableHead } from '../../ui/table';
import { columns } from './columns';
import { useReview, useReviewStore } from './context';
import { indexOf, loadedRows, rowAt } from './store';
import { focusRowSoon } from './row-focus';

/** The header's box: ticks every loaded row (the bulk bar offers the whole view). */
function CheckLoaded() {
  const pages = useReview((s) => s.pages);
  const checked = useReview((s) => s.checked);
  const allMatching = useReview((s) => s.allMatching);
  const checkLoaded = useReview((s) => s.checkLoaded);
  const loaded = useMemo(() => loadedRows({ pages }), [pages]);
  const ticked = loaded.filter((r) => checked.has(r.transactionId)).length;
  const all = allMatching || (loaded.length > 0 && ticked === loaded.length);
  return (
    <input
      type="checkbox"
      aria-label="Select the shown rows"
      checked={all}
      ref={(el) => {
        if (el) el.indeterminate = !all && ticked > 0;
      }}
      onChange={() => checkLoaded(!all)}
    />
  );
}

/** A row's box: a click ticks it, a shift-click ticks the range from the last one ticked. */
function CheckRow({ row }: { row: QueueRow }) {
  const on = useReview((s) => s.allMatching || s.checked.has(row.transactionId));
  const toggle = useReview((s) => s.toggleChecked);
  return (
    <input
      type="checkbox"
      className="row-check"
      aria-label={`Select transaction ${row.transactionId}`}
      checked={on}
      onClick={(e: MouseEvent<HTMLInputElement>) => {
        e.stopPropagation();
        toggle(row.transactionId, e.shiftKey);
      }}
      onChange={() => undefined}
    />
  );
}

const selectColumn = createColumnHelper<QueueRow>().display({
  id: 'select',
  header: () => <CheckLoaded />,
  cell: (c) => <CheckRow row={c.row.original} />,
  size: 34,
});
const withSelect = [selectColumn, ...columns];

/** A row's height before it is measured (two lines of text and padding). */
const ROW_ESTIMATE = 49;
/** Rows rendered above and below the screen. */
const OVERSCAN = 10;

export function QueueTable() {
  const pages = useReview((s) => s.pages);
  const total = useReview((s) => s.total);
  const filter = useReview((s) => s.appliedFilter);
  const batch = useReview((s) => s.batch);
  // No sync has finished yet (none in the jobs' history either): an empty queue is not "all clear" then.
  const neverSynced = useReview((s) => s.sync.at === null && !s.sync.running);
  const tab = useReview((s) => s.tab);
  const sorting = useReview((s) => s.sorting);
  const setSorting = useReview((s) => s.setSorting);
  const selectedId = useReview((s) => s.selectedId);
  const cursorId = useReview((s) => s.cursorId);
  const cursorMoves = useReview((s) => s.cursorMoves);
  const store = useReviewStore();
  const select = useReview((s) => s.select);
  const showRange = useReview((s) => s.showRange);
  const listLoading = useReview((s) => s.listLoading);
  const listError = useReview((s) => s.listError);
  const loaded = useReview((s) => s.loaded);
  const hiddenColumns = useReview((s) => s.hiddenColumns);

  const data = useMemo(() => loadedRows({ pages }), [pages]);
  const rowSelection = useMemo<RowSelectionState>(
    () => (selectedId === null ? {} : { [selectedId]: true }),
    [selectedId],
  );

  const table = useReactTable({
    data,
    columns: withSelect,
    getRowId: (r) => String(r.transactionId),
    // With the detail panel open, the proposed match is shown there; the list keeps its width for the rest.
    state: {
      sorting: sorting as SortingState,
      rowSelection,
      // The column chooser's choice; the proposed match and the invoice (both in the detail's first lines) also go
      // while the detail is open, so the customer keeps a readable width on a laptop's 1280 pixels.
      columnVisibility: {
        ...Object.fromEntries([...hiddenColumns].map((c) => [c, false])),
        match: selectedId === null && !hiddenColumns.has('match'),
        invoiceId: selectedId === null && !hiddenColumns.has('invoiceId'),
      },
    },
    manualSorting: true,
    manualFiltering: true,
    onSortingChange: (u) => setSorting(resolveUpdater(u, sorting as SortingState)),
    onRowSelectionChange: (u) => {
      const next = Object.entries(resolveUpdater(u, rowSelection)).find(([, on]) => on)?.[0];
      select(next === undefined ? null : Number(next));
    },
    enableMultiRowSelection: false,
    getCoreRowModel: getCoreRowModel(),
  });

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: OVERSCAN,
    getItemKey: (index) => rowAt({ pages }, index)?.transactionId ?? `slot-${index}`,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  // The rows on screen tell the store which pages to load.
  useEffect(() => showRange(first, last), [first, last, showRange]);
  // A new view (tab, filter, sort, batch) starts at the top.
  const viewKey = `${tab}|${filter}|${batch}|${JSON.stringify(sorting)}`;
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [viewKey]);

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const colCount = table.getVisibleLeafColumns().length;

  // The keyboard's row (j/k, arrows; useReviewKeys) is scrolled into view and takes the focus.
  useEffect(() => {
    if (cursorId === null) return;
    const at = indexOf(store.getState(), cursorId);
    if (at >= 0) virtualizer.scrollToIndex(at);
    return focusRowSoon(cursorId);
    // Only a move of the cursor scrolls; a reload of the pages keeps the clerk's scroll.
  }, [cursorId, cursorMoves]);

  return (
    <div className="table-scroll" ref={scroller}>
      <table className="queue" aria-label="Review queue" aria-busy={listLoading} aria-rowcount={total + 1}>
        <ColumnWidths table={table} />
        <SortableHead table={table} />
        <tbody>
          {paddingTop > 0 ? (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={colCount} style={{ height: paddingTop }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const original = rowAt({ pages }, item.index);
            const row = original ? table.getRow(String(original.transactionId)) : null;
            if (!row)
              return (
                <tr
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  aria-rowindex={item.index + 2}
                  className="placeholder"
                >
                  <td colSpan={colCount}>
                    <span className="muted">Loading…</span>
                  </td>
                </tr>
              );
            return (
              <tr
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                aria-rowindex={item.index + 2}
                className={
                  row.getIsSelected() ? 'selected' : original?.transactionId === cursorId ? 'cursor' : undefined
                }
                aria-selected={row.getIsSelected()}
                onClick={() => row.toggleSelected(true)}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={cell.column.columnDef.meta?.align === 'right' ? 'right' : undefined}>
                    {cell.column.id === 'transactionId' ? (
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
            );
          })}
          {paddingBottom > 0 ? (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={colCount} style={{ height: paddingBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
      <ListEmpty shown={total} error={listError} loaded={loaded} what="queue">
        <p className="empty">
          {filter
            ? `No transactions match “${filter}” in this view.`
            : batch !== null
              ? `No transactions of batch ${batch} in this view.`
              : neverSynced
                ? 'Nothing synced yet: “Sync now” reads the payments from PayTrace and the open items from SAP.'
                : 'Nothing here. All clear.'}
        </p>
      </ListEmpty>
    </div>
  );
}
