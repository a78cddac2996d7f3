import { describe, expect, it } from 'vitest';
import { fairnessCheck, MISSING_GROUP } from './fairness-check.js';
import { fairnessSchema, latencySchema, performanceSchema, safetySchema } from './gate-policy.schema.js';
import { latencyCheck } from './latency-check.js';
import type { Binary } from './metrics.js';
import { improvement, performanceCheck } from './performance-check.js';
import type { Predictions } from './predictions.js';
import { resourcesCheck } from './resources-check.js';
import { safetyCheck } from './safety-check.js';

const binary = (truth: Binary[], predicted: Binary[]): { ok: true; value: Predictions } => ({ ok: true, value: { task: 'binary', truth, predicted, scores: null } });
const regression = (truth: number[], predicted: number[]): { ok: true; value: Predictions } => ({ ok: true, value: { task: 'regression', truth, predicted } });
const data = { rowsEvaluated: 4, rowsDropped: 0 };

describe('performance check', () => {
  const policy = performanceSchema.parse({ metric: 'accuracy' });
  it('computes the improvement in the metric’s good direction', () => {
    expect(improvement(0.9, 0.8, true, 'relative')).toBeCloseTo(0.125, 12);
    expect(improvement(0.9, 0.8, true, 'absolute')).toBeCloseTo(0.1, 12);
    expect(improvement(0.5, 1.0, false, 'relative')).toBeCloseTo(0.5, 12);
    expect(improvement(0.1, 0, true, 'relative')).toBe(Infinity);
    expect(improvement(0, 0, true, 'relative')).toBe(0);
  });

  it('passes +1% relative and fails below it, with both values measured', () => {
    const better = performanceCheck(policy, { candidate: binary([1, 1, 0, 0], [1, 1, 0, 0]), production: { version: 4, outcome: binary([1, 1, 0, 0], [1, 0, 0, 0]) }, data });
    expect(better).toMatchObject({ verdict: 'pass', measured: { metric: 'accuracy', accuracy: 1, productionAccuracy: 0.75, improvement: 0.333333 } });
    expect(better.evidence).toMatchObject({ rowsEvaluated: 4, productionVersion: 4, candidate: { accuracy: 1, rows: 4 }, production: { version: 4, accuracy: 0.75 } });
    const same = performanceCheck(policy, { candidate: binary([1, 0], [1, 0]), production: { version: 1, outcome: binary([1, 0], [1, 0]) }, data });
    expect(same).toMatchObject({ verdict: 'fail', measured: { improvement: 0 } });
    expect(same.message).toMatch(/relative improvement 0% < required 1%/);
  });

  it('exact absolute thresholds pass despite float rounding; lower-is-better metrics invert', () => {
    const abs = performanceSchema.parse({ metric: 'rmse', minImprovement: 0.5, improvementKind: 'absolute' });
    const r = performanceCheck(abs, { candidate: regression([0, 0], [0.5, 0.5]), production: { version: 1, outcome: regression([0, 0], [1, 1]) }, data });
    expect(r).toMatchObject({ verdict: 'pass', threshold: { greaterIsBetter: false }, measured: { rmse: 0.5, productionRmse: 1, improvement: 0.5 } });
    const flipped = performanceSchema.parse({ metric: 'rmse', greaterIsBetter: true, minImprovement: 0 });
    expect(performanceCheck(flipped, { candidate: regression([0, 0], [0.5, 0.5]), production: { version: 1, outcome: regression([0, 0], [1, 1]) }, data }).verdict).toBe('fail');
  });

  it('fails with the reason when a model could not be evaluated or the metric is undefined', () => {
    const noProd = performanceCheck(policy, { candidate: binary([1], [1]), production: { version: 3, outcome: { ok: false, reason: 'input x missing' } }, data });
    expect(noProd).toMatchObject({ verdict: 'fail', measured: { accuracy: 1 }, message: expect.stringMatching(/production version 3 could not be evaluated .*input x missing/) });
    const noCand = performanceCheck(policy, { candidate: { ok: false, reason: 'boom' }, production: null, data });
    expect(noCand).toMatchObject({ verdict: 'fail', evidence: { error: 'the candidate could not be evaluated: boom' } });
    const f1 = performanceSchema.parse({ metric: 'precision' });
    expect(performanceCheck(f1, { candidate: binary([1, 0], [0, 0]), production: null, data }).message).toMatch(/precision is undefined/);
  });

  it('with nothing in production, only the floor applies', () => {
    const floor = performanceSchema.parse({ metric: 'accuracy', minValue: 0.8 });
    expect(performanceCheck(floor, { candidate: binary([1, 0, 1, 0], [1, 0, 1, 1]), production: null, data })).toMatchObject({ verdict: 'fail' });
    expect(performanceCheck(floor, { candidate: binary([1, 0], [1, 0]), production: null, data })).toMatchObject({ verdict: 'pass', evidence: { production: null } });
  });
});

