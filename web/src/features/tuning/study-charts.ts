import type { EChartsCoreOption } from 'echarts/core';
import type { StudyAnalysis } from '../../../../src/sdk/index.js';
import { seriesColor } from '../../ui/chart-colors.js';
import { formatNumber } from '../../ui/format.js';

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function axisStyle() {
  const muted = cssVar('--text-muted', '#5d6878');
  const grid = cssVar('--border', '#e3e6eb');
  return { axisLine: { lineStyle: { color: grid } }, axisLabel: { color: muted }, splitLine: { lineStyle: { color: grid } }, nameTextStyle: { color: muted } };
}

/** Optimization history: every complete trial's value, and the best value so far as a step line. */
export function historyOption(a: StudyAnalysis): EChartsCoreOption {
  const metric = a.metrics[0] ?? 'objective';
  const points = a.history.filter((h) => h.state === 'complete' && h.values).map((h) => [h.number, h.values?.[0] as number]);
  const best = a.history.filter((h) => h.best !== null).map((h) => [h.number, h.best as number]);
  return {
    animation: false,
    grid: { left: 64, right: 24, top: 32, bottom: 48 },
    legend: { top: 0, textStyle: { color: cssVar('--text-muted', '#5d6878') } },
    tooltip: { trigger: 'item', formatter: (p: { seriesName: string; value: [number, number] }) => `trial ${p.value[0]}<br/>${p.seriesName}: ${formatNumber(p.value[1])}` },
    xAxis: { type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 30, minInterval: 1, ...axisStyle() },
    yAxis: { type: 'value', name: metric, nameLocation: 'middle', nameGap: 48, scale: true, ...axisStyle() },
    series: [
      { name: metric, type: 'scatter', symbolSize: 7, data: points, itemStyle: { color: seriesColor(0) } },
      { name: `best ${metric}`, type: 'line', step: 'end', showSymbol: false, data: best, lineStyle: { color: seriesColor(1), width: 2 } },
    ],
  };
}

/** Parameter importance as horizontal bars, most important on top. */
export function importanceOption(a: StudyAnalysis): EChartsCoreOption {
  const items = [...a.importance].reverse();
  return {
    animation: false,
    grid: { left: 120, right: 32, top: 16, bottom: 32 },
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) => `${p.name}: ${(p.value * 100).toFixed(1)}%` },
    xAxis: { type: 'value', max: 1, ...axisStyle() },
    yAxis: { type: 'category', data: items.map((i) => i.param), ...axisStyle() },
    series: [{ type: 'bar', data: items.map((i) => i.importance), itemStyle: { color: seriesColor(2) } }],
  };
}

/** Parallel coordinates: one axis per parameter and one for the objective; lines coloured by objective. */
export function parallelOption(a: StudyAnalysis): EChartsCoreOption {
  const metric = a.metrics[0] ?? 'objective';
  const params = a.parallel.params;
  const categories = params.map((p) => {
    const values = a.parallel.rows.map((r) => r.params[p]).filter((v) => v !== undefined);
    return values.some((v) => typeof v !== 'number') ? [...new Set(values.map(String))] : null;
  });
  // Colour by rank, not value: one outlier trial would otherwise wash every other line out.
  const minimize = a.directions[0] !== 'maximize';
  const order = a.parallel.rows.map((r, i) => ({ v: r.value, i })).sort((x, y) => (minimize ? x.v - y.v : y.v - x.v));
  const score = new Array<number>(order.length);
  order.forEach((o, rank) => (score[o.i] = order.length > 1 ? 1 - rank / (order.length - 1) : 1));
  const good = seriesColor(1);
  const bad = cssVar('--border-strong', '#c2c8d0');
  return {
    animation: false,
    parallelAxis: [
      ...params.map((p, i) => (categories[i] ? { dim: i, name: p, type: 'category', data: categories[i] } : { dim: i, name: p, type: 'value', scale: true })),
      { dim: params.length, name: metric, type: 'value', scale: true },
    ],
    parallel: { left: 48, right: 72, top: 40, bottom: 24 },
    series: [
      {
        type: 'parallel',
        lineStyle: { width: 1.5, opacity: 0.6 },
        data: a.parallel.rows.map((r, i) => {
          const sc = score[i] as number;
          return {
            value: [...params.map((p, j) => (categories[j] ? String(r.params[p] ?? '') : (r.params[p] ?? null))), r.value],
            // The best fifth of the trials in the accent colour.
            lineStyle: { color: sc >= 0.8 ? good : bad, opacity: 0.3 + 0.6 * sc },
          };
        }),
      },
    ],
  };
}

/** Two objectives: every complete trial, the Pareto front highlighted. */
export function paretoOption(a: StudyAnalysis, all: { number: number; values: number[] }[]): EChartsCoreOption {
  const front = new Set(a.paretoFront.map((t) => t.number));
  const [m0, m1] = [a.metrics[0] ?? 'objective 0', a.metrics[1] ?? 'objective 1'];
  return {
    animation: false,
    grid: { left: 64, right: 24, top: 32, bottom: 48 },
    legend: { top: 0, textStyle: { color: cssVar('--text-muted', '#5d6878') } },
    tooltip: { trigger: 'item', formatter: (p: { data: { n: number; value: [number, number] } }) => `trial ${p.data.n}<br/>${m0}: ${formatNumber(p.data.value[0])}<br/>${m1}: ${formatNumber(p.data.value[1])}` },
    xAxis: { type: 'value', name: m0, nameLocation: 'middle', nameGap: 30, scale: true, ...axisStyle() },
    yAxis: { type: 'value', name: m1, nameLocation: 'middle', nameGap: 48, scale: true, ...axisStyle() },
    series: [
      { name: 'trials', type: 'scatter', symbolSize: 7, data: all.filter((t) => !front.has(t.number)).map((t) => ({ n: t.number, value: t.values.slice(0, 2) })), itemStyle: { color: cssVar('--border-strong', '#c2c8d0') } },
      { name: 'Pareto front', type: 'scatter', symbolSize: 11, data: all.filter((t) => front.has(t.number)).map((t) => ({ n: t.number, value: t.values.slice(0, 2) })), itemStyle: { color: seriesColor(1) } },
    ],
  };
}
