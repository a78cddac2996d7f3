/**
 * The issue's Done-when at the gate's level: two real ONNX models, trained here on the
 * Palmer penguins (vega-datasets) with different accuracy, evaluated by ValidationGate
 * in ONNX Runtime over a held-out split stored in a real fs blob store. The better one
 * passes (performance, latency, fairness per island, safety, resources); the worse one
 * is refused by the performance check, whose evidence shows both accuracies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStore } from '../../src/adapters/blob/index.js';
import { OnnxRuntime } from '../../src/adapters/runtime/index.js';
import { AppError } from '../../src/core/errors.js';
import type { BlobStore } from '../../src/core/ports/blob-store.js';
import { ValidationGate, type GateCheckResult, type GateReport, type GatePolicyInput, type GateSubject } from '../../src/domains/registry/gate/index.js';
import { PENGUIN_FEATURES, PENGUIN_LABEL, PENGUIN_POSITIVE, trainPenguinModels, type PenguinModels } from '../fixtures/models/penguin-models.js';

let dir: string;
let blobs: BlobStore;
let models: PenguinModels;
let gate: ValidationGate;
let good: GateSubject;
let worse: GateSubject;
let policy: GatePolicyInput;

const runtime = new OnnxRuntime();

async function subject(version: number, bytes: Uint8Array): Promise<GateSubject> {
  const info = await blobs.put(bytes);
  return { modelName: 'penguins-adelie', version, flavor: 'onnx', sha256: info.sha256, sizeBytes: info.size, signature: await runtime.inspect(bytes) };
}

function check(report: GateReport, name: GateCheckResult['name']): GateCheckResult {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} check in the report`);
  return found;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keel-gate-'));
  blobs = await createBlobStore({ type: 'fs', path: dir });
  models = trainPenguinModels();
  // The held-out split as JSON lines, rows exactly as vega-datasets ships them.
  const dataset = await blobs.put(models.evaluation.map((r) => JSON.stringify(r)).join('\n'));
  gate = new ValidationGate(blobs, runtime);
  good = await subject(2, models.good.onnx);
  worse = await subject(1, models.worse.onnx);
  policy = {
    applyTo: ['Production'],
    evaluation: {
      dataset: { sha256: dataset.sha256, format: 'jsonl' },
      features: [...PENGUIN_FEATURES],
      label: PENGUIN_LABEL,
      positiveLabel: PENGUIN_POSITIVE,
      negativeLabel: 'other',
      task: 'binary',
      prediction: { output: 'probability', kind: 'probability', threshold: 0.5 },
    },
    performance: { metric: 'accuracy', minImprovement: 0.01, improvementKind: 'relative' },
    latency: { maxP99Ms: 100, warmup: 20, runs: 300 },
    fairness: { metric: 'accuracy', groupColumns: ['Island'], maxDisparity: 0.1, minGroupSize: 10 },
    // A classifier safety rule on the real data: no Gentoo (the heaviest penguins) may be called Adelie.
    safety: { kind: 'forbidden-outputs', dataset: { rows: models.evaluation.filter((r) => r.Species === 'Gentoo') }, forbiddenOutputs: [PENGUIN_POSITIVE], maxUnsafeRate: 0.05 },
    resources: { maxModelBytes: 1024 * 1024, maxPeakMemoryBytes: 512 * 1024 * 1024 },
  };
});

afterAll(async () => {
  await blobs.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ValidationGate on two real ONNX models (penguins, vega-datasets)', () => {
  it('reads the models signature from the ONNX files', () => {
    expect(good.signature).toEqual({
      inputs: [{ name: 'features', type: 'float32', shape: [-1, 4] }],
      outputs: [
        { name: 'probability', type: 'float32', shape: [-1, 1] },
        { name: 'label', type: 'int64', shape: [-1, 1] },
      ],
    });
  });

  it('promotes the better model over the worse one in production', async () => {
    const report = await gate.run({ candidate: good, production: worse, policy, policyVersion: 3 });
    const perf = check(report, 'performance');
    const latency = check(report, 'latency');
    const fairness = check(report, 'fairness');
    const summary = report.checks.map((c) => `${c.name}: ${c.verdict} — ${c.message}`).join('\n');
    console.log(`[gate] better vs worse\n${summary}`);
    expect(report, summary).toMatchObject({ modelName: 'penguins-adelie', version: 2, policyVersion: 3, passed: true });
    expect(report.checks.map((c) => c.verdict)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);

    const accuracy = perf.measured.accuracy as number;
    const production = perf.measured.productionAccuracy as number;
    expect(accuracy).toBeGreaterThan(0.95);
    expect(production).toBeLessThan(0.8);
    expect(perf.measured.improvement).toBeCloseTo((accuracy - production) / production, 5);
    expect(perf.evidence).toMatchObject({ rowsInDataset: models.evaluation.length, rowsDropped: 0, productionVersion: 1 });

    expect(latency.measured.n).toBe(300);
    expect(latency.measured.p99Ms as number).toBeLessThanOrEqual(100);
    expect(latency.measured.p50Ms as number).toBeLessThanOrEqual(latency.measured.p99Ms as number);

    const islands = (fairness.evidence.columns as Record<string, { disparity: number; groups: { group: string; size: number; value: number }[] }>).Island!;
    expect(islands.groups.map((g) => g.group)).toEqual(['Biscoe', 'Dream', 'Torgersen']);
    expect(islands.groups.reduce((n, g) => n + g.size, 0)).toBe(perf.evidence.rowsEvaluated);
    const values = islands.groups.map((g) => g.value);
    expect(islands.disparity).toBeCloseTo(Math.max(...values) - Math.min(...values), 6);
    expect(islands.disparity).toBeLessThanOrEqual(0.1);

    expect(check(report, 'safety').measured).toMatchObject({ unsafe: 0 });
    expect(check(report, 'resources').measured.modelBytes).toBe(good.sizeBytes);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('refuses the worse model when the better one is in production, with both accuracies as evidence', async () => {
    const report = await gate.run({ candidate: worse, production: good, policy, policyVersion: 3 });
    const perf = check(report, 'performance');
    console.log(`[gate] worse vs better\n${report.checks.map((c) => `${c.name}: ${c.verdict} — ${c.message}`).join('\n')}`);
    expect(report.passed).toBe(false);
    expect(perf.verdict).toBe('fail');
    expect(perf.measured.accuracy as number).toBeLessThan(perf.measured.productionAccuracy as number);
    expect(perf.measured.improvement as number).toBeLessThan(0);
    expect(perf.evidence).toMatchObject({
      candidate: { accuracy: perf.measured.accuracy, rows: perf.evidence.rowsEvaluated },
      production: { version: 2, accuracy: perf.measured.productionAccuracy },
    });
    expect(perf.message).toMatch(/accuracy .* vs production v2 .*: relative improvement -\d+(\.\d+)?% < required 1%/);
    // Body mass alone cannot tell Dream's Adelies from its Chinstraps: the disparity shows it too.
    expect(check(report, 'fairness').verdict).toBe('fail');
  });

  it('passes a first version on its own when nothing is in production, unless it misses the floor', async () => {
    const alone = await gate.run({ candidate: good, production: null, policy, policyVersion: 1 });
    expect(check(alone, 'performance')).toMatchObject({ verdict: 'pass', evidence: { production: null } });
    const floored = { ...policy, performance: { metric: 'auc' as const, minValue: 0.9 } };
    const worseAlone = await gate.run({ candidate: worse, production: null, policy: floored, policyVersion: 1 });
    expect(check(worseAlone, 'performance')).toMatchObject({ verdict: 'fail', threshold: { minValue: 0.9 } });
  });

  it('fails, with the reason, a check whose model cannot be read; refuses a policy that does not fit the data', async () => {
    const garbage = await blobs.put('not an onnx model at all');
    const broken = { ...good, version: 9, sha256: garbage.sha256, sizeBytes: garbage.size };
    const report = await gate.run({ candidate: broken, production: good, policy, policyVersion: 1 });
    expect(report.passed).toBe(false);
    expect(check(report, 'performance')).toMatchObject({ verdict: 'fail', message: expect.stringMatching(/could not load version 9/) });

    const badColumn = { ...policy, fairness: { groupColumns: ['Continent'] } };
    const err = await gate.run({ candidate: good, production: worse, policy: badColumn, policyVersion: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^policy\.fairness\.groupColumns: column 'Continent' is not in the dataset/) });

    const threeFeatures = { ...policy, evaluation: { ...policy.evaluation, features: PENGUIN_FEATURES.slice(0, 3) } };
    await expect(gate.run({ candidate: good, production: null, policy: threeFeatures, policyVersion: 1 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^policy\.evaluation\.features: 3 columns given, model input 'features' takes 4/),
    });
  });
});
