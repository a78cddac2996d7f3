/**
 * The drift report: per column, the chosen test, its statistic, p-value, threshold, drifted
 * flag and PSI; dataset drift when the share of drifted columns reaches `driftShare`. A column
 * that cannot be tested (all missing, mixed types, a test that does not fit its type) gets
 * `not_computable` with the reason and is left out of the share — it never throws.
 */
import { alignCounts, codeCounts, mixedTypeReason, sortedValues, type AlignedCounts } from './column-data.js';
import { benjaminiHochberg } from './benjamini-hochberg.js';
import { chiSquaredTest } from './chi-squared-test.js';
import { distinctValueCounts, histogramCounts, jensenShannonDistance, numericJensenShannon, shares } from './jensen-shannon.js';
import { ksTest } from './ks-test.js';
import type { ColumnDrift, DriftReport, DriftTestChoice, DriftTestName } from './monitoring.schema.js';
import type { CategoricalColumn, ColumnTable, NumericColumn, TableColumn } from './monitoring.store.js';
import { numericPsi, PSI_DEFAULT_BINS, psiFromCounts } from './psi.js';
import { autoTest, DEFAULT_THRESHOLDS, LOW_CARDINALITY, P_VALUE_TESTS, testAccepts } from './test-choice.js';
import { normalizedWasserstein } from './wasserstein.js';
import { zTestProportions } from './z-test-proportions.js';

export interface DriftSettings {
  test: DriftTestChoice;
  thresholds: Readonly<Record<DriftTestName, number>>;
  perColumn: Readonly<Record<string, { test?: DriftTestChoice | undefined; threshold?: number | undefined }>>;
  driftShare: number;
  fdr: boolean;
  psiBins: number;
}

export const DEFAULT_DRIFT_SETTINGS: DriftSettings = Object.freeze({ test: 'auto', thresholds: DEFAULT_THRESHOLDS, perColumn: {}, driftShare: 0.5, fdr: false, psiBins: PSI_DEFAULT_BINS });

/** Reference vs current shares per bin, for the HTML overlay. */
export interface ColumnChart {
  name: string;
  type: 'numeric' | 'categorical';
  labels: string[];
  reference: number[];
  current: number[];
}

export interface DriftResult {
  report: DriftReport;
  charts: ColumnChart[];
}

const CHART_BINS = 20;
const CHART_CATEGORIES = 20;

interface Outcome {
  drift: ColumnDrift;
  chart?: ColumnChart;
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString());

function notComputable(type: 'numeric' | 'categorical', reason: string, referenceCount = 0, currentCount = 0): Outcome {
  return { drift: { type, test: null, statistic: null, p_value: null, threshold: null, drifted: false, psi: null, reference_count: referenceCount, current_count: currentCount, not_computable: reason } };
}

function decide(test: DriftTestName, statistic: number, pValue: number | null, threshold: number): boolean {
  return P_VALUE_TESTS.has(test) ? (pValue as number) < threshold : statistic >= threshold;
}

function chooseTest(name: string, settings: DriftSettings, auto: () => DriftTestName): { test: DriftTestName; threshold: number } {
  const override = settings.perColumn[name];
  const choice = override?.test ?? settings.test;
  const test = choice === 'auto' ? auto() : choice;
  return { test, threshold: override?.threshold ?? settings.thresholds[test] };
}

function testCategories(test: DriftTestName, counts: AlignedCounts, nRef: number, nCur: number): { statistic: number; pValue: number | null } | string {
  switch (test) {
    case 'chi2': {
      const r = chiSquaredTest(counts.reference, counts.current);
      return { statistic: r.statistic, pValue: r.pValue };
    }
    case 'z': {
      if (counts.categories.length > 2) return `z-test needs a binary column; this one has ${counts.categories.length} values`;
      const r = zTestProportions(counts.reference[0] as number, nRef, counts.current[0] as number, nCur);
      return { statistic: r.statistic, pValue: r.pValue };
    }
    case 'js':
      return { statistic: jensenShannonDistance(shares(counts.reference, nRef), shares(counts.current, nCur)), pValue: null };
    case 'psi':
      return { statistic: psiFromCounts(counts.reference, nRef, counts.current, nCur), pValue: null };
    default:
      return `${test} needs a numeric column`;
  }
}

