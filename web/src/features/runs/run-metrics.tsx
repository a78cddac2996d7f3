import { useState } from 'react';
import type { Run } from '../experiments/tracking-types.js';
import { AxisToggle } from './axis-toggle.js';
import { MetricChart } from './metric-chart.js';
import type { XAxis } from './metric-series.js';

/** One chart per metric key; each loads its downsampled history when scrolled into view. */
export function RunMetrics({ run }: { run: Run }) {
  const [axis, setAxis] = useState<XAxis>('step');
  const metrics = [...run.data.metrics].sort((a, b) => a.key.localeCompare(b.key));
  return (
    <section className="panel" aria-labelledby="metrics-title">
      <div className="panel-title-row">
        <h2 id="metrics-title">
          Metrics <span className="count">{metrics.length}</span>
        </h2>
        {metrics.length > 0 && <AxisToggle value={axis} onChange={setAxis} />}
      </div>
      {metrics.length === 0 ? (
        <p className="muted">No metrics were logged.</p>
      ) : (
        <div className="chart-grid">
          {metrics.map((m) => (
            <MetricChart key={m.key} runId={run.info.runId} latest={m} axis={axis} />
          ))}
        </div>
      )}
    </section>
  );
}
