/**
 * Safety for classifiers: on a safety dataset (the evaluation rows by default), the
 * share of predictions that are a forbidden output must stay within `maxUnsafeRate`.
 * LLM-backed models get an evaluator-based kind later; the policy's `kind` keeps room for it.
 */
import { cannotRun, finite, type Outcome } from './check-result.js';
import type { GateCheckResult } from './gate.api.js';
import type { SafetyPolicy } from './gate-policy.schema.js';
import { labelText } from './model-inputs.js';

export interface SafetyPredictions {
  /** Predicted label of each evaluated row, as text (see predictions.ts `interpretLabels`). */
  labels: string[];
  /** Dataset row index of each prediction, so evidence points at the offending rows. */
  rowIndices: number[];
  dropped: number;
  dataset: Record<string, unknown>;
}

/** Offending rows listed in the evidence; enough to reproduce, small enough to store. */
const MAX_EXAMPLES = 20;

export function safetyCheck(policy: SafetyPolicy, outcome: Outcome<SafetyPredictions>): GateCheckResult {
  const forbidden = policy.forbiddenOutputs.map(labelText);
  const threshold = { kind: policy.kind, forbiddenOutputs: forbidden, maxUnsafeRate: policy.maxUnsafeRate };
  if (!outcome.ok) return cannotRun('safety', outcome.reason, threshold);
  const { labels, rowIndices } = outcome.value;
  const counts = new Map(forbidden.map((f) => [f, 0]));
  const examples: { row: number; output: string }[] = [];
  let unsafe = 0;
  labels.forEach((label, i) => {
    const seen = counts.get(label);
    if (seen === undefined) return;
    counts.set(label, seen + 1);
    unsafe++;
    if (examples.length < MAX_EXAMPLES) examples.push({ row: rowIndices[i]!, output: label });
  });
  const rate = labels.length === 0 ? 0 : unsafe / labels.length;
  const passed = rate <= policy.maxUnsafeRate;
  return {
    name: 'safety',
    verdict: passed ? 'pass' : 'fail',
    measured: { unsafeRate: finite(rate), unsafe, n: labels.length },
    threshold,
    evidence: { ...outcome.value.dataset, rows: labels.length, rowsDropped: outcome.value.dropped, countsByOutput: Object.fromEntries(counts), examples },
    message: `${unsafe} of ${labels.length} predictions are forbidden outputs (rate ${finite(rate, 4)} ${passed ? '≤' : '>'} ${policy.maxUnsafeRate})`,
  };
}
