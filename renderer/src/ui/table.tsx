// The sortable header row every TanStack table in the app shares, so they sort and read alike.
import { flexRender, type Row, type Table, type Updater } from '@tanstack/react-table';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the generics must match TanStack's declaration
  interface ColumnMeta<TData, TValue> {
    align?: 'right';
    /** Takes the width left over by the fixed columns. */
    flex?: boolean;
  }
}

export function resolveUpdater<T>(updater: Updater<T>, current: T): T {
  return typeof updater === 'function' ? (updater as (old: T) => T)(current) : updater;
}

function SortMark({ sorted }: { sorted: false | 'asc' | 'desc' }) {
  return (
    <span className="sort-mark" aria-hidden="true">
      {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
    </span>
  );
}

/** Column widths: fixed columns take their size, `meta.flex` columns share what is left. */
export function ColumnWidths<T>({ table }: { table: Table<T> }) {
  return (
    <colgroup>
      {table.getVisibleLeafColumns().map((c) => (
        <col key={c.id} style={c.columnDef.meta?.flex ? undefined : { width: c.getSize() }} />
      ))}
    </colgroup>
  );
}

export function SortableHead<T>({ table }: { table: Table<T> }) {
  return (
    <thead>
      {table.getHeaderGroups().map((group) => (
        <tr key={group.id}>
          {group.headers.map((header) => {
            const sorted = header.column.getIsSorted();
            const align = header.column.columnDef.meta?.align;
            return (
              <th
                key={header.id}
                scope="col"
                className={align === 'right' ? 'right' : undefined}
                aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
              >
                {header.column.getCanSort() ? (
                  <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                    {align === 'right' ? <SortMark sorted={sorted} /> : null}
                    {flexRender(header.column.columnDef.header, header.getContext())}
                    {align === 'right' ? null : <SortMark sorted={sorted} />}
                  </button>
                ) : (
                  flexRender(header.column.columnDef.header, header.getContext())
                )}
              </th>
            );
          })}
        </tr>
      ))}
    </thead>
  );
}

/** A row's cells, right-aligned where the column says so. */
export function RowCells<T>({ row }: { row: Row<T> }) {
  return row.getVisibleCells().map((cell) => (
    <td key={cell.id} className={cell.column.columnDef.meta?.align === 'right' ? 'right' : undefined}>
      {flexRender(cell.column.columnDef.cell, cell.getContext())}
    </td>
  ));
}
