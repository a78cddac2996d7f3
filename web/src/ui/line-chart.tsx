import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import { Skeleton } from './skeleton.js';

export interface ChartSeries {
  label: string;
  color: string;
  /** One value per x; null leaves a gap (NaN and ±Inf are passed as null). */
  values: (number | null)[];
}

/** A shaded range (e.g. the min–max of each downsampled bucket) drawn under the lines. */
export interface ChartBand {
  label: string;
  color: string;
  lower: (number | null)[];
  upper: (number | null)[];
}

export interface LineChartProps {
  /** Ascending: steps, or epoch milliseconds when `xAxis` is 'time'. */
  x: number[];
  series: ChartSeries[];
  bands?: ChartBand[];
  xAxis: 'step' | 'time';
  /** Accessible name: a canvas says nothing by itself. */
  label: string;
  height?: number;
}

// Loaded on first use so pages without charts never download uPlot.
let uplotModule: Promise<typeof uPlot> | undefined;
function loadUplot(): Promise<typeof uPlot> {
  uplotModule ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([m]) => m.default);
  return uplotModule;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function withAlpha(color: string, alpha: number): string {
  return `color-mix(in srgb, ${color} ${Math.round(alpha * 100)}%, transparent)`;
}

function buildOptions(props: LineChartProps, width: number): uPlot.Options {
  const muted = cssVar('--text-muted', '#5d6878');
  const grid = cssVar('--border', '#e3e6eb');
  const axis = (): uPlot.Axis => ({ stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui' });
  const series: uPlot.Series[] = [{ label: props.xAxis === 'step' ? 'step' : 'time' }];
  const bands: uPlot.Band[] = [];
  for (const band of props.bands ?? []) {
    const upper = series.length;
    // Edges are not stroked: a zigzag outline of 1000 buckets reads as noise; the fill alone shows the range.
    series.push({ label: `${band.label} max`, stroke: withAlpha(band.color, 0.4), width: 0, points: { show: false } });
    series.push({ label: `${band.label} min`, stroke: withAlpha(band.color, 0.4), width: 0, points: { show: false } });
    bands.push({ series: [upper, upper + 1], fill: withAlpha(band.color, 0.16) });
  }
  for (const s of props.series) series.push({ label: s.label, stroke: s.color, width: props.bands?.length ? 1.25 : 1.75, spanGaps: false });
  return {
    width,
    height: props.height ?? 220,
    ms: 1,
    series,
    bands,
    scales: { x: { time: props.xAxis === 'time' } },
    axes: [axis(), { ...axis(), size: 56 }],
    cursor: { drag: { x: true, y: false } },
    legend: { live: true },
  };
}

function buildData(props: LineChartProps): uPlot.AlignedData {
  const columns: (number | null)[][] = [];
  for (const band of props.bands ?? []) columns.push(band.upper, band.lower);
  for (const s of props.series) columns.push(s.values);
  return [props.x, ...columns] as uPlot.AlignedData;
}

/** A uPlot line chart that fills its container's width and follows resizes and theme colours. */
export function LineChart({ x, series, bands, xAxis, label, height = 220 }: LineChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let chart: uPlot | undefined;
    let observer: ResizeObserver | undefined;
    let disposed = false;
    const props: LineChartProps = { x, series, bands, xAxis, label, height };
    loadUplot().then(
      (UPlot) => {
        if (disposed) return;
        chart = new UPlot(buildOptions(props, el.clientWidth || 400), buildData(props), el);
        observer = new ResizeObserver(() => {
          if (chart && el.clientWidth > 0 && el.clientWidth !== chart.width) chart.setSize({ width: el.clientWidth, height });
        });
        observer.observe(el);
        setReady(true);
      },
      (error: unknown) => setFailed(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      disposed = true;
      observer?.disconnect();
      chart?.destroy();
    };
    // Rebuilt whenever the data or axis changes: uPlot's setData cannot change the series list.
  }, [x, series, bands, xAxis, label, height]);

  return (
    <div className="line-chart" role="img" aria-label={label}>
      {failed && <p className="muted small">Chart could not load: {failed}</p>}
      {!ready && !failed && <Skeleton lines={1} height={height - 40} />}
      <div ref={container} className="line-chart-canvas" />
    </div>
  );
}
