// PayTrace settlement batches against the ledger: each batch's net, what is posted and what is
// still open. A batch opens the review queue filtered to its transactions.
import { getCoreRowModel, getSortedRowModel, useReactTable } from '@tanstack/react-table';
import { useEffect, useMemo } from 'react';
import { useApp } from '../../app/context';
import { ListEmpty, ListToolbar, LoadError } from '../../ui/list-screen';
import { ColumnWidths, resolveUpdater, RowCells, SortableHead } from '../../ui/table';
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
        <ListToolbar
          note={
            loaded
              ? open === 0
                ? `${rows.length} settlement ${rows.length === 1 ? 'batch' : 'batches'}, every one fully posted.`
                : `${rows.length} settlement ${rows.length === 1 ? 'batch' : 'batches'}; ${open} with money still open in the queue.`
              : ' '
          }
          loading={loading}
          onRefresh={() => void load()}
        />
        <LoadError what="settlement batches" error={error} onRetry={() => void load()} />
        <div className="table-scroll">
          <table className="queue batch-table" aria-label="Settlement batches" aria-busy={loading}>
            <ColumnWidths table={table} />
            <SortableHead table={table} />
            <tbody>
              {visible.map((row) => (
                <tr
                  key={row.id}
                  className={row.original.stillOpen.minor !== 0 ? 'unbalanced' : undefined}
                  onClick={() => openBatch(row.original.batch)}
                >
                  <RowCells row={row} />
                </tr>
              ))}
            </tbody>
          </table>
          <ListEmpty shown={visible.length} error={error} loaded={loaded} what="settlement batches">
            <p className="empty">
              No settled transactions yet. PayTrace settles at its daily cut-off; run a sync after it.
            </p>
          </ListEmpty>
        </div>
      </div>
    </main>
  );
}