function numericDrift(name: string, ref: NumericColumn, cur: NumericColumn, settings: DriftSettings): Outcome {
  const a = sortedValues(ref);
  const b = sortedValues(cur);
  if (a.length === 0 || b.length === 0) return notComputable('numeric', `all values missing in ${a.length === 0 ? 'reference' : 'current'}`, a.length, b.length);
  const { test, threshold } = chooseTest(name, settings, () => autoTest({ type: 'numeric', referenceCount: a.length, distinct: countDistinct(a, b, LOW_CARDINALITY + 1) }));
  let statistic: number;
  let pValue: number | null = null;
  if (test === 'ks') {
    const r = ksTest(a, b);
    statistic = r.statistic;
    pValue = r.pValue;
  } else if (test === 'wasserstein') statistic = normalizedWasserstein(a, b);
  else if (test === 'js') statistic = numericJensenShannon(a, b, countDistinct(a, new Float64Array(0), 21));
  else if (test === 'psi') statistic = numericPsi(a, b, settings.psiBins);
  else {
    const d = distinctValueCounts(a, b);
    const r = testCategories(test, { categories: d.values.map(String), reference: d.reference, current: d.current }, a.length, b.length);
    if (typeof r === 'string') return notComputable('numeric', r, a.length, b.length);
    statistic = r.statistic;
    pValue = r.pValue;
  }
  const psi = numericPsi(a, b, settings.psiBins);
  return {
    drift: { type: 'numeric', test, statistic, p_value: pValue, threshold, drifted: decide(test, statistic, pValue, threshold), psi, reference_count: a.length, current_count: b.length },
    chart: numericChart(name, a, b),
  };
}

/** Distinct values of the pooled sorted samples, counting stops at `limit`. */
function countDistinct(a: Float64Array, b: Float64Array, limit: number): number {
  let i = 0;
  let j = 0;
  let distinct = 0;
  while ((i < a.length || j < b.length) && distinct < limit) {
    const va = i < a.length ? (a[i] as number) : Infinity;
    const vb = j < b.length ? (b[j] as number) : Infinity;
    const v = va <= vb ? va : vb;
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    distinct++;
  }
  return distinct;
}

function numericChart(name: string, a: Float64Array, b: Float64Array): ColumnChart {
  const lo = Math.min(a[0] as number, b[0] as number);
  const hi = Math.max(a[a.length - 1] as number, b[b.length - 1] as number);
  const bins = lo === hi ? 1 : CHART_BINS;
  const step = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * step));
  if (lo === hi) edges[1] = hi + 1;
  return {
    name,
    type: 'numeric',
    labels: edges.slice(0, -1).map((e, i) => `${fmt(e)} – ${fmt(edges[i + 1] as number)}`),
    reference: shares(histogramCounts(a, edges), a.length),
    current: shares(histogramCounts(b, edges), b.length),
  };
}

function categoricalDrift(name: string, ref: CategoricalColumn, cur: CategoricalColumn, settings: DriftSettings): Outcome {
  const refCounts = codeCounts(ref);
  const curCounts = codeCounts(cur);
  const counts = alignCounts(ref.dictionary, refCounts, cur.dictionary, curCounts);
  const mixed = mixedTypeReason(counts.categories, Float64Array.from(counts.reference, (r, i) => r + (counts.current[i] as number)));
  const nRef = counts.reference.reduce((s, c) => s + c, 0);
  const nCur = counts.current.reduce((s, c) => s + c, 0);
  if (nRef === 0 || nCur === 0) return notComputable('categorical', `all values missing in ${nRef === 0 ? 'reference' : 'current'}`, nRef, nCur);
  if (mixed) return notComputable('categorical', mixed, nRef, nCur);
  const { test, threshold } = chooseTest(name, settings, () => autoTest({ type: 'categorical', referenceCount: nRef, distinct: counts.categories.length }));
  const r = testCategories(test, counts, nRef, nCur);
  if (typeof r === 'string') return notComputable('categorical', r, nRef, nCur);
  const psi = psiFromCounts(counts.reference, nRef, counts.current, nCur);
  const top = counts.categories.map((c, i) => ({ c, i, n: (counts.reference[i] as number) + (counts.current[i] as number) })).sort((x, y) => y.n - x.n).slice(0, CHART_CATEGORIES);
  return {
    drift: { type: 'categorical', test, statistic: r.statistic, p_value: r.pValue, threshold, drifted: decide(test, r.statistic, r.pValue, threshold), psi, reference_count: nRef, current_count: nCur },
    chart: { name, type: 'categorical', labels: top.map((t) => t.c), reference: top.map((t) => (counts.reference[t.i] as number) / nRef), current: top.map((t) => (counts.current[t.i] as number) / nCur) },
  };
}

