import { useMemo, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { seriesColor } from '../../ui/chart-colors.js';
import { EChart } from '../../ui/echart.js';
import { formatNumber, toNumber } from '../../ui/format.js';
import type { RunComparison } from '../experiments/tracking-types.js';
import { runLabel } from './run-column-header.js';

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** One point per run: a chosen param (numeric axis when every value is a number, else categories) against a metric's latest value. */
export function buildScatterOption(comparison: RunComparison, paramKey: string, metricKey: string): EChartsCoreOption {
  const param = comparison.params.find((p) => p.key === paramKey);
  const metric = comparison.metrics.find((m) => m.key === metricKey);
  const values = param?.values ?? [];
  const numeric = values.every((v) => v === null || (v.trim() !== '' && Number.isFinite(Number(v))));
  const muted = cssVar('--text-muted', '#5d6878');
  const grid = cssVar('--border', '#e3e6eb');
  const points = comparison.runs.flatMap((run, i) => {
    const x = values[i];
    const y = metric?.latest[i];
    if (x === null || x === undefined || y === null || y === undefined || !Number.isFinite(toNumber(y))) return [];
    return [{ name: runLabel(run), value: [numeric ? Number(x) : x, toNumber(y)], itemStyle: { color: seriesColor(i) } }];
  });
  const axisStyle = { axisLine: { lineStyle: { color: grid } }, axisLabel: { color: muted }, splitLine: { lineStyle: { color: grid } }, nameTextStyle: { color: muted } };
  return {
    animation: false,
    grid: { left: 64, right: 24, top: 24, bottom: 48 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: [number | string, number] }) => `${p.name}<br/>${paramKey} = ${p.value[0]}<br/>${metricKey} = ${formatNumber(p.value[1])}`,
    },
    xAxis: { type: numeric ? 'value' : 'category', name: paramKey, nameLocation: 'middle', nameGap: 30, scale: true, ...(numeric ? { boundaryGap: ['8%', '8%'] } : {}), ...axisStyle },
    yAxis: { type: 'value', name: metricKey, nameLocation: 'middle', nameGap: 48, scale: true, boundaryGap: ['8%', '8%'], ...axisStyle },
    series: [{ type: 'scatter', symbolSize: 14, data: points }],
  };
}

export function ParamScatter({ comparison }: { comparison: RunComparison }) {
  const firstDiffering = comparison.params.find((p) => p.differs) ?? comparison.params[0];
  const [paramKey, setParamKey] = useState(firstDiffering?.key ?? '');
  const [metricKey, setMetricKey] = useState(comparison.metrics[0]?.key ?? '');
  const option = useMemo(() => buildScatterOption(comparison, paramKey, metricKey), [comparison, paramKey, metricKey]);
  if (comparison.params.length === 0 || comparison.metrics.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="scatter-title">
      <div className="panel-title-row">
        <h2 id="scatter-title">Parameter vs metric</h2>
        <div className="toolbar">
          <label className="select-label">
            Parameter
            <select className="select" value={paramKey} onChange={(e) => setParamKey(e.target.value)}>
              {comparison.params.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.key}
                </option>
              ))}
            </select>
          </label>
          <label className="select-label">
            Metric
            <select className="select" value={metricKey} onChange={(e) => setMetricKey(e.target.value)}>
              {comparison.metrics.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.key}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <EChart option={option} label={`Scatter of ${metricKey} against ${paramKey}, one point per run`} />
    </section>
  );
}
