import type { EChartsCoreOption } from 'echarts/core';
import type { ColumnPoint, MonitorRunResult, PerformanceWindow } from '../../../../src/sdk/index.js';
import { seriesColor } from '../../ui/chart-colors.js';
import type { ChartSeries } from '../../ui/line-chart.js';

export type DriftField = 'statistic' | 'psi' | 'p_value';
type Histogram = MonitorRunResult['histograms'][number];

/** One line per column over the windows, aligned on the window ends (a column missing from a run is a gap). */
export function driftSeries(points: readonly ColumnPoint[], field: DriftField): { x: number[]; series: ChartSeries[] } {
  const x = [...new Set(points.map((p) => p.at))].sort((a, b) => a - b);
  const index = new Map(x.map((at, i) => [at, i]));
  const columns = [...new Set(points.map((p) => p.column))];
  const values = new Map(columns.map((c) => [c, new Array<number | null>(x.length).fill(null)]));
  for (const p of points) {
    const v = p[field];
    (values.get(p.column) as (number | null)[])[index.get(p.at) as number] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  return { x, series: columns.map((c, i) => ({ label: c, color: seriesColor(i), values: values.get(c) as (number | null)[] })) };
}

/**
 * Performance per window: measured values (labels arrived) and the CBPE estimate as separate
 * lines, so a reader never mistakes an estimate for a measurement.
 */
export function performanceSeries(windows: readonly PerformanceWindow[]): { x: number[]; series: ChartSeries[]; task: 'classification' | 'regression' | null } {
  const byEnd = new Map<number, PerformanceWindow>();
  for (const w of windows) byEnd.set(w.windowEnd, w);
  const list = [...byEnd.values()].sort((a, b) => a.windowEnd - b.windowEnd);
  const x = list.map((w) => w.windowEnd);
  const task = list.at(-1)?.performance.task ?? null;
  const pick = (f: (w: PerformanceWindow) => number | null | undefined): (number | null)[] => list.map((w) => f(w) ?? null);
  if (task === 'regression') {
    return { x, task, series: [{ label: 'MAE (measured)', color: seriesColor(0), values: pick((w) => w.performance.measured?.mae) }, { label: 'RMSE (measured)', color: seriesColor(1), values: pick((w) => w.performance.measured?.rmse) }] };
  }
  const series: ChartSeries[] = [
    { label: 'accuracy (measured)', color: seriesColor(0), values: pick((w) => w.performance.measured?.accuracy) },
    { label: 'accuracy (estimated, CBPE)', color: seriesColor(1), values: pick((w) => w.performance.estimated?.accuracy) },
    { label: 'labelled share', color: seriesColor(7), values: pick((w) => w.performance.labelled_fraction) },
  ];
  const baseline = list.map((w) => w.performance.baseline?.value ?? null);
  if (baseline.some((b) => b !== null)) series.push({ label: 'baseline (registry)', color: seriesColor(4), values: baseline });
  return { x, task, series };
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Reference and current shares per bin (numeric) or category, side by side. */
export function histogramOption(h: Histogram): EChartsCoreOption {
  const muted = cssVar('--text-muted', '#5d6878');
  const grid = cssVar('--border', '#e3e6eb');
  const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 32, bottom: 48 },
    legend: { top: 0, textStyle: { color: muted } },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => pct(v) },
    xAxis: { type: 'category', data: h.labels, axisLabel: { color: muted, hideOverlap: true }, axisLine: { lineStyle: { color: grid } } },
    yAxis: { type: 'value', axisLabel: { color: muted, formatter: (v: number) => pct(v) }, splitLine: { lineStyle: { color: grid } } },
    series: [
      { name: 'reference', type: 'bar', data: h.reference, itemStyle: { color: seriesColor(7) } },
      { name: 'current', type: 'bar', data: h.current, itemStyle: { color: seriesColor(1) } },
    ],
  };
}

type Reliability = NonNullable<NonNullable<PerformanceWindow['performance']['measured']>['reliability']>;

/** The reliability diagram: per confidence bin, the mean confidence beside the share that was right (equal when calibrated). */
export function reliabilityOption(bins: Reliability): EChartsCoreOption {
  const muted = cssVar('--text-muted', '#5d6878');
  const grid = cssVar('--border', '#e3e6eb');
  const used = bins.filter((b) => b.count > 0);
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 32, bottom: 48 },
    legend: { top: 0, textStyle: { color: muted } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: used.map((b) => `${b.lower.toFixed(1)}–${b.upper.toFixed(1)} (${b.count})`), axisLabel: { color: muted, hideOverlap: true }, axisLine: { lineStyle: { color: grid } } },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { color: muted }, splitLine: { lineStyle: { color: grid } } },
    series: [
      { name: 'mean confidence', type: 'bar', data: used.map((b) => b.confidence), itemStyle: { color: seriesColor(7) } },
      { name: 'accuracy', type: 'bar', data: used.map((b) => b.accuracy), itemStyle: { color: seriesColor(0) } },
    ],
  };
}