function columnDrift(name: string, ref: TableColumn, cur: TableColumn, settings: DriftSettings): Outcome {
  if (ref.kind === 'unsupported') return notComputable('categorical', `reference: ${ref.reason}`);
  if (cur.kind === 'unsupported') return notComputable(ref.kind, `current: ${cur.reason}`);
  if (ref.kind === 'numeric' && cur.kind === 'numeric') return numericDrift(name, ref, cur, settings);
  if (ref.kind === 'categorical' && cur.kind === 'categorical') return categoricalDrift(name, ref, cur, settings);
  // A column that is wholly missing on one side is read as text by type inference: say so plainly.
  const text = (ref.kind === 'categorical' ? ref : cur) as CategoricalColumn;
  if (!text.codes.some((c) => c >= 0)) return notComputable(ref.kind, `all values missing in ${text === ref ? 'reference' : 'current'}`);
  const override = settings.perColumn[name]?.test ?? settings.test;
  const reason = `mixed types: ${ref.kind} in reference, ${cur.kind} in current`;
  return notComputable(ref.kind, override !== 'auto' && !testAccepts(override, 'categorical') ? `${reason} (and ${override} needs numbers)` : reason);
}

/** Every name in `columns` must exist in both tables (the service checks). */
export function computeDriftReport(reference: ColumnTable, current: ColumnTable, columns: readonly string[], settings: DriftSettings = DEFAULT_DRIFT_SETTINGS): DriftResult {
  const byName = (t: ColumnTable): Map<string, TableColumn> => new Map(t.columns.map((c) => [c.name, c]));
  const refs = byName(reference);
  const curs = byName(current);
  const results = new Map<string, ColumnDrift>();
  const charts: ColumnChart[] = [];
  for (const name of columns) {
    const ref = refs.get(name);
    const cur = curs.get(name);
    if (!ref || !cur) throw new RangeError(`column ${name} is missing`);
    const outcome = columnDrift(name, ref, cur, settings);
    results.set(name, outcome.drift);
    if (outcome.chart) charts.push(outcome.chart);
  }
  if (settings.fdr) applyFdr([...results.values()]);
  const computable = [...results.values()].filter((c) => c.not_computable === undefined);
  const drifted = computable.filter((c) => c.drifted).length;
  const share = computable.length === 0 ? 0 : drifted / computable.length;
  return {
    report: {
      dataset_drift: computable.length > 0 && share >= settings.driftShare,
      drift_share: share,
      drift_share_threshold: settings.driftShare,
      number_of_columns: computable.length,
      number_of_drifted_columns: drifted,
      reference_rows: reference.rowCount,
      current_rows: current.rowCount,
      fdr: settings.fdr,
      columns: Object.fromEntries(results),
    },
    charts,
  };
}

/** Replaces each p-value decision by its Benjamini–Hochberg adjusted one; distances are untouched. */
function applyFdr(columns: ColumnDrift[]): void {
  const tested = columns.filter((c) => c.p_value !== null && c.test !== null && P_VALUE_TESTS.has(c.test));
  const adjusted = benjaminiHochberg(tested.map((c) => c.p_value as number));
  tested.forEach((c, i) => {
    const q = adjusted[i] as number;
    c.p_value_adjusted = q;
    c.drifted = q < (c.threshold as number);
  });
}
