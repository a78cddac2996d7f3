/**
 * The ServingStore contract: SQLite beside the code, PostgreSQL in test/integration —
 * one query code path (Kysely), so both engines must agree on every case.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import type { Deployment, DeploymentConfig } from '../../../domains/serving/serving.schema.js';
import type { AuditEntry, PredictionRecord, ServingStore } from '../../../domains/serving/serving.store.js';

export interface ServingStoreHarness {
  store: ServingStore;
  cleanup(): Promise<void>;
}

const T0 = Date.UTC(2026, 10, 27, 10);

/** A direct deployment of iris@version, or an A/B test of it against version + 1, with every optional part filled. */
function deployment(name: string, revision: number, version: number, strategy: 'direct' | 'ab' = 'direct'): Deployment {
  const settings: DeploymentConfig['settings'] = { batching: { enabled: true, maxBatchSize: 32, maxLatencyMs: 1.5 }, cacheTtlSec: 0, timeoutMs: 2000, fallback: { kind: 'constant', outputs: { label: ['unknown'] } } };
  const processing: DeploymentConfig['processing'] = { columns: ['a', 'b', 'c', 'd'], scaling: { mean: [5.8, 3, 3.7, 1.2], std: [0.8, 0.4, 1.7, 0.7] }, argmax: { output: 'probabilities', labels: ['setosa', 'versicolor', 'virginica'] } };
  const config: DeploymentConfig =
    strategy === 'ab'
      ? { strategy, arms: [{ name: 'a', model: 'iris', version, weight: 0.5 }, { name: 'b', model: 'iris', version: version + 1, weight: 0.5 }], settings, processing, abKeyHeader: 'x-user-id' }
      : { strategy, arms: [{ name: 'primary', model: 'iris', version, weight: 1 }], settings, processing };
  return { name, revision, config, createdBy: 'ann', createdAt: T0, updatedAt: T0 + revision };
}

function audit(action: AuditEntry['action'], at: number, details: Record<string, unknown> = {}): AuditEntry {
  return { action, actor: 'ann', reason: action === 'deployment.rolled-back' ? 'bad canary' : null, at, details };
}

