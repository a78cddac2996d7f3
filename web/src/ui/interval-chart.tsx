import { useMemo } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { seriesColor } from './chart-colors.js';
import { EChart } from './echart.js';

export interface IntervalPoint {
  label: string;
  /** null when there is nothing to estimate yet. */
  value: number | null;
  low: number | null;
  high: number | null;
}

interface RenderApi {
  value(dim: number): number;
  coord(point: [number, number]): number[];
  style(extra?: Record<string, unknown>): Record<string, unknown>;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

/** Point estimates with whiskers from low to high (e.g. rates with 95% intervals), on a 0–1 axis. */
export function intervalOption(points: readonly IntervalPoint[], yName: string): EChartsCoreOption {
  const muted = cssVar('--text-muted', '#5d6878');
  const grid = cssVar('--border', '#e3e6eb');
  const drawn = points.map((p, i) => (p.value === null || p.low === null || p.high === null ? null : { i, ...p }));
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 24, bottom: 36 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const pt = points[p.dataIndex];
        if (!pt) return '';
        return pt.value === null ? `${pt.label}: no data yet` : `${pt.label}<br/>${yName} ${pct(pt.value)}<br/>95% interval ${pct(pt.low ?? 0)} – ${pct(pt.high ?? 0)}`;
      },
    },
    xAxis: { type: 'category', data: points.map((p) => p.label), axisLabel: { color: muted }, axisLine: { lineStyle: { color: grid } } },
    yAxis: { type: 'value', min: 0, max: 1, name: yName, nameTextStyle: { color: muted }, axisLabel: { color: muted, formatter: pct }, splitLine: { lineStyle: { color: grid } } },
    series: [
      {
        type: 'custom',
        name: '95% interval',
        data: drawn.map((d) => (d ? [d.i, d.low, d.high] : [null, null, null])),
        renderItem: (params: { dataIndex: number }, api: RenderApi) => {
          if (!drawn[params.dataIndex]) return null;
          const x = api.value(0);
          const top = api.coord([x, api.value(2)]);
          const bottom = api.coord([x, api.value(1)]);
          const [cx = 0, ty = 0] = top;
          const by = bottom[1] ?? 0;
          const color = seriesColor(params.dataIndex);
          const line = (x1: number, y1: number, x2: number, y2: number) => ({ type: 'line', shape: { x1, y1, x2, y2 }, style: { stroke: color, lineWidth: 2 } });
          return { type: 'group', children: [line(cx, ty, cx, by), line(cx - 10, ty, cx + 10, ty), line(cx - 10, by, cx + 10, by)] };
        },
        z: 1,
      },
      {
        type: 'scatter',
        name: yName,
        symbolSize: 12,
        z: 2,
        data: points.map((p, i) => ({ value: p.value, itemStyle: { color: seriesColor(i) } })),
        label: { show: true, position: 'right', color: muted, formatter: (p: { value: number | null }) => (p.value === null ? '' : pct(p.value)) },
      },
    ],
  };
}

/** Rates with confidence intervals drawn as error bars, one column per arm. */
export function IntervalChart({ points, yName, label, height = 240 }: { points: readonly IntervalPoint[]; yName: string; label: string; height?: number }) {
  const option = useMemo(() => intervalOption(points, yName), [points, yName]);
  return <EChart option={option} label={label} height={height} />;
}
