import type { ReactNode } from 'react';
import type { RunComparison } from '../experiments/tracking-types.js';
import { RunColumnHeader } from './run-column-header.js';

interface CompareTableProps<T> {
  /** What the first column holds ("Metric", "Parameter"). */
  keyLabel: string;
  runs: RunComparison['runs'];
  rows: readonly T[];
  /** One `<tr>` per row: the key, then a cell per run. */
  row: (item: T) => ReactNode;
}

/** Runs side by side, one column per run under its colour-coded header. */
export function CompareTable<T>({ keyLabel, runs, rows, row }: CompareTableProps<T>) {
  return (
    <div className="table-scroll">
      <table className="table table--compact compare-table">
        <thead>
          <tr>
            <th scope="col">{keyLabel}</th>
            {runs.map((run, i) => (
              <RunColumnHeader key={run.runId} run={run} index={i} />
            ))}
          </tr>
        </thead>
        <tbody>{rows.map(row)}</tbody>
      </table>
    </div>
  );
}