function prediction(requestId: string, overrides: Partial<PredictionRecord> = {}): PredictionRecord {
  return {
    requestId,
    deployment: 'iris',
    model: 'iris',
    version: 1,
    arm: 'a',
    inputs: '{"x":{"type":"float32","shape":[1,4],"data":[5.1,3.5,1.4,0.2]}}',
    outputs: '{"probabilities":{"type":"float32","shape":[1,3],"data":[0.9,0.05,0.05]}}',
    latencyMs: 0.125,
    status: 'ok',
    cached: false,
    at: T0,
    ...overrides,
  };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

export function runServingStoreContract(name: string, factory: () => Promise<ServingStoreHarness>): void {
  describe(`ServingStore contract: ${name}`, () => {
    let h: ServingStoreHarness;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('creates a deployment once, with its first revision and audit event', async () => {
      const d = deployment('iris', 1, 1);
      await h.store.createDeployment(d, audit('deployment.created', T0, { arms: ['primary=iris@1'] }));
      expect(await h.store.getDeployment('iris')).toEqual(d);
      expect(await h.store.getDeployment('nope')).toBeNull();
      expect((await rejection(h.store.createDeployment(deployment('iris', 1, 2), audit('deployment.created', T0 + 1)))).code).toBe('ALREADY_EXISTS');
      // The failed create left nothing behind.
      expect(await h.store.getDeployment('iris')).toEqual(d);
      expect(await h.store.listRevisions('iris')).toHaveLength(1);
      const events = await h.store.listAudit('iris');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ name: 'iris', action: 'deployment.created', revision: 1, actor: 'ann', reason: null, at: T0, details: { arms: ['primary=iris@1'] } });
    });

    it('stores revisions by compare-and-set on the current revision, newest first', async () => {
      await h.store.createDeployment(deployment('iris', 1, 1), audit('deployment.created', T0));
      const r2 = deployment('iris', 2, 2, 'ab');
      await h.store.updateDeployment(r2, 1, audit('deployment.updated', T0 + 2));
      // A writer that built on revision 1 too loses, and writes nothing.
      const stale = await rejection(h.store.updateDeployment(deployment('iris', 2, 3), 1, audit('deployment.updated', T0 + 3)));
      expect(stale.code).toBe('FAILED_PRECONDITION');
      expect(await h.store.getDeployment('iris')).toEqual(r2);
      expect((await h.store.listRevisions('iris')).map((d) => [d.revision, d.config.strategy, d.config.arms.map((a) => a.version)])).toEqual([
        [2, 'ab', [2, 3]],
        [1, 'direct', [1]],
      ]);
      const first = await h.store.getRevision('iris', 1);
      expect(first?.config).toEqual(deployment('iris', 1, 1).config);
      expect(first?.updatedAt).toBe(T0 + 1);
      expect(await h.store.getRevision('iris', 9)).toBeNull();
      expect((await h.store.listAudit('iris')).map((e) => [e.action, e.revision])).toEqual([
        ['deployment.created', 1],
        ['deployment.updated', 2],
      ]);
    });

    it('lists deployments by name and deletes one with its revisions, keeping the audit', async () => {
      await h.store.createDeployment(deployment('zeta', 1, 1), audit('deployment.created', T0));
      await h.store.createDeployment(deployment('alpha', 1, 1), audit('deployment.created', T0));
      expect((await h.store.listDeployments()).map((d) => d.name)).toEqual(['alpha', 'zeta']);
      expect(await h.store.deleteDeployment('zeta', audit('deployment.deleted', T0 + 5))).toBe(true);
      expect(await h.store.deleteDeployment('zeta', audit('deployment.deleted', T0 + 6))).toBe(false);
      expect((await h.store.listDeployments()).map((d) => d.name)).toEqual(['alpha']);
      expect(await h.store.listRevisions('zeta')).toEqual([]);
      expect((await h.store.listAudit('zeta')).map((e) => e.action)).toEqual(['deployment.created', 'deployment.deleted']);
      // The name is free again.
      await h.store.createDeployment(deployment('zeta', 1, 4), audit('deployment.created', T0 + 7));
      expect((await h.store.getDeployment('zeta'))?.config.arms[0]?.version).toBe(4);
    });

    it('appends predictions in batches, keeps the first answer for a reused request id, and round-trips every field', async () => {
      const rows = Array.from({ length: 1200 }, (_, i) => prediction(`r${i}`, { at: T0 + i, latencyMs: i / 8, cached: i % 2 === 0, status: i % 3 === 0 ? 'fallback' : 'ok' }));
      await h.store.appendPredictions(rows.slice(0, 500));
      await h.store.appendPredictions([...rows.slice(500), prediction('r1', { arm: 'b', outputs: '{}' })]);
      expect(await h.store.getPrediction('r1')).toEqual(rows[1]);
      expect(await h.store.getPrediction('r1199')).toEqual(rows[1199]);
      expect(await h.store.getPrediction('r0')).toEqual(rows[0]);
      expect(await h.store.getPrediction('missing')).toBeNull();
      await h.store.appendPredictions([]);
    });

    it('takes feedback by request id (the latest replaces the earlier) and counts rewards per arm', async () => {
      await h.store.appendPredictions([prediction('a1', { arm: 'a' }), prediction('a2', { arm: 'a' }), prediction('a3', { arm: 'a' }), prediction('b1', { arm: 'b' }), prediction('other', { deployment: 'other', arm: 'a' })]);
      await h.store.putFeedback({ requestId: 'a1', deployment: 'iris', label: null, reward: 0, at: T0 });
      await h.store.putFeedback({ requestId: 'a1', deployment: 'iris', label: '"setosa"', reward: 1, at: T0 + 1 });
      await h.store.putFeedback({ requestId: 'a2', deployment: 'iris', label: null, reward: 1, at: T0 });
      await h.store.putFeedback({ requestId: 'a3', deployment: 'iris', label: '"virginica"', reward: null, at: T0 });
      await h.store.putFeedback({ requestId: 'b1', deployment: 'iris', label: null, reward: 0, at: T0 });
      await h.store.putFeedback({ requestId: 'other', deployment: 'other', label: null, reward: 1, at: T0 });
      const outcomes = (await h.store.armOutcomes('iris')).sort((x, y) => x.arm.localeCompare(y.arm));
      // a3 has a label but no reward: it is no trial.
      expect(outcomes).toEqual([
        { arm: 'a', trials: 2, successes: 2 },
        { arm: 'b', trials: 1, successes: 0 },
      ]);
      expect(await h.store.armOutcomes('nobody')).toEqual([]);
    });
  });
}
