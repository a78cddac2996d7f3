import { useMemo, useRef } from 'react';
import { useKeel } from '../../app/keel-client.js';
import { seriesColor } from '../../ui/chart-colors.js';
import { describeProblem } from '../../app/server-status.js';
import { formatNumber } from '../../ui/format.js';
import { LineChart } from '../../ui/line-chart.js';
import { Skeleton } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { useVisible } from '../../ui/use-visible.js';
import type { Metric } from '../experiments/tracking-types.js';
import { bucketSeries, isRaw, type XAxis } from './metric-series.js';

/** Buckets per chart: about one per horizontal pixel of a half-width chart, whatever the series length. */
export const CHART_POINTS = 1000;

/** One metric of one run: the min–max band of each bucket and the line through its last values. */
export function MetricChart({ runId, latest, axis }: { runId: string; latest: Metric; axis: XAxis }) {
  const keel = useKeel();
  const ref = useRef<HTMLElement>(null);
  const visible = useVisible(ref);
  const buckets = useLoad(
    async () => (visible ? keel.runs.metricBuckets(runId, latest.key, CHART_POINTS) : undefined),
    `${runId}|${latest.key}|${visible}`,
  );

  const chart = useMemo(() => {
    const data = buckets.data;
    if (!data) return undefined;
    const s = bucketSeries(data, axis);
    const color = seriesColor(0);
    const points = data.reduce((sum, b) => sum + b.count, 0);
    return {
      points,
      props: {
        x: s.x,
        xAxis: axis,
        label: `Chart of ${latest.key}`,
        series: [{ label: latest.key, color, values: s.last }],
        bands: isRaw(data) ? [] : [{ label: latest.key, color, lower: s.min, upper: s.max }],
      },
    };
  }, [buckets.data, axis, latest.key]);

  return (
    <figure ref={ref} className="chart-card" aria-labelledby={`metric-${latest.key}`}>
      <figcaption className="chart-title">
        <span id={`metric-${latest.key}`} className="mono">
          {latest.key}
        </span>
        <span className="muted small">
          last {formatNumber(latest.value)} at step {latest.step}
          {chart && chart.points > chart.props.x.length && ` · ${chart.points.toLocaleString()} points in ${chart.props.x.length} buckets`}
        </span>
      </figcaption>
      {buckets.error !== undefined ? (
        <p className="field-error">{describeProblem(buckets.error).message}</p>
      ) : chart ? (
        chart.props.x.length === 0 ? <p className="muted small">No points.</p> : <LineChart {...chart.props} />
      ) : (
        <Skeleton lines={1} height={180} />
      )}
    </figure>
  );
}
