import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import { parseGatePolicy, type GatePolicyInput } from './gate-policy.schema.js';

const base: GatePolicyInput = {
  evaluation: {
    dataset: { sha256: 'a'.repeat(64) },
    features: ['x1', 'x2'],
    label: 'y',
    task: 'binary',
    prediction: { output: 'probability', kind: 'probability' },
  },
};

function violation(policy: unknown): AppError {
  try {
    parseGatePolicy(policy);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_ARGUMENT');
    return err as AppError;
  }
  throw new Error('the policy was accepted');
}

describe('gate policy schema', () => {
  it('fills the seed defaults: Production only, +1% relative, p99 ≤ 100 ms, disparity ≤ 0.1', () => {
    const p = parseGatePolicy({ ...base, performance: { metric: 'f1' }, latency: {}, fairness: { groupColumns: ['g'] } });
    expect(p.schemaVersion).toBe(1);
    expect(p.applyTo).toEqual(['Production']);
    expect(p.evaluation.prediction.threshold).toBe(0.5);
    expect(p.evaluation.missing).toBe('drop');
    expect(p.performance).toEqual({ metric: 'f1', minImprovement: 0.01, improvementKind: 'relative' });
    expect(p.latency).toEqual({ maxP99Ms: 100, warmup: 20, runs: 500 });
    expect(p.fairness).toEqual({ metric: 'accuracy', groupColumns: ['g'], maxDisparity: 0.1, minGroupSize: 10 });
  });

  it('names the path of an unknown metric', () => {
    const err = violation({ ...base, performance: { metric: 'balanced_accuracy' } });
    expect(err.message).toMatch(/^policy\.performance\.metric: /);
    expect(err.details?.fields?.[0]?.path).toBe('policy.performance.metric');
  });

  it('names the object holding an unknown field', () => {
    expect(violation({ ...base, latency: { maxP99ms: 50 } }).message).toMatch(/^policy\.latency: .*maxP99ms/);
    expect(violation({ ...base, extra: true }).message).toMatch(/^policy: .*extra/);
  });

  it('refuses metrics that do not fit the task or the prediction kind', () => {
    expect(violation({ ...base, performance: { metric: 'rmse' } }).message).toMatch(/^policy\.performance\.metric: rmse is a regression metric/);
    const labels = { ...base, evaluation: { ...base.evaluation, prediction: { output: 'label', kind: 'label' } } };
    expect(violation({ ...labels, performance: { metric: 'auc' } }).message).toMatch(/^policy\.performance\.metric: auc needs probabilities/);
    expect(violation({ ...labels, fairness: { metric: 'logloss', groupColumns: ['g'] } }).message).toMatch(/^policy\.fairness\.metric: /);
    const regression = { ...base, evaluation: { ...base.evaluation, task: 'regression', prediction: { output: 'y', kind: 'value' } } };
    expect(violation({ ...regression, performance: { metric: 'accuracy' } }).message).toMatch(/^policy\.performance\.metric: accuracy is not a regression metric/);
    expect(violation({ ...regression, safety: { kind: 'forbidden-outputs', forbiddenOutputs: [1] } }).message).toMatch(/^policy\.safety: /);
    expect(violation({ ...base, evaluation: { ...base.evaluation, prediction: { output: 'y', kind: 'value' } } }).message).toMatch(/^policy\.evaluation\.prediction\.kind: /);
  });

  it('checks the rest of the document', () => {
    expect(violation({ ...base, applyTo: ['Staging'] }).message).toMatch(/^policy\.applyTo: a gate always applies to Production/);
    expect(violation({ ...base, evaluation: { ...base.evaluation, dataset: { sha256: 'nope' } } }).message).toMatch(/^policy\.evaluation\.dataset/);
    expect(violation({ ...base, resources: {} }).message).toMatch(/^policy\.resources: set maxModelBytes/);
    expect(violation({ ...base, safety: { kind: 'llm-judge' } }).message).toMatch(/^policy\.safety\.kind/);
    expect(violation({ ...base, fairness: { groupColumns: [] } }).message).toMatch(/^policy\.fairness\.groupColumns/);
    expect(violation([]).message).toBe('policy must be a JSON object');
    const multi = { ...base, evaluation: { ...base.evaluation, task: 'multiclass' } };
    expect(violation(multi).message).toMatch(/^policy\.evaluation\.prediction\.classes: /);
  });
});
