import { formatNumber } from '../../ui/format.js';
import type { RunComparison } from '../experiments/tracking-types.js';
import { CompareTable } from './compare-table.js';

export function CompareMetrics({ comparison }: { comparison: RunComparison }) {
  return (
    <section className="panel" aria-labelledby="cmp-metrics-title">
      <h2 id="cmp-metrics-title">Metrics</h2>
      {comparison.metrics.length === 0 ? (
        <p className="muted">None of these runs logged metrics.</p>
      ) : (
        <CompareTable
          keyLabel="Metric"
          runs={comparison.runs}
          rows={comparison.metrics}
          row={(m) => (
            <tr key={m.key}>
              <th scope="row" className="mono">
                {m.key}
              </th>
              {comparison.runs.map((run, i) => (
                <td key={run.runId} className="num">
                  {m.latest[i] === null || m.latest[i] === undefined ? (
                    <span className="muted">—</span>
                  ) : (
                    <>
                      <span className="mono metric-latest">{formatNumber(m.latest[i])}</span>
                      <span className="muted small metric-range">
                        {formatNumber(m.min[i])} – {formatNumber(m.max[i])}
                      </span>
                    </>
                  )}
                </td>
              ))}
            </tr>
          )}
        />
      )}
    </section>
  );
}
