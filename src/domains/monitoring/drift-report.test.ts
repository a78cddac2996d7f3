import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../test/fixtures/drift/samples.js';
import { rowsToTable } from './column-data.js';
import { renderDriftReportHtml } from './drift-report-html.js';
import { computeDriftReport, DEFAULT_DRIFT_SETTINGS } from './drift-report.js';
import type { ColumnTable } from './monitoring.store.js';
import { driftSettings } from './monitoring.service.js';
import { sortFloat64 } from './sort-float64.js';

function table(n: number, seed: number, shift = 0): ColumnTable {
  const rand = mulberry32(seed);
  const rows = Array.from({ length: n }, () => ({
    x: rand() + shift,
    small: Math.floor(rand() * 3 + shift * 3),
    flag: rand() < 0.3 + shift ? 'yes' : 'no',
    color: ['red', 'green', 'blue'][Math.floor(rand() * 3)] as string,
  }));
  return rowsToTable(rows);
}

describe('automatic test choice (Evidently)', () => {
  it('reference ≤ 1000 rows: KS, chi-squared for ≤ 5 values, z for binary', () => {
    const { report } = computeDriftReport(table(500, 1), table(400, 2), ['x', 'small', 'flag', 'color']);
    expect(report.columns.x?.test).toBe('ks');
    expect(report.columns.small?.test).toBe('chi2');
    expect(report.columns.flag?.test).toBe('z');
    expect(report.columns.color?.test).toBe('chi2');
    expect(report.columns.x?.p_value).toBeGreaterThan(0.05);
  });

  it('reference > 1000 rows: Wasserstein for numeric, Jensen–Shannon otherwise', () => {
    const { report } = computeDriftReport(table(3000, 1), table(2000, 2, 0.5), ['x', 'small', 'color']);
    expect(report.columns.x).toMatchObject({ test: 'wasserstein', threshold: 0.1, drifted: true, p_value: null });
    expect(report.columns.small?.test).toBe('js');
    expect(report.columns.color).toMatchObject({ test: 'js', drifted: false });
    expect(report.columns.x?.psi).toBeGreaterThan(0.2);
  });

  it('is overridable per column, with its own threshold', () => {
    const settings = driftSettings('psi', { perColumn: { x: { test: 'ks', threshold: 0.01 } }, thresholds: { psi: 0.5 } });
    const { report } = computeDriftReport(table(3000, 1), table(2000, 2), ['x', 'color'], settings);
    expect(report.columns.x).toMatchObject({ test: 'ks', threshold: 0.01 });
    expect(report.columns.color).toMatchObject({ test: 'psi', threshold: 0.5 });
  });
});

describe('dataset drift', () => {
  it('needs the configured share of drifted columns', () => {
    const ref = table(500, 1);
    const cur = table(500, 2, 0.5);
    const half = computeDriftReport(ref, cur, ['x', 'color'], DEFAULT_DRIFT_SETTINGS).report;
    expect(half.drift_share).toBe(0.5);
    expect(half.dataset_drift).toBe(true);
    expect(computeDriftReport(ref, cur, ['x', 'color'], driftSettings('auto', { driftShare: 0.75 })).report.dataset_drift).toBe(false);
  });

  it('adjusts p-values by Benjamini–Hochberg when asked', () => {
    const { report } = computeDriftReport(table(500, 1), table(500, 2), ['x', 'color', 'flag'], driftSettings('auto', { fdr: true }));
    for (const c of Object.values(report.columns)) expect(c.p_value_adjusted).toBeGreaterThanOrEqual(c.p_value as number);
    expect(report.fdr).toBe(true);
  });
});

describe('bad input never throws', () => {
  const ref = rowsToTable([
    { nan: null, mixed: 1, x: 1, text: 'a', odd: '3' },
    { nan: null, mixed: 'b', x: 2, text: 'b', odd: '4' },
    { nan: null, mixed: 2, x: 3, text: 'a', odd: '5' },
  ]);
  const cur = rowsToTable([
    { nan: null, mixed: 3, x: 'two', text: 'b', odd: 'oops' },
    { nan: null, mixed: 4, x: 'three', text: 'b', odd: '6' },
  ]);
  const { report } = computeDriftReport(ref, cur, ['nan', 'mixed', 'x', 'text', 'odd'], driftSettings('auto', { perColumn: { text: { test: 'ks' } } }));

  it('reports each column as not computable, with the reason', () => {
    expect(report.columns.nan?.not_computable).toBe('all values missing in reference');
    expect(report.columns.mixed?.not_computable).toMatch(/^reference: mixed types/);
    expect(report.columns.x?.not_computable).toBe('mixed types: numeric in reference, categorical in current');
    expect(report.columns.text?.not_computable).toBe('ks needs a numeric column');
    expect(report.columns.odd?.not_computable).toMatch(/^mixed types: 4 numeric and 1 text values/);
    expect(report).toMatchObject({ number_of_columns: 0, drift_share: 0, dataset_drift: false });
  });

  it('drops ±∞ and NaN like missing values', () => {
    const r = computeDriftReport(rowsToTable([{ v: Infinity }, { v: 1 }, { v: Number.NaN }, { v: 2 }]), rowsToTable([{ v: 1 }, { v: 2 }]), ['v']).report;
    expect(r.columns.v).toMatchObject({ reference_count: 2, current_count: 2, drifted: false });
  });
});

describe('html report', () => {
  it('is self-contained: summary table and one inline SVG per computable column', () => {
    const result = computeDriftReport(table(300, 1), table(300, 2, 0.4), ['x', 'color', 'flag']);
    const html = renderDriftReportHtml(result);
    expect(html).toContain('<table>');
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org)/);
  });

  it('escapes column names', () => {
    const t = rowsToTable([{ '<b>x</b>': 1 }, { '<b>x</b>': 2 }]);
    expect(renderDriftReportHtml(computeDriftReport(t, t, ['<b>x</b>']))).not.toContain('<b>x</b>');
  });
});

describe('sortFloat64', () => {
  it('matches the native sort, negatives and duplicates included', () => {
    const rand = mulberry32(3);
    const v = Float64Array.from({ length: 50_000 }, () => (rand() - 0.5) * 1e6 * (rand() < 0.1 ? 0 : 1));
    expect(sortFloat64(v)).toEqual(Float64Array.from(v).sort());
  });
});
