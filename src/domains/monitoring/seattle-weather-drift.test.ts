import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../test/fixtures/drift/samples.js';
import { rowsToTable } from './column-data.js';
import { computeDriftReport } from './drift-report.js';

/** Real data (vega-datasets seattle-weather, 2012–2015 daily): drift where the weather truly shifts, none between random halves. */
const csv = readFileSync(new URL('../../../node_modules/vega-datasets/data/seattle-weather.csv', import.meta.url), 'utf8').trim().split('\n');
const header = (csv[0] as string).split(',');
const rows = csv.slice(1).map((line) => {
  const cells = line.split(',');
  return Object.fromEntries(header.map((h, i) => [h, h === 'date' || h === 'weather' ? cells[i] : Number(cells[i])])) as Record<string, string | number>;
});
const month = (r: Record<string, string | number>): number => Number(String(r.date).slice(5, 7));
const COLUMNS = ['precipitation', 'temp_max', 'temp_min', 'wind', 'weather'];

describe('seattle-weather', () => {
  it('finds drift between winter and summer (temperatures shift)', () => {
    const winter = rows.filter((r) => [12, 1, 2].includes(month(r)));
    const summer = rows.filter((r) => [6, 7, 8].includes(month(r)));
    const { report } = computeDriftReport(rowsToTable(winter), rowsToTable(summer), COLUMNS);
    expect(report.columns.temp_max).toMatchObject({ type: 'numeric', test: 'ks', drifted: true });
    expect(report.columns.temp_min?.drifted).toBe(true);
    expect(report.columns.temp_max?.p_value).toBeLessThan(1e-100);
    expect(report.columns.temp_max?.psi).toBeGreaterThan(0.2);
    expect(report.columns.weather).toMatchObject({ type: 'categorical', test: 'chi2', drifted: true });
    expect(report.dataset_drift).toBe(true);
  });

  it('finds drift between years only where it is real: 2012 vs 2015 (2015 was a record warm year)', () => {
    const year = (y: string): Record<string, string | number>[] => rows.filter((r) => String(r.date).startsWith(y));
    const { report } = computeDriftReport(rowsToTable(year('2012')), rowsToTable(year('2015')), COLUMNS);
    expect(report.columns.temp_max?.drifted).toBe(true);
    expect(report.columns.temp_min?.drifted).toBe(true);
  });

  it('finds no drift between two random halves of the same period (seeded)', () => {
    const rand = mulberry32(7);
    const shuffled = rows.map((r) => ({ r, k: rand() })).sort((a, b) => a.k - b.k).map((x) => x.r);
    const half = Math.floor(shuffled.length / 2);
    const { report } = computeDriftReport(rowsToTable(shuffled.slice(0, half)), rowsToTable(shuffled.slice(half)), COLUMNS);
    for (const name of ['temp_max', 'temp_min', 'precipitation']) expect(report.columns[name]?.drifted, name).toBe(false);
    expect(report.dataset_drift).toBe(false);
    expect(report.columns.temp_max?.psi).toBeLessThan(0.1);
  });
});
