import { useState } from 'react';
import type { RunComparison } from '../experiments/tracking-types.js';
import { CompareTable } from './compare-table.js';

export function CompareParams({ comparison }: { comparison: RunComparison }) {
  const [onlyDiffs, setOnlyDiffs] = useState(false);
  const differing = comparison.params.filter((p) => p.differs).length;
  const rows = onlyDiffs ? comparison.params.filter((p) => p.differs) : comparison.params;
  return (
    <section className="panel" aria-labelledby="cmp-params-title">
      <div className="panel-title-row">
        <h2 id="cmp-params-title">
          Parameters <span className="count">{differing} of {comparison.params.length} differ</span>
        </h2>
        <label className="checkbox-label">
          <input type="checkbox" checked={onlyDiffs} onChange={(e) => setOnlyDiffs(e.target.checked)} /> Only differences
        </label>
      </div>
      {rows.length === 0 ? (
        <p className="muted">{comparison.params.length === 0 ? 'None of these runs logged parameters.' : 'All parameters are equal.'}</p>
      ) : (
        <CompareTable
          keyLabel="Parameter"
          runs={comparison.runs}
          rows={rows}
          row={(p) => (
            <tr key={p.key} className={p.differs ? 'row--differs' : undefined} data-differs={p.differs || undefined}>
              <th scope="row" className="mono">
                {p.key}
                {p.differs && <span className="visually-hidden"> (differs)</span>}
              </th>
              {p.values.map((v, i) => (
                <td key={i} className="mono">
                  {v ?? <span className="muted">—</span>}
                </td>
              ))}
            </tr>
          )}
        />
      )}
    </section>
  );
}
