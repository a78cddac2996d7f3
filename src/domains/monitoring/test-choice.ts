/**
 * Evidently's automatic test choice (`get_default_stattest`), per column:
 *   reference ≤ 1000 rows: numeric with > 5 distinct values (reference ∪ current) → KS;
 *     numeric with ≤ 5 values or categorical → chi-squared when > 2 values, z-test when ≤ 2;
 *   reference > 1000 rows: numeric with > 5 values → normalized Wasserstein, else Jensen–Shannon.
 * Default thresholds are Evidently's: p < 0.05 for KS/chi²/z; distance ≥ 0.1 for Wasserstein
 * and Jensen–Shannon; PSI ≥ 0.2 (the seed's band).
 */
import type { DriftTestName } from './monitoring.schema.js';

export const SMALL_REFERENCE_ROWS = 1000;
export const LOW_CARDINALITY = 5;

export const DEFAULT_THRESHOLDS: Readonly<Record<DriftTestName, number>> = Object.freeze({ ks: 0.05, chi2: 0.05, z: 0.05, psi: 0.2, wasserstein: 0.1, js: 0.1 });

/** Tests whose statistic is a p-value comparison (drift when p < threshold). */
export const P_VALUE_TESTS: ReadonlySet<DriftTestName> = new Set(['ks', 'chi2', 'z']);

export interface ColumnShape {
  type: 'numeric' | 'categorical';
  /** Non-missing reference values. */
  referenceCount: number;
  /** Distinct values across reference and current, counted up to LOW_CARDINALITY + 1. */
  distinct: number;
}

export function autoTest(shape: ColumnShape): DriftTestName {
  const lowCardinality = shape.type === 'categorical' || shape.distinct <= LOW_CARDINALITY;
  if (shape.referenceCount <= SMALL_REFERENCE_ROWS) {
    if (!lowCardinality) return 'ks';
    return shape.distinct > 2 ? 'chi2' : 'z';
  }
  return lowCardinality ? 'js' : 'wasserstein';
}

/** Which column types a test accepts; a numeric column may be tested as categories (its distinct values). */
export function testAccepts(test: DriftTestName, type: 'numeric' | 'categorical'): boolean {
  if (test === 'ks' || test === 'wasserstein') return type === 'numeric';
  return true;
}
