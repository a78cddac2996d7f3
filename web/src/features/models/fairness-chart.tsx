import { useMemo } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { SERIES_COLORS } from '../../ui/chart-colors.js';
import { EChart } from '../../ui/echart.js';
import { formatNumber } from '../../ui/format.js';

export interface FairnessGroup {
  group: string;
  size: number;
  value: number | null;
  included: boolean;
  reason?: string;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

const EXCLUDED = '#98a2b3';

/** One bar per group; groups left out of the disparity (too small, undefined metric) are grey. */
export function fairnessOption(metric: string, groups: readonly FairnessGroup[]): EChartsCoreOption {
  const muted = cssVar('--text-muted', '#5d6878');
  const grid = cssVar('--border', '#e3e6eb');
  const counted = groups.filter((g) => g.included && g.value !== null).map((g) => g.value!);
  const lines = counted.length >= 2 ? [Math.min(...counted), Math.max(...counted)] : [];
  return {
    animation: false,
    grid: { left: 52, right: 16, top: 22, bottom: 40 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const g = groups[p.dataIndex];
        return g ? `${g.group}<br/>${metric} = ${formatNumber(g.value)}<br/>${g.size} rows${g.reason ? `<br/>left out: ${g.reason}` : ''}` : '';
      },
    },
    xAxis: { type: 'category', data: groups.map((g) => `${g.group} (${g.size})`), axisLabel: { color: muted, interval: 0 }, axisLine: { lineStyle: { color: grid } } },
    yAxis: { type: 'value', min: 0, max: (v: { max: number }) => Math.max(1, v.max), axisLabel: { color: muted }, splitLine: { lineStyle: { color: grid } } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 48,
        data: groups.map((g) => ({ value: g.value, itemStyle: { color: g.included ? SERIES_COLORS[0] : EXCLUDED, borderRadius: [4, 4, 0, 0] } })),
        label: { show: true, position: 'top', color: muted, formatter: (p: { value: number | null }) => formatNumber(p.value) },
        markLine: lines.length
          ? { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: SERIES_COLORS[1], type: 'dashed' }, data: lines.map((y) => ({ yAxis: y })) }
          : undefined,
      },
    ],
  };
}

/** A protected column's per-group metric: the dashed lines mark the min and max whose gap is the disparity. */
export function FairnessChart({ column, metric, disparity, groups }: { column: string; metric: string; disparity: number | null; groups: readonly FairnessGroup[] }) {
  const option = useMemo(() => fairnessOption(metric, groups), [metric, groups]);
  return (
    <figure className="mini-chart" aria-label={`${metric} by ${column}`}>
      <figcaption className="chart-title">
        <span>
          {metric} by <span className="mono">{column}</span>
        </span>
        <span className="muted small">disparity {formatNumber(disparity)}</span>
      </figcaption>
      <EChart option={option} label={`${metric} per ${column} group`} height={200} />
    </figure>
  );
}
