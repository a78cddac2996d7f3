import { describe, expect, it } from 'vitest';
import type { GatePolicyRecord } from '../../../../src/sdk/index.js';
import { keyMetric, policyMetric } from './key-metric.js';
import { parseModelRoute, versionPath } from './model-paths.js';

const metric = (key: string, value: number | null) => ({ key, value, step: 0, timestamp: 0 });
const policy = (doc: unknown): GatePolicyRecord => ({ name: 'm', policyVersion: 1, policy: doc, createdBy: 'a', createdAt: 1 });

describe('keyMetric', () => {
  it("prefers the gate policy's performance metric", () => {
    const v = { metrics: [metric('auc', 0.8), metric('accuracy', 0.9)] };
    expect(keyMetric(v, policyMetric(policy({ performance: { metric: 'auc' } })))).toEqual({ key: 'auc', value: 0.8 });
  });
  it('falls back to the first metric by name, and to nothing', () => {
    expect(keyMetric({ metrics: [metric('loss', 0.2), metric('accuracy', 0.9)] }, 'f1')).toEqual({ key: 'accuracy', value: 0.9 });
    expect(keyMetric({ metrics: [] })).toBeUndefined();
    expect(policyMetric(policy({ evaluation: {} }))).toBeUndefined();
    expect(policyMetric(null)).toBeUndefined();
  });
});

describe('parseModelRoute', () => {
  it('reads list, model and version pages', () => {
    expect(parseModelRoute('/models')).toEqual({ page: 'list' });
    expect(parseModelRoute('/models/churn%20v2')).toEqual({ page: 'model', name: 'churn v2' });
    expect(parseModelRoute(versionPath('pen.guins', 3))).toEqual({ page: 'version', name: 'pen.guins', version: 3 });
    expect(parseModelRoute('/models/x/versions/0')).toEqual({ page: 'unknown' });
    expect(parseModelRoute('/models/x/other')).toEqual({ page: 'unknown' });
    expect(parseModelRoute('/models/%E0%A4%A')).toEqual({ page: 'unknown' });
  });
});
