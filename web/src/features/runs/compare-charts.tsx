import { useMemo, useRef, useState } from 'react';
import { useKeel } from '../../app/keel-client.js';
import { describeProblem } from '../../app/server-status.js';
import { seriesColor } from '../../ui/chart-colors.js';
import { LineChart } from '../../ui/line-chart.js';
import { Skeleton } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { useVisible } from '../../ui/use-visible.js';
import type { RunComparison, RunInfo } from '../experiments/tracking-types.js';
import { AxisToggle } from './axis-toggle.js';
import { alignSeries, bucketSeries, type XAxis } from './metric-series.js';
import { runLabel } from './run-column-header.js';

/** Fewer buckets per run than on a run's page: several series share the width. */
const OVERLAY_POINTS = 500;

function OverlayChart({ metricKey, runs, axis }: { metricKey: string; runs: RunInfo[]; axis: XAxis }) {
  const keel = useKeel();
  const ref = useRef<HTMLElement>(null);
  const visible = useVisible(ref);
  const ids = runs.map((r) => r.runId);
  const loaded = useLoad(
    async () =>
      visible
        ? Promise.all(ids.map((id) => keel.runs.metricBuckets(id, metricKey, OVERLAY_POINTS).catch(() => [])))
        : undefined,
    `${ids.join(',')}|${metricKey}|${visible}`,
  );
  const chart = useMemo(() => {
    if (!loaded.data) return undefined;
    const parts = loaded.data.map((buckets) => {
      const s = bucketSeries(buckets, axis);
      return { x: s.x, y: s.last };
    });
    const aligned = alignSeries(parts);
    return {
      x: aligned.x,
      series: aligned.ys.map((values, i) => ({ label: runLabel(runs[i]!), color: seriesColor(i), values })),
    };
    // runs only label the series; ids in the load key already track which runs these are

  }, [loaded.data, axis]);

  return (
    <figure ref={ref} className="chart-card">
      <figcaption className="chart-title">
        <span className="mono">{metricKey}</span>
      </figcaption>
      {loaded.error !== undefined ? (
        <p className="field-error">{describeProblem(loaded.error).message}</p>
      ) : chart ? (
        <LineChart x={chart.x} series={chart.series} xAxis={axis} label={`Chart of ${metricKey} across runs`} />
      ) : (
        <Skeleton lines={1} height={180} />
      )}
    </figure>
  );
}

export function CompareCharts({ comparison }: { comparison: RunComparison }) {
  const [axis, setAxis] = useState<XAxis>('step');
  if (comparison.metrics.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="cmp-charts-title">
      <div className="panel-title-row">
        <h2 id="cmp-charts-title">Metric history</h2>
        <AxisToggle value={axis} onChange={setAxis} />
      </div>
      <div className="chart-grid">
        {comparison.metrics.map((m) => (
          <OverlayChart key={m.key} metricKey={m.key} runs={comparison.runs} axis={axis} />
        ))}
      </div>
    </section>
  );
}
