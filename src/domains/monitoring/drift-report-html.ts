/**
 * The drift report as one self-contained HTML page: a summary table and, per column, an inline
 * SVG overlay of reference vs current shares (histogram bins or categories). No scripts, fonts or
 * external assets, so it can be mailed, archived as an artifact or opened offline.
 */
import type { ColumnChart, DriftResult } from './drift-report.js';
import type { ColumnDrift } from './monitoring.schema.js';

const REF_COLOR = '#4c78a8';
const CUR_COLOR = '#f58518';

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function num(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(3);
  return Number(v.toPrecision(4)).toString();
}

function chartSvg(chart: ColumnChart): string {
  const width = 640;
  const height = 180;
  const pad = { left: 40, right: 10, top: 10, bottom: 40 };
  const n = chart.labels.length;
  const max = Math.max(1e-12, ...chart.reference, ...chart.current);
  const slot = (width - pad.left - pad.right) / Math.max(1, n);
  const plotH = height - pad.top - pad.bottom;
  const bars: string[] = [];
  chart.labels.forEach((label, i) => {
    const x = pad.left + i * slot;
    const r = ((chart.reference[i] ?? 0) / max) * plotH;
    const c = ((chart.current[i] ?? 0) / max) * plotH;
    const w = Math.max(1, slot / 2 - 1);
    const title = `${label}: reference ${num(chart.reference[i])}, current ${num(chart.current[i])}`;
    bars.push(`<g><title>${esc(title)}</title><rect x="${x.toFixed(1)}" y="${(pad.top + plotH - r).toFixed(1)}" width="${w.toFixed(1)}" height="${r.toFixed(1)}" fill="${REF_COLOR}"/><rect x="${(x + w).toFixed(1)}" y="${(pad.top + plotH - c).toFixed(1)}" width="${w.toFixed(1)}" height="${c.toFixed(1)}" fill="${CUR_COLOR}" fill-opacity="0.85"/></g>`);
  });
  const first = chart.labels[0] ?? '';
  const last = chart.labels[n - 1] ?? '';
  const axis = `<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${width - pad.right}" y2="${pad.top + plotH}" stroke="#888"/><text x="${pad.left - 4}" y="${pad.top + 8}" text-anchor="end" font-size="10">${num(max)}</text><text x="${pad.left - 4}" y="${pad.top + plotH}" text-anchor="end" font-size="10">0</text>`;
  const ends = chart.type === 'numeric' ? `<text x="${pad.left}" y="${height - 22}" font-size="10">${esc(first)}</text><text x="${width - pad.right}" y="${height - 22}" font-size="10" text-anchor="end">${esc(last)}</text>` : chart.labels.map((l, i) => `<text x="${(pad.left + i * slot + slot / 2).toFixed(1)}" y="${height - 26}" font-size="9" text-anchor="middle">${esc(l.length > 10 ? `${l.slice(0, 9)}…` : l)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(chart.name)}: reference vs current">${axis}${bars.join('')}${ends}</svg>`;
}

function row(name: string, c: ColumnDrift): string {
  const status = c.not_computable !== undefined ? `<span class="na">not computable: ${esc(c.not_computable)}</span>` : c.drifted ? '<span class="drift">drift</span>' : '<span class="ok">no drift</span>';
  return `<tr><td><a href="#col-${esc(encodeURIComponent(name))}">${esc(name)}</a></td><td>${c.type}</td><td>${c.test ?? '–'}</td><td>${num(c.statistic)}</td><td>${num(c.p_value)}</td><td>${num(c.threshold)}</td><td>${num(c.psi)}</td><td>${status}</td></tr>`;
}

export function renderDriftReportHtml(result: DriftResult, title = 'Keel drift report'): string {
  const r = result.report;
  const charts = new Map(result.charts.map((c) => [c.name, c]));
  const sections = Object.entries(r.columns)
    .map(([name, c]) => {
      const chart = charts.get(name);
      const body = chart ? chartSvg(chart) : `<p class="na">${esc(c.not_computable ?? 'no chart')}</p>`;
      return `<section id="col-${esc(encodeURIComponent(name))}"><h3>${esc(name)} <small>${c.type} · ${c.test ?? '–'} · ${c.drifted ? 'drift' : 'no drift'}</small></h3>${body}</section>`;
    })
    .join('\n');
  const verdict = r.dataset_drift ? '<strong class="drift">Dataset drift detected</strong>' : '<strong class="ok">No dataset drift</strong>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left}
.drift{color:#b00020}.ok{color:#1b7f3b}.na{color:#777}small{color:#666;font-weight:normal}.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}</style></head>
<body><h1>${esc(title)}</h1>
<p>${verdict}: ${r.number_of_drifted_columns} of ${r.number_of_columns} tested columns drifted (share ${num(r.drift_share)}, threshold ${num(r.drift_share_threshold)}). Reference ${r.reference_rows} rows, current ${r.current_rows} rows${r.fdr ? '; p-values adjusted by Benjamini–Hochberg' : ''}.</p>
<table><thead><tr><th>column</th><th>type</th><th>test</th><th>statistic</th><th>p-value</th><th>threshold</th><th>PSI</th><th>result</th></tr></thead><tbody>
${Object.entries(r.columns).map(([n, c]) => row(n, c)).join('\n')}
</tbody></table>
<p class="legend"><span style="background:${REF_COLOR}"></span>reference<span style="background:${CUR_COLOR}"></span>current (share of rows per bin)</p>
${sections}
</body></html>
`;
}
