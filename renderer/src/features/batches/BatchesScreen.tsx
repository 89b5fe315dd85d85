// PayTrace settlement batches against the ledger: each batch's net, what is posted and what is
// still open. A batch opens the review queue filtered to its transactions.
import { flexRender, getCoreRowModel, getSortedRowModel, useReactTable } from '@tanstack/react-table';
import { useEffect, useMemo } from 'react';
import { useApp } from '../../app/context';
import { ColumnWidths, resolveUpdater, SortableHead } from '../../ui/table';
import { batchColumns } from './columns';
import { useBatches } from './context';
import { unbalancedCount } from './store';

export function BatchesScreen() {
  const rows = useBatches((s) => s.rows);
  const loading = useBatches((s) => s.loading);
  const loaded = useBatches((s) => s.loaded);
  const error = useBatches((s) => s.error);
  const load = useBatches((s) => s.load);
  const sorting = useBatches((s) => s.sorting);
  const setSorting = useBatches((s) => s.setSorting);
  const openBatch = useApp((s) => s.openBatch);

  const start = useBatches((s) => s.start);

  // Live while shown: a posting or a correction elsewhere changes what this screen shows.
  useEffect(() => start(), [start]);

  const columns = useMemo(() => batchColumns(openBatch), [openBatch]);
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (b) => `${b.batch}-${b.currency}`,
    state: { sorting },
    onSortingChange: (u) => setSorting(resolveUpdater(u, sorting)),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  const visible = table.getRowModel().rows;
  const open = unbalancedCount(rows);

  return (
    <main className="screen">
      <div className="queue-pane">
        <div className="toolbar">
          <p className="toolbar-note">
            {loaded
              ? open === 0
                ? `${rows.length} settlement ${rows.length === 1 ? 'batch' : 'batches'}, every one fully posted.`
                : `${rows.length} settlement ${rows.length === 1 ? 'batch' : 'batches'}; ${open} with money still open in the queue.`
              : ' '}
          </p>
          <div className="toolbar-right">
            <button type="button" className="btn ghost" onClick={() => void load()} disabled={loading}>
              {loading ? 'Loading…' : 'Refresh'}
            </button>
          </div>
        </div>
        {error ? (
          <div className="banner error" role="alert">
            Could not load the settlement batches. {error}{' '}
            <button type="button" className="link" onClick={() => void load()}>Try again</button>
          </div>
        ) : null}
        <div className="table-scroll">
          <table className="queue batch-table" aria-label="Settlement batches" aria-busy={loading}>
            <ColumnWidths table={table} />
            <SortableHead table={table} />
            <tbody>
              {visible.map((row) => (
                <tr key={row.id} className={row.original.stillOpen.minor !== 0 ? 'unbalanced' : undefined} onClick={() => openBatch(row.original.batch)}>
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className={cell.column.columnDef.meta?.align === 'right' ? 'right' : undefined}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {visible.length > 0 || error ? null : !loaded ? (
            <p className="empty">Loading the settlement batches…</p>
          ) : (
            <p className="empty">No settled transactions yet. PayTrace settles at its daily cut-off; run a sync after it.</p>
          )}
        </div>
      </div>
    </main>
  );
}
