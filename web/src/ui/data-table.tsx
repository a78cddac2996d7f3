import type { ReactNode } from 'react';

export interface Column {
  label: ReactNode;
  /** Right-aligned numbers (`th.num`). */
  num?: boolean;
}

interface DataTableProps<T> {
  /** The table's classes, `table` included (`table table--compact audit-table`). */
  className?: string;
  /** A visually hidden caption naming the table for screen readers… */
  caption?: string;
  /** …or an aria-label where the table has no caption. */
  label?: string;
  columns: readonly Column[];
  rows: readonly T[];
  /** One `<tr>` per item, with its key. */
  row: (item: T) => ReactNode;
}

/** The scrolling table every list uses: a header row of column titles and one row per item. */
export function DataTable<T>({ className = 'table', caption, label, columns, rows, row }: DataTableProps<T>) {
  return (
    <div className="table-scroll">
      <table className={className} aria-label={label}>
        {caption !== undefined && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.num ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{rows.map(row)}</tbody>
      </table>
    </div>
  );
}
