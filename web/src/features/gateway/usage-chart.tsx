import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import type { UsageReport } from '../../../../src/sdk/index.js';
import { seriesColor } from '../../ui/chart-colors.js';
import { EChart } from '../../ui/echart.js';

export type UsageMeasure = 'cost' | 'tokens';

/** Past this many groups the rest are summed into "other", so the legend stays readable. */
const MAX_SERIES = 8;

function value(b: { costUsd: number; tokensIn: number; tokensOut: number }, measure: UsageMeasure): number {
  return measure === 'cost' ? b.costUsd : b.tokensIn + b.tokensOut;
}

function bucketLabel(start: number, interval: UsageReport['interval']): string {
  const d = new Date(start);
  return interval === 'hour' ? d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

const STEP_MS = { hour: 3_600_000, day: 86_400_000 } as const;

/** Every bucket start from `from` to `to` (UTC-aligned, as the server buckets): quiet hours show as gaps, not as nothing. */
export function bucketStarts(interval: UsageReport['interval'], from: number, to: number): number[] {
  const step = STEP_MS[interval];
  const out: number[] = [];
  for (let t = Math.floor(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

/** Builds one stacked bar series per group (dearest first), over every bucket of the range. */
export function usageOption(report: UsageReport, measure: UsageMeasure, range: { from: number; to: number }): EChartsCoreOption {
  const starts = [...new Set([...bucketStarts(report.interval, range.from, range.to), ...report.buckets.map((b) => b.start)])].sort((a, b) => a - b);
  const ranked = [...report.totals].sort((a, b) => value(b, measure) - value(a, measure)).map((t) => t.group);
  const shown = ranked.slice(0, MAX_SERIES);
  const other = ranked.length > MAX_SERIES;
  const names = other ? [...shown, 'other'] : shown;
  const index = new Map(starts.map((s, i) => [s, i]));
  const data = names.map(() => new Array<number>(starts.length).fill(0));
  for (const b of report.buckets) {
    const at = index.get(b.start) ?? 0;
    const g = shown.indexOf(b.group);
    const row = data[g >= 0 ? g : names.length - 1];
    if (row) row[at] = (row[at] ?? 0) + value(b, measure);
  }
  const format = (v: number): string => (measure === 'cost' ? `$${v < 0.01 && v > 0 ? v.toPrecision(2) : v.toFixed(2)}` : Math.round(v).toLocaleString());
  return {
    animation: false,
    color: names.map((_, i) => seriesColor(i)),
    legend: { type: 'scroll', top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => format(Number(v)) },
    grid: { left: 64, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: starts.map((s) => bucketLabel(s, report.interval)) },
    yAxis: { type: 'value', name: measure === 'cost' ? 'USD' : 'tokens', axisLabel: { formatter: (v: number) => format(v) } },
    series: names.map((name, i) => ({ type: 'bar', stack: 'usage', name: name === '' ? '(none)' : name, data: data[i], barMaxWidth: 48 })),
  };
}

export function UsageChart({ report, measure, from, to }: { report: UsageReport; measure: UsageMeasure; from: number; to: number }) {
  const option = useMemo(() => usageOption(report, measure, { from, to }), [report, measure, from, to]);
  const label = `${measure === 'cost' ? 'Spend' : 'Tokens'} per ${report.interval} by ${report.groupBy}`;
  return <EChart option={option} label={label} height={300} />;
}
