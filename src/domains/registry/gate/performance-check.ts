/**
 * Performance: the candidate's metric on the evaluation rows against the current
 * production version's, on the same rows, with a minimum improvement (relative or
 * absolute). A floor (`minValue`) can also be required, and is all that applies
 * before any version is in production.
 */
import { cannotRun, finite, type Outcome } from './check-result.js';
import type { GateCheckResult } from './gate.api.js';
import { metricGreaterIsBetter, type PerformancePolicy } from './gate-policy.schema.js';
import { computeMetric, predictionCount, type Predictions } from './predictions.js';

export interface PerformanceInputs {
  candidate: Outcome<Predictions>;
  production: { version: number; outcome: Outcome<Predictions> } | null;
  /** Dataset facts shared by every check's evidence (rows evaluated, dropped, source). */
  data: Record<string, unknown>;
}

/** Float sums can land a hair under an exact threshold (0.03 − 0.02 < 0.01); this slack is far below any meaningful improvement. */
const SLACK = 1e-12;

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Improvement in the metric's good direction; relative to |production|, ±Infinity when production is exactly 0. */
export function improvement(candidate: number, production: number, greaterIsBetter: boolean, kind: PerformancePolicy['improvementKind']): number {
  const delta = greaterIsBetter ? candidate - production : production - candidate;
  if (kind === 'absolute') return delta;
  if (production === 0) return delta > 0 ? Infinity : delta < 0 ? -Infinity : 0;
  return delta / Math.abs(production);
}

export function performanceCheck(policy: PerformancePolicy, inputs: PerformanceInputs): GateCheckResult {
  const { metric, minImprovement, improvementKind, minValue } = policy;
  const greaterIsBetter = policy.greaterIsBetter ?? metricGreaterIsBetter(metric);
  const threshold: Record<string, unknown> = { metric, minImprovement, improvementKind, greaterIsBetter, ...(minValue !== undefined ? { minValue } : {}) };
  if (!inputs.candidate.ok) return cannotRun('performance', `the candidate could not be evaluated: ${inputs.candidate.reason}`, threshold);

  const value = computeMetric(metric, inputs.candidate.value);
  const evidence: Record<string, unknown> = { ...inputs.data, candidate: { [metric]: finite(value), rows: predictionCount(inputs.candidate.value) } };
  const measured: Record<string, unknown> = { metric, [metric]: finite(value) };
  const fail = (message: string): GateCheckResult => ({ name: 'performance', verdict: 'fail', measured, threshold, evidence, message });
  if (value === null) return fail(`${metric} is undefined for the candidate on these rows (e.g. only one class present)`);

  const better = (a: number, b: number): boolean => (greaterIsBetter ? a >= b - SLACK : a <= b + SLACK);
  if (minValue !== undefined && !better(value, minValue)) {
    return fail(`${metric} ${finite(value)} does not reach the required ${greaterIsBetter ? 'minimum' : 'maximum'} ${minValue}`);
  }
  if (!inputs.production) {
    const message = `no version is in production: ${metric} ${finite(value)} ${minValue !== undefined ? `meets ${minValue}` : 'is recorded, nothing to compare with'}`;
    return { name: 'performance', verdict: 'pass', measured, threshold, evidence: { ...evidence, production: null }, message };
  }

  const { version, outcome } = inputs.production;
  evidence.productionVersion = version;
  if (!outcome.ok) return fail(`production version ${version} could not be evaluated on the same rows, so no comparison is possible: ${outcome.reason}`);
  const prod = computeMetric(metric, outcome.value);
  const key = `production${capitalised(metric)}`;
  measured[key] = finite(prod);
  evidence.production = { version, [metric]: finite(prod), rows: predictionCount(outcome.value) };
  if (prod === null) return fail(`${metric} is undefined for production version ${version} on these rows`);

  const gain = improvement(value, prod, greaterIsBetter, improvementKind);
  measured.improvement = finite(gain);
  measured.improvementKind = improvementKind;
  const passed = gain >= minImprovement - SLACK;
  const shown = !Number.isFinite(gain) ? (gain > 0 ? '+∞' : '−∞') : improvementKind === 'relative' ? `${finite(gain * 100, 3)}%` : String(finite(gain));
  const needed = improvementKind === 'relative' ? `${finite(minImprovement * 100, 3)}%` : String(minImprovement);
  const message = `${metric} ${finite(value)} vs production v${version} ${finite(prod)}: ${improvementKind} improvement ${shown} ${passed ? '≥' : '<'} required ${needed}`;
  return { name: 'performance', verdict: passed ? 'pass' : 'fail', measured, threshold, evidence, message };
}
