import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sample, type SampleSpec } from '../../../test/fixtures/drift/samples.js';
import { benjaminiHochberg } from './benjamini-hochberg.js';
import { chiSquaredTest } from './chi-squared-test.js';
import { jensenShannonDistance, numericJensenShannon, shares } from './jensen-shannon.js';
import { kstwoSf } from './kolmogorov-distribution.js';
import { ksTest } from './ks-test.js';
import { numericPsi } from './psi.js';
import { sortFloat64 } from './sort-float64.js';
import { normalizedWasserstein, wassersteinDistance } from './wasserstein.js';
import { zTestProportions } from './z-test-proportions.js';

/** Expected values computed by scipy (scripts/gen-drift-fixtures.py); the suite never runs Python. */
interface Pair {
  name: string;
  reference: SampleSpec;
  current: SampleSpec;
}
interface Fixtures {
  ks_2samp: (Pair & { statistic: number; p_value: number })[];
  kstwo_sf: { n: number; x: number; sf: number }[];
  chi2_contingency: { name: string; reference: number[]; current: number[]; statistic: number; p_value: number; dof: number }[];
  wasserstein: (Pair & { distance: number; normalized: number })[];
  jensenshannon_numeric: (Pair & { distance: number })[];
  jensenshannon_counts: { name: string; reference: number[]; current: number[]; distance: number }[];
  psi: (Pair & { psi: number })[];
  ztest: { reference_hits: number; reference_n: number; current_hits: number; current_n: number; statistic: number; p_value: number }[];
  benjamini_hochberg: { p_values: number[]; adjusted: number[] };
}

const fixtures = JSON.parse(readFileSync(new URL('../../../test/fixtures/drift/scipy-expected.json', import.meta.url), 'utf8')) as Fixtures;
const sorted = (spec: SampleSpec): Float64Array => sortFloat64(sample(spec));

/** Relative error, with exact zeros compared absolutely. */
function relErr(actual: number, expected: number): number {
  if (expected === 0) return Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}

const worst: Record<string, number> = {};
function agree(kind: string, actual: number, expected: number, tolerance: number): void {
  const err = relErr(actual, expected);
  worst[kind] = Math.max(worst[kind] ?? 0, err);
  expect(err, `${kind}: ${actual} vs scipy ${expected}`).toBeLessThanOrEqual(tolerance);
}

describe('agreement with scipy', () => {
  it.each(fixtures.ks_2samp)('ks_2samp: $name', ({ reference, current, statistic, p_value }) => {
    const r = ksTest(sorted(reference), sorted(current));
    agree('ks statistic', r.statistic, statistic, 1e-12);
    agree('ks p-value', r.pValue, p_value, 1e-9);
  });

  it('covers tiny p-values (≥ 1e-300), exact and asymptotic', () => {
    expect(fixtures.ks_2samp.some((c) => c.p_value < 1e-150 && c.reference.n <= 10000)).toBe(true);
    expect(fixtures.ks_2samp.some((c) => c.p_value < 1e-150 && c.reference.n > 10000)).toBe(true);
    expect(fixtures.chi2_contingency.some((c) => c.p_value < 1e-200)).toBe(true);
  });

  it.each(fixtures.kstwo_sf)('kstwo.sf(x=$x, n=$n)', ({ n, x, sf }) => agree('kstwo sf', kstwoSf(n, x), sf, 1e-9));

  it.each(fixtures.chi2_contingency)('chi2_contingency: $name', ({ reference, current, statistic, p_value, dof }) => {
    const r = chiSquaredTest(reference, current);
    expect(r.dof).toBe(dof);
    agree('chi2 statistic', r.statistic, statistic, 1e-9);
    agree('chi2 p-value', r.pValue, p_value, 1e-9);
  });

  it.each(fixtures.wasserstein)('wasserstein_distance: $name', ({ reference, current, distance, normalized }) => {
    agree('wasserstein', wassersteinDistance(sorted(reference), sorted(current)), distance, 1e-9);
    agree('wasserstein normalized', normalizedWasserstein(sorted(reference), sorted(current)), normalized, 1e-9);
  });

  it.each(fixtures.jensenshannon_numeric)('jensenshannon (numeric, Evidently binning): $name', ({ reference, current, distance }) => {
    const a = sorted(reference);
    const distinct = new Set(a).size;
    agree('jensen-shannon', numericJensenShannon(a, sorted(current), distinct), distance, 1e-9);
  });

  it.each(fixtures.jensenshannon_counts)('jensenshannon (categories): $name', ({ reference, current, distance }) => {
    const n1 = reference.reduce((s, c) => s + c, 0);
    const n2 = current.reduce((s, c) => s + c, 0);
    agree('jensen-shannon', jensenShannonDistance(shares(reference, n1), shares(current, n2)), distance, 1e-9);
  });

  it.each(fixtures.psi)('psi (documented binning): $name', ({ reference, current, psi }) => {
    agree('psi', numericPsi(sorted(reference), sorted(current)), psi, 1e-12);
  });

  it.each(fixtures.ztest)('z-test $reference_hits/$reference_n vs $current_hits/$current_n', (c) => {
    const r = zTestProportions(c.reference_hits, c.reference_n, c.current_hits, c.current_n);
    agree('z statistic', r.statistic, c.statistic, 1e-12);
    agree('z p-value', r.pValue, c.p_value, 1e-9);
  });

  it('benjamini-hochberg', () => {
    benjaminiHochberg(fixtures.benjamini_hochberg.p_values).forEach((q, i) => agree('bh', q, fixtures.benjamini_hochberg.adjusted[i] as number, 1e-12));
  });

  it('reports the worst relative errors', () => {
    // Printed so the numbers can be quoted; the assertions above are the gate.
    process.stdout.write(`max relative error vs scipy: ${JSON.stringify(worst)}\n`);
  });
});