describe('fairness check', () => {
  const rows = [
    ...Array.from({ length: 10 }, (_, i) => ({ island: 'A', i })),
    ...Array.from({ length: 10 }, (_, i) => ({ island: 'B', i })),
    { island: 'C' },
    { island: null },
  ];
  // A: 10/10 right; B: 8/10 right; C and missing: 1 row each.
  const truth: Binary[] = [...Array<Binary>(20).fill(1), 1, 0];
  const predicted: Binary[] = [...Array<Binary>(10).fill(1), ...Array<Binary>(8).fill(1), 0, 0, 0, 0];

  it('reports each group’s value and size, disparity = max − min over groups large enough', () => {
    const policy = fairnessSchema.parse({ groupColumns: ['island'], maxDisparity: 0.2, minGroupSize: 5 });
    const r = fairnessCheck(policy, binary(truth, predicted), rows);
    expect(r.verdict).toBe('pass');
    expect(r.measured).toEqual({ metric: 'accuracy', maxDisparity: 0.2, disparity: { island: 0.2 } });
    const groups = (r.evidence.columns as Record<string, { groups: unknown[] }>).island!.groups;
    expect(groups).toEqual([
      { group: MISSING_GROUP, size: 1, value: 1, included: false, reason: 'fewer than 5 rows' },
      { group: 'A', size: 10, value: 1, included: true },
      { group: 'B', size: 10, value: 0.8, included: true },
      { group: 'C', size: 1, value: 0, included: false, reason: 'fewer than 5 rows' },
    ]);
    expect(fairnessCheck({ ...policy, maxDisparity: 0.1 }, binary(truth, predicted), rows).verdict).toBe('fail');
  });

  it('fails when fewer than two groups can be compared, or the candidate could not run', () => {
    const policy = fairnessSchema.parse({ groupColumns: ['island'], minGroupSize: 11 });
    expect(fairnessCheck(policy, binary(truth, predicted), rows)).toMatchObject({ verdict: 'fail', message: expect.stringMatching(/fewer than two groups/) });
    expect(fairnessCheck(policy, { ok: false, reason: 'x' }, rows).verdict).toBe('fail');
    const recall = fairnessSchema.parse({ metric: 'recall', groupColumns: ['island'], minGroupSize: 1 });
    const r = fairnessCheck(recall, binary(truth, predicted), rows);
    const missing = (r.evidence.columns as Record<string, { groups: { group: string; reason?: string }[] }>).island!.groups[0];
    expect(missing).toMatchObject({ group: MISSING_GROUP, reason: 'recall is undefined for this group' });
  });
});

describe('safety, latency and resources checks', () => {
  it('safety: forbidden-output rate with the offending rows', () => {
    const policy = safetySchema.parse({ kind: 'forbidden-outputs', forbiddenOutputs: ['toxic', 3], maxUnsafeRate: 0.25 });
    const outcome = { ok: true as const, value: { labels: ['ok', 'toxic', 'ok', '3', 'toString'], rowIndices: [0, 2, 5, 7, 9], dropped: 1, dataset: {} } };
    const r = safetyCheck(policy, outcome);
    expect(r).toMatchObject({ verdict: 'fail', measured: { unsafeRate: 0.4, unsafe: 2, n: 5 } });
    expect(r.evidence).toMatchObject({ countsByOutput: { toxic: 1, '3': 1 }, examples: [{ row: 2, output: 'toxic' }, { row: 7, output: '3' }], rowsDropped: 1 });
  });

  it('latency: nearest-rank percentiles against the limit', () => {
    const policy = latencySchema.parse({ maxP99Ms: 5 });
    const sortedMs = Array.from({ length: 100 }, (_, i) => (i + 1) / 10);
    expect(latencyCheck(policy, { ok: true, value: { sortedMs, warmup: 3 } })).toMatchObject({ verdict: 'fail', measured: { p50Ms: 5, p95Ms: 9.5, p99Ms: 9.9, n: 100 } });
    expect(latencyCheck({ ...policy, maxP99Ms: 10 }, { ok: true, value: { sortedMs, warmup: 3 } }).verdict).toBe('pass');
  });

  it('resources: file size and peak memory, failing when memory could not be measured', () => {
    const memory = { ok: true as const, value: { baselineRss: 100, peakRss: 600, peakDeltaBytes: 500, samples: 4, intervalMs: 2 } };
    expect(resourcesCheck({ maxModelBytes: 1000 }, { modelBytes: 1001, memory })).toMatchObject({ verdict: 'fail', message: 'model file 1001 B > 1000 B' });
    expect(resourcesCheck({ maxModelBytes: 1000, maxPeakMemoryBytes: 500 }, { modelBytes: 10, memory })).toMatchObject({ verdict: 'pass', measured: { modelBytes: 10, peakMemoryBytes: 500 } });
    expect(resourcesCheck({ maxPeakMemoryBytes: 499 }, { modelBytes: 10, memory }).verdict).toBe('fail');
    expect(resourcesCheck({ maxPeakMemoryBytes: 499 }, { modelBytes: 10, memory: { ok: false, reason: 'load failed' } })).toMatchObject({ verdict: 'fail', message: expect.stringMatching(/load failed/) });
  });
});
