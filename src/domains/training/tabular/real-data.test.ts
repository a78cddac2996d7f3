/**
 * The built-in trainers on real data sets (vega-datasets) reach sensible scores on the
 * held-out 20 %:
 *   penguins, Species from measurements + island + sex (3 classes): logreg, MLP and forest
 *   ≥ 0.95 accuracy, GBDT ≥ 0.94 (measured: 0.971 / 1.000 / 0.971 / 0.957).
 *   seattle-weather, weather from precipitation/temperatures/wind (5 classes, "sun" is
 *   49 %): ≥ 0.75 accuracy with ROC-AUC ≥ 0.83 (measured: logreg 0.771, MLP 0.836,
 *   forest 0.798, GBDT 0.791) — well above the majority class.
 *   penguins body mass (regression): GBDT R² ≥ 0.8 (measured 0.831).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rowsToTable } from '../../monitoring/index.js';
import { trainTabular } from './train-tabular.js';

const data = (file: string): string => readFileSync(new URL(`../../../../node_modules/vega-datasets/data/${file}`, import.meta.url), 'utf8');
const penguins = rowsToTable(JSON.parse(data('penguins.json')) as Record<string, unknown>[]);
const lines = data('seattle-weather.csv').trim().split('\n');
const header = lines[0]!.split(',');
const weather = rowsToTable(
  lines.slice(1).map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(header.map((h, i) => [h, h === 'date' || h === 'weather' ? cells[i] : Number(cells[i])]));
  }),
);
const WEATHER_FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];

describe('built-in trainers on real data', () => {
  it.each([
    ['logreg', 0.95],
    ['mlp', 0.95],
    ['forest', 0.95],
    ['gbdt', 0.94],
  ] as const)('%s classifies penguin species (accuracy ≥ %s)', (model, floor) => {
    const result = trainTabular({ table: penguins, target: 'Species', model });
    expect(result.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(result.rows).toEqual({ train: 275, validation: 69 });
    expect(result.metrics.accuracy).toBeGreaterThanOrEqual(floor);
    expect(result.metrics.f1).toBeGreaterThanOrEqual(floor - 0.02);
    expect(result.metrics.roc_auc).toBeGreaterThan(0.99);
    expect(result.history.length).toBeGreaterThan(10);
  });

  it.each(['logreg', 'mlp', 'forest', 'gbdt'] as const)('%s predicts Seattle weather well above the majority class', (model) => {
    const result = trainTabular({ table: weather, target: 'weather', model, features: WEATHER_FEATURES });
    const sun = weather.columns.find((c) => c.name === 'weather')!;
    expect(sun.kind).toBe('categorical');
    expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0.75);
    expect(result.metrics.roc_auc).toBeGreaterThanOrEqual(0.83);
  }, 20_000);

  it('regresses penguin body mass (GBDT R² ≥ 0.8)', () => {
    const result = trainTabular({ table: penguins, target: 'Body Mass (g)', model: 'gbdt' });
    expect(result.task).toBe('regression');
    expect(result.metrics.r2).toBeGreaterThanOrEqual(0.8);
    expect(result.metrics.rmse).toBeLessThan(400);
  });

  it('logs a loss per epoch that goes down, and stops early when asked', () => {
    const steps: number[] = [];
    const result = trainTabular({ table: penguins, target: 'Species', model: 'logreg', params: { epochs: 100 }, onStep: (step) => (steps.push(step), step >= 20) });
    expect(steps).toHaveLength(20);
    expect(result.history[19]!.metrics.val_loss).toBeLessThan(result.history[0]!.metrics.val_loss!);
  });

  it('refuses unknown or out-of-range params, naming them', () => {
    expect(() => trainTabular({ table: penguins, target: 'Species', model: 'forest', params: { tres: 10 } })).toThrow(/params.*tres|tres/);
    expect(() => trainTabular({ table: penguins, target: 'Species', model: 'gbdt', params: { rounds: 'many' } })).toThrow(/params\.rounds/);
    expect(() => trainTabular({ table: penguins, target: 'Nope', model: 'gbdt' })).toThrow(/column 'Nope' is not in the data/);
    expect(() => trainTabular({ table: penguins, target: 'Species', model: 'gbdt', split: 1.5 })).toThrow(/split/);
  });
});
