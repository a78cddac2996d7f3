import type { ReactNode } from 'react';

export interface KeyValueRow {
  key: string;
  label?: string;
  value: ReactNode;
}

/** Two-column table of names and values (params, tags), with an empty message when there is nothing. */
export function KeyValueTable({ rows, empty, caption }: { rows: readonly KeyValueRow[]; empty: string; caption: string }) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <div className="table-scroll">
      <table className="table table--compact kv-table">
        <caption className="visually-hidden">{caption}</caption>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row" title={row.label && row.label !== row.key ? row.key : undefined}>
                {row.label ?? row.key}
              </th>
              <td className="mono kv-value">{row.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
