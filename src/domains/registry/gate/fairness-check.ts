/**
 * Fairness: the policy's metric computed per group of each protected column (e.g.
 * accuracy per island), and the disparity max − min across groups, which must stay
 * within `maxDisparity`. Groups smaller than `minGroupSize` or whose metric is
 * undefined (recall in a group with no positives) are listed but left out of the
 * disparity; a column left with fewer than two groups fails, since nothing was shown.
 */
import { cannotRun, finite, type Outcome } from './check-result.js';
import type { Row } from './evaluation-data.js';
import type { GateCheckResult } from './gate.api.js';
import type { FairnessPolicy } from './gate-policy.schema.js';
import { isMissing, labelText } from './model-inputs.js';
import { computeMetric, subsetPredictions, type Predictions } from './predictions.js';

/** The group name of a row whose protected attribute is absent: it is a group too, not silently dropped. */
export const MISSING_GROUP = '(missing)';

/** Rounding noise would otherwise fail a disparity that equals the limit exactly. */
const SLACK = 1e-12;

export interface GroupValue {
  group: string;
  size: number;
  value: number | null;
  included: boolean;
  reason?: string;
}

export interface ColumnFairness {
  disparity: number | null;
  groups: GroupValue[];
  passed: boolean;
  message: string;
}

export function groupIndices(rows: readonly Row[], column: string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const v = row[column];
    const key = isMissing(v) ? MISSING_GROUP : labelText(v);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(i);
  });
  return groups;
}

export function columnFairness(policy: FairnessPolicy, predictions: Predictions, rows: readonly Row[], column: string): ColumnFairness {
  const groups: GroupValue[] = [];
  for (const [group, indices] of [...groupIndices(rows, column)].sort(([a], [b]) => a.localeCompare(b))) {
    const value = computeMetric(policy.metric, subsetPredictions(predictions, indices));
    const small = indices.length < policy.minGroupSize;
    const reason = small ? `fewer than ${policy.minGroupSize} rows` : value === null ? `${policy.metric} is undefined for this group` : undefined;
    groups.push({ group, size: indices.length, value: finite(value), included: reason === undefined, ...(reason ? { reason } : {}) });
  }
  const counted = groups.filter((g) => g.included);
  if (counted.length < 2) {
    return { disparity: null, groups, passed: false, message: `${column}: fewer than two groups with ≥ ${policy.minGroupSize} rows and a defined ${policy.metric}` };
  }
  const values = counted.map((g) => g.value!);
  const max = Math.max(...values);
  const min = Math.min(...values);
  const disparity = max - min;
  const passed = disparity <= policy.maxDisparity + SLACK;
  const hi = counted.find((g) => g.value === max)!.group;
  const lo = counted.find((g) => g.value === min)!.group;
  return {
    disparity: finite(disparity),
    groups,
    passed,
    message: `${column}: ${policy.metric} ranges from ${finite(min, 4)} (${lo}) to ${finite(max, 4)} (${hi}), disparity ${finite(disparity, 4)} ${passed ? '≤' : '>'} ${policy.maxDisparity}`,
  };
}

/** `rows` are the evaluated rows, aligned with the predictions. */
export function fairnessCheck(policy: FairnessPolicy, predictions: Outcome<Predictions>, rows: readonly Row[]): GateCheckResult {
  const threshold = { metric: policy.metric, maxDisparity: policy.maxDisparity, minGroupSize: policy.minGroupSize };
  if (!predictions.ok) return cannotRun('fairness', `the candidate could not be evaluated: ${predictions.reason}`, threshold);
  const columns: Record<string, ColumnFairness> = {};
  for (const column of policy.groupColumns) columns[column] = columnFairness(policy, predictions.value, rows, column);
  const results = Object.values(columns);
  const disparities = results.map((c) => c.disparity).filter((d): d is number => d !== null);
  const passed = results.every((c) => c.passed);
  return {
    name: 'fairness',
    verdict: passed ? 'pass' : 'fail',
    measured: {
      metric: policy.metric,
      maxDisparity: disparities.length > 0 ? Math.max(...disparities) : null,
      disparity: Object.fromEntries(Object.entries(columns).map(([c, r]) => [c, r.disparity])),
    },
    threshold,
    evidence: { rows: rows.length, columns: Object.fromEntries(Object.entries(columns).map(([c, r]) => [c, { disparity: r.disparity, groups: r.groups }])) },
    message: results.map((r) => r.message).join('; '),
  };
}
